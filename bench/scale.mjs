// The scale phase of the benchmark (`npm run bench -- --scale`): 10,000 pages with 100,000
// revisions written straight through the compiled page store and its links and search index steps, one
// transaction per batch, then the p99 latency of a search for common words and of the recent
// changes, measured with autocannon against `node dist/server.js` on that data.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { openDatabase } from '../dist/db.js';
import { createPageEvents } from '../dist/pages/events.js';
import { createPageStore } from '../dist/pages/store.js';
import { pageEventSteps } from '../dist/wiki.js';
import { createSearchIndex } from '../dist/finding/search-index.js';
import { randomSource } from './seed.mjs';
import { freePort, startFlags, startServer } from './server-process.mjs';

export const SCALE_TARGETS = { searchP99Ms: 20, recentP99Ms: 10 };

const NAMESPACES = 40;
const BATCH = 2000;
const WORDS = (
  'projet équipe réseau marché ville année société recherche données modèle service public ' +
  'croissance emploi formation élève université santé hôpital médecin énergie climat forêt ' +
  'rivière montagne village commune budget réforme conseil comité rapport enquête étude analyse ' +
  'résultat chiffre hausse baisse crise accord débat opinion nouveau grand petit important récent ' +
  'premier dernier national européen local numérique scientifique culturel social rapide ' +
  'difficile possible nécessaire présente annonce propose explique souligne rappelle prévoit ' +
  'confirme observe permet devient reste montre engage accompagne transforme renforce améliore'
).split(' ');
const GLUE = 'le la les un une des du de et dans sur pour par avec'.split(' ');
/** Words found in most pages: the search load asks for these. */
export const COMMON_WORDS = WORDS.slice(0, 20);
const AUTHORS = ['alice', 'bruno', 'chloe', 'david', null];

function pageIds(count) {
  return Array.from({ length: count }, (_, i) => `ns-${String(i % NAMESPACES).padStart(2, '0')}:${i % 7 === 0 ? 'archive:' : ''}page-${i}`);
}

/** A revision's text (~100 words, a heading, two links), its title and its links, without the renderer. */
function revisionText(random, ids, i, rev) {
  const title = `Page ${i} — ${random.pick(WORDS)}`;
  const sentence = () => {
    const words = Array.from({ length: random.int(8, 16) }, () => (random.next() < 0.4 ? random.pick(GLUE) : random.pick(WORDS)));
    return `${words.join(' ')}.`;
  };
  const links = [random.pick(ids), random.pick(ids)];
  const text = [
    `# ${title}`,
    '',
    `${sentence()} ${sentence()} Voir [[${links[0]}]].`,
    '',
    `## Révision ${rev}`,
    '',
    `${sentence()} ${sentence()} ${sentence()} Aussi [[${links[1]}]].`,
    '',
  ].join('\n');
  return { title, text, links: [...new Set(links)] };
}

/**
 * Writes `pages` pages and `revisions` revisions in all, round after round (every page's revision 2
 * comes after every page's revision 1, and so on), so that changes interleave over a year. The
 * search index's step joins for the last round only: the index then holds exactly what every
 * save would have left in it, written once per page instead of once per revision.
 */
export function generateScaleWiki(db, { pages: count, revisions, log = console.log }) {
  const store = createPageStore(db);
  const search = createSearchIndex(db);
  let indexing = false;
  const steps = pageEventSteps({ pages: store, searchIndex: search, redirects: null, pageRenderer: null, plugins: null });
  const links = steps.find((step) => step.name === 'links');
  store.useEvents(
    createPageEvents(
      [links, { name: 'search index', inTransaction: (change) => indexing && search.onPageChange(change) }],
      { error: (details, message) => log(message) },
    ),
  );
  // Bench data: losing it in a crash costs nothing, so skip the syncs.
  db.pragma('synchronous = OFF');
  const random = randomSource(20250613);
  const ids = pageIds(count);
  const rounds = Math.ceil(revisions / count);
  const step = Math.floor((365 * 24 * 3600 * 1000) / revisions);
  const start = Date.now() - revisions * step;
  let written = 0;
  const total = Math.min(revisions, rounds * count);
  const writeBatch = db.transaction((from, to) => {
    for (let n = from; n < to; n++) {
      const i = n % count;
      const rev = Math.floor(n / count) + 1;
      indexing = n >= total - count;
      const id = ids[i];
      const { title, text, links } = revisionText(random, ids, i, rev);
      const author = random.pick(AUTHORS);
      const outcome = store.save({
        id,
        text,
        baseRev: rev === 1 ? null : rev - 1,
        summary: rev === 1 ? 'Page créée' : `Révision ${rev}`,
        minor: rev > 1 && random.next() < 0.2,
        author,
        ip: author === null ? `192.0.2.${random.int(1, 254)}` : null,
        title,
        links,
        modified: start + n * step,
      });
      if (outcome.status !== 'saved') throw new Error(`generating ${id} rev ${rev}: ${outcome.status}`);
    }
  });
  for (let from = 0; from < total; from += BATCH) {
    writeBatch(from, Math.min(total, from + BATCH));
    written = Math.min(total, from + BATCH);
    if (written % 20_000 === 0 || written === total) log(`  ${written} / ${total} revisions`);
  }
  return { pages: count, revisions: written };
}

async function load(name, url, requests, connections, duration, warmup) {
  const options = { url, connections, ...(requests ? { requests } : {}) };
  await autocannon({ ...options, duration: warmup });
  const result = await autocannon({ ...options, duration });
  return {
    target: name,
    requestsPerSecond: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

async function expectPage(url, marker) {
  const response = await fetch(url);
  const body = await response.text();
  if (response.status !== 200 || !body.includes(marker)) throw new Error(`GET ${url} answered ${response.status} without ${JSON.stringify(marker)}`);
}

/**
 * Generates the wiki in its own temporary directory, serves it, measures, stops; returns the rows
 * measured (search for one common word, for 20 in turn, recent changes) and the generation time.
 */
export async function runScalePhase({ root, pages, revisions, connections, duration, warmup }) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-bench-scale-'));
  process.on('exit', () => fs.rmSync(dataDir, { recursive: true, force: true }));
  console.log(`\nScale: generating ${pages} pages and ${revisions} revisions into ${dataDir} …`);
  const started = Date.now();
  const db = openDatabase(dataDir);
  const generated = generateScaleWiki(db, { pages, revisions });
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const generationSeconds = (Date.now() - started) / 1000;
  console.log(`  done in ${generationSeconds.toFixed(1)} s (${Math.round(fs.statSync(path.join(dataDir, 'quire.sqlite')).size / 1e6)} MB)`);

  const server = await startServer({
    name: 'scale',
    script: path.join(root, 'dist/server.js'),
    nodeArgs: startFlags(root),
    cwd: root,
    port: await freePort(),
    env: { QUIRE_DATA: dataDir, LOG_LEVEL: 'warn', QUIRE_ADMIN_PASSWORD: 'bench-password-123' },
  });
  const word = COMMON_WORDS[0];
  const searchUrl = `${server.url}/_/search?q=${encodeURIComponent(word)}`;
  await expectPage(searchUrl, 'class="search-hit"');
  await expectPage(`${server.url}/_/recent`, 'class="wikilink recent__page"');
  const rotating = COMMON_WORDS.map((w) => ({ method: 'GET', path: `/_/search?q=${encodeURIComponent(w)}` }));
  const rows = [];
  for (const [name, url, requests] of [
    [`search "${word}"`, searchUrl, null],
    [`search ${COMMON_WORDS.length} words in turn`, server.url, rotating],
    ['recent changes', `${server.url}/_/recent`, null],
  ]) {
    console.log(`scale: ${name}: ${duration} s at ${connections} connection(s) …`);
    rows.push(await load(name, url, requests, connections, duration, warmup));
  }
  await server.stop();
  return { generated, generationSeconds, rows };
}
