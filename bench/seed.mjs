// Fills a data directory for the benchmark: ~1,000 generated French-looking pages in 20
// namespaces, linked to each other, plus the article under test with a few revisions. Pages are
// written through the wiki's own save path (createWiki → editing.save), as the server would
// write them: indexed for search, links recorded.
import { createWiki } from '../dist/wiki.js';

export const ARTICLE_ID = 'elsenews:spot-2025:06:chief-ai-officer';

const NAMESPACES = [
  'actualites', 'culture', 'economie', 'sciences', 'sport', 'politique', 'sante', 'education',
  'environnement', 'technologie', 'histoire', 'geographie', 'cuisine', 'voyages', 'musique',
  'cinema', 'litterature', 'droit', 'agriculture', 'elsenews',
];

const WORDS = (
  'le la les un une des du de et ou mais donc car dans sur sous avec sans pour par entre vers ' +
  'entreprise région projet réseau marché équipe ville année gouvernement société recherche ' +
  'développement politique économie données modèle service public privé croissance emploi ' +
  'formation élève université santé hôpital médecin patient énergie climat forêt rivière ' +
  'montagne village commune département budget réforme loi décret ministère conseil comité ' +
  'rapport enquête étude analyse résultat chiffre hausse baisse crise accord débat opinion ' +
  'nouveau grand petit important récent ancien premier dernier national européen local ' +
  'numérique scientifique culturel social rapide difficile possible nécessaire ' +
  'présente annonce propose explique souligne rappelle prévoit confirme observe permet ' +
  'devient reste montre engage accompagne transforme renforce améliore finance organise'
).split(' ');

/** A small seeded PRNG (mulberry32), so every run writes the same wiki. */
export function randomSource(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min, max) => min + Math.floor(next() * (max - min + 1));
  const pick = (list) => list[int(0, list.length - 1)];
  return { next, int, pick };
}

function capitalise(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The generated page ids: 50 per namespace; elsenews gets dated sub-namespaces like the article. */
function pageIds(total) {
  const perNamespace = Math.ceil(total / NAMESPACES.length);
  const ids = [];
  for (const ns of NAMESPACES) {
    for (let i = 1; i <= perNamespace && ids.length < total; i++) {
      if (ns === 'elsenews') ids.push(`elsenews:spot-2025:${String((i % 12) + 1).padStart(2, '0')}:article-${i}`);
      else ids.push(i === 1 ? `${ns}:start` : `${ns}:page-${i}`);
    }
  }
  // The article links to these two; make them exist so its links are ordinary "exists" links.
  ids.push('elsenews:spot-2025:05:ia-act-calendrier', 'elsenews:spot-2025:06:start');
  return ids;
}

function generateText(random, ids, title) {
  const words = (n) => Array.from({ length: n }, () => random.pick(WORDS)).join(' ');
  const sentence = () => `${capitalise(words(random.int(8, 18)))}.`;
  const link = () => {
    const target = random.next() < 0.1 ? `${random.pick(NAMESPACES)}:page-manquante-${random.int(1, 99)}` : random.pick(ids);
    return random.next() < 0.5 ? `[[${target}]]` : `[[${target}|${words(random.int(1, 3))}]]`;
  };
  const paragraph = () =>
    Array.from({ length: random.int(3, 6) }, () => (random.next() < 0.3 ? `${sentence()} Voir ${link()}.` : sentence())).join(' ');
  const parts = [`# ${title}`, '', paragraph(), ''];
  for (let s = 0, sections = random.int(2, 4); s < sections; s++) {
    parts.push(`## ${capitalise(words(random.int(2, 5)))}`, '', paragraph(), '');
    if (random.next() < 0.6) {
      for (let i = 0, items = random.int(3, 6); i < items; i++) parts.push(`- ${words(random.int(3, 8))} ${random.next() < 0.4 ? link() : ''}`.trimEnd());
      parts.push('');
    }
    if (random.next() < 0.5) parts.push(`**${capitalise(words(3))}** : ${paragraph()}`, '');
  }
  return parts.join('\n');
}

/** Writes the wiki into `db`; logs a progress line every 200 pages. Returns the number of pages saved. */
export function seedWiki(db, { pages: total = 1000, article, log = console.log } = {}) {
  const { pages: store, editing } = createWiki(db);
  const random = randomSource(20250612);
  const ids = pageIds(total);
  const save = (id, text, summary, baseRev = store.meta(id)?.rev ?? null) => {
    const outcome = editing.save({ id, text, baseRev, summary, minor: false, author: 'bench', ip: '127.0.0.1' });
    if (outcome.status !== 'saved') throw new Error(`seeding ${id}: ${outcome.status}`);
  };

  ids.forEach((id, index) => {
    save(id, generateText(random, ids, capitalise(id.split(':').pop().replace(/-/g, ' '))), 'Page générée');
    if ((index + 1) % 200 === 0) log(`  seeded ${index + 1} / ${ids.length} pages`);
  });

  // The article under test, with a history: a first draft, a correction, then the final text.
  const paragraphs = article.split('\n\n');
  save(ARTICLE_ID, paragraphs.slice(0, 4).join('\n\n'), 'Premier jet');
  save(ARTICLE_ID, paragraphs.slice(0, -2).join('\n\n').replace('Chief AI Officer', 'Chief AI Oficer'), 'Suite de l’article');
  save(ARTICLE_ID, article, 'Version publiée');
  log(`  seeded ${ids.length + 1} pages (the article has ${store.countRevisions(ARTICLE_ID)} revisions)`);
  return ids.length + 1;
}
