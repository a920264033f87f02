// GET /_/search (SPEC §3): accent- and case-insensitive full-text search, page-name matches first,
// snippets with <mark>, the search syntax, paging, and no trace of pages the reader may not read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, Client, createTestWiki, type TestWiki } from '../helpers/wiki.js';
import { expectLayoutPage, expectNoStackTrace } from './support.js';

let wiki: TestWiki;
let admin: Client;
let anonymous: Client;

const PAGES: Record<string, string> = {
  '/school/pupils': '# Les élèves\n\nUn élève studieux et une Élève brillante.\n\nNotre école aime le sport.\n',
  '/school/teachers': '# Teachers\n\nThe teachers meet every Monday. Un élève absent.\n',
  '/pub/markup': '# Markup\n\nLiteral <b>bold & more</b> in backticks: `kestrel <script>`.\n',
  '/pub/operators': '# Operators\n\nWords like NEAR, AND, OR and NOT, and a star * and (fnord brackets), title:colon.\n',
  '/hidden/plan': '# Secret plan\n\nThe zanzibar launch: un élève secret.\n',
  '/pupils-corner': '# Corner\n\nNothing about school here.\n',
};

beforeAll(async () => {
  wiki = await createTestWiki({}, { policy: 'public' });
  admin = new Client(wiki.app);
  expect((await admin.login('admin', ADMIN_PASSWORD)).statusCode).toBe(303);
  for (const [path, text] of Object.entries(PAGES)) expect((await admin.savePage(path, text)).statusCode, path).toBe(303);
  for (let n = 1; n <= 25; n++) {
    const id = String(n).padStart(2, '0');
    expect((await admin.savePage(`/bulk/item-${id}`, `# Item ${id}\n\nA quokka ${'quokka '.repeat(n)}lives here.\n`)).statusCode).toBe(303);
  }
  await admin.get('/_/admin/acl');
  expect((await admin.post('/_/admin/acl', { scope: 'hidden:*', subject: '@ALL', level: '0' })).statusCode).toBe(303);
  anonymous = new Client(wiki.app);
});

afterAll(async () => wiki?.close());

function search(client: Client, q: string, first?: number) {
  return client.get(`/_/search?q=${encodeURIComponent(q)}${first === undefined ? '' : `&first=${first}`}`);
}

/** The ids of the full-text hits, in the order shown. */
function hitIds(body: string): string[] {
  return [...body.matchAll(/<li class="search-hit">\s*<a class="wikilink search-hit__title" href="([^"]+)"/g)].map((m) =>
    decodeURIComponent(m[1] ?? '').slice(1).replaceAll('/', ':'),
  );
}

function pageNames(body: string): string[] {
  const section = /<section class="search-names"[\s\S]*?<\/section>/.exec(body)?.[0] ?? '';
  return [...section.matchAll(/<a class="wikilink" href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1] ?? '');
}

function totalOf(body: string): number {
  const count = /<p class="search-count">Results \d+–\d+ of (\d+)<\/p>/.exec(body);
  return count ? Number(count[1]) : 0;
}

describe('accents and case', () => {
  it.each(['eleve', 'élève', 'ÉLÈVE', 'Eleve', 'ELEVE'])('%s finds élève and Élève', async (q) => {
    const response = await search(anonymous, q);
    expectLayoutPage(response, 200);
    expect(hitIds(response.body).sort()).toEqual(['school:pupils', 'school:teachers']);
  });

  it('finds a title word with the page first (title hits weigh more)', async () => {
    const response = await search(anonymous, 'teachers');
    expect(hitIds(response.body)[0]).toBe('school:teachers');
  });
});

describe('search syntax', () => {
  it.each<[string, string[]]>([
    ['studieux', ['school:pupils']],
    ['eleve studieux', ['school:pupils']],
    ['"eleve studieux"', ['school:pupils']],
    ['"studieux eleve"', []],
    ['eleve -brillante', ['school:teachers']],
    ['eleve -"une élève"', ['school:teachers']],
    ['@school eleve', ['school:pupils', 'school:teachers']],
    ['ns:school eleve', ['school:pupils', 'school:teachers']],
    ['@pub eleve', []],
    ['-ns:school eleve', []],
    ['^school eleve', []],
    ['stud*', ['school:pupils']],
    ['eco*', ['school:pupils']],
    ['near', ['pub:operators']],
    ['NEAR', ['pub:operators']],
    ['AND OR NOT fnord', ['pub:operators']],
    ['"NEAR AND OR"', ['pub:operators']],
    ['title:colon', ['pub:operators']],
    ['(fnord)', ['pub:operators']],
    ['NEAR( fnord colon )', ['pub:operators']],
    ['NEAR(fnord zzz)', []],
    ['kestrel', ['pub:markup']],
  ])('%j finds %j', async (q, ids) => {
    const response = await search(anonymous, q);
    expectLayoutPage(response, 200);
    expect(hitIds(response.body).sort()).toEqual(ids);
    expect(totalOf(response.body)).toBe(ids.length);
  });

  it.each(['*', '"', '""', '(', ')', ':', '-', '^', '@', 'ns:', '"*"', 'NEAR(', 'AND', '* ( ) " :', '-"x', 'a"b"c'])(
    '%j never fails', async (q) => {
      const response = await search(anonymous, q);
      expect(response.statusCode).toBe(200);
      expectLayoutPage(response, 200);
      expectNoStackTrace(response.body);
    },
  );

  it.each(['', '   '])('an empty query %j shows the form and a message', async (q) => {
    const response = await search(anonymous, q);
    expectLayoutPage(response, 200);
    expect(response.body).toContain('Type the words to look for.');
    expect(response.body).toContain('name="q"');
  });

  it('a query of only syntax characters says so', async () => {
    const response = await search(anonymous, '* ( )');
    expect(response.body).toContain('Give at least one word to look for.');
  });

  it('a query longer than 500 characters is refused with a message, not an error', async () => {
    const response = await search(anonymous, 'élève '.repeat(100));
    expectLayoutPage(response, 400);
    expect(response.body).toContain('This search is too long: use at most 500 characters.');
    expectNoStackTrace(response.body);
    expect(hitIds(response.body)).toEqual([]);
  });

  it('a query of exactly 500 characters is searched', async () => {
    const q = `eleve ${'x'.repeat(494)}`;
    expect(q).toHaveLength(500);
    expectLayoutPage(await search(anonymous, q), 200);
  });

  it('a bad ?first= is a 400 naming the field', async () => {
    const response = await anonymous.get('/_/search?q=eleve&first=abc');
    expectLayoutPage(response, 400);
    expect(response.body).toContain('“first”');
  });
});

describe('results', () => {
  it('shows matching page names before the full-text hits', async () => {
    const response = await search(anonymous, 'pupils');
    expect(pageNames(response.body)).toEqual(['pupils-corner', 'school:pupils']);
    expect(response.body.indexOf('Matching pagenames')).toBeLessThan(response.body.indexOf('search-hits'));
  });

  it('matches page names accent-folded like ids', async () => {
    expect(pageNames((await search(anonymous, 'Púpils')).body)).toEqual(['pupils-corner', 'school:pupils']);
  });

  it('marks the hits in an escaped snippet', async () => {
    const response = await search(anonymous, 'studieux');
    expect(response.body).toMatch(/<p class="search-hit__snippet">[^<]*<mark>élève<\/mark> <mark>studieux<\/mark>|<mark>studieux<\/mark>/);
    const markup = await search(anonymous, 'kestrel');
    expect(markup.body).toContain('&lt;b&gt;bold &amp; more&lt;/b&gt;');
    expect(markup.body).toContain('<mark>kestrel</mark> &lt;script&gt;');
    expect(markup.body).not.toContain('<script>');
  });

  it('shows the title and the id of each hit', async () => {
    const response = await search(anonymous, 'studieux');
    expect(response.body).toMatch(/href="\/school\/pupils">Les élèves<\/a>\s*<span class="search-hit__id">school:pupils<\/span>/);
  });

  it('keeps the query in the search box', async () => {
    const response = await search(anonymous, 'élève "a <b>"');
    expect(response.body).toContain('value="élève &quot;a &lt;b&gt;&quot;"');
  });

  it('pages through the hits with &first=K', async () => {
    const first = await search(anonymous, 'quokka');
    expect(totalOf(first.body)).toBe(25);
    expect(hitIds(first.body)).toHaveLength(20);
    // More occurrences rank higher: item-25 holds "quokka" most often.
    expect(hitIds(first.body)[0]).toBe('bulk:item-25');
    expect(first.body).toContain('href="/_/search?q=quokka&amp;first=20"');
    const second = await search(anonymous, 'quokka', 20);
    expect(hitIds(second.body)).toHaveLength(5);
    expect(second.body).toContain('Results 21–25 of 25');
    expect(new Set([...hitIds(first.body), ...hitIds(second.body)]).size).toBe(25);
    expect(second.body).toContain('href="/_/search?q=quokka&amp;first=0"');
  });
});

describe('read permission (hidden:* @ALL 0)', () => {
  it('the admin finds the hidden page', async () => {
    const response = await search(admin, 'zanzibar');
    expect(hitIds(response.body)).toEqual(['hidden:plan']);
    expect(hitIds((await search(admin, 'eleve')).body)).toHaveLength(3);
  });

  it.each(['zanzibar', 'secret', 'plan', 'launch', '@hidden zanzibar', 'ns:hidden eleve', 'hidden', 'zanz*'])(
    'anonymous searching %j sees nothing of it, not even in the total',
    async (q) => {
      const response = await search(anonymous, q);
      expect(response.statusCode).toBe(200);
      expect(hitIds(response.body)).not.toContain('hidden:plan');
      expect(response.body).not.toContain('hidden:plan');
      expect(response.body).not.toContain('/hidden/plan');
      expect(response.body).not.toContain('zanzibar launch');
      expect(response.body).not.toContain('Secret plan');
      expect(pageNames(response.body)).not.toContain('hidden:plan');
    },
  );

  it('counts only readable hits', async () => {
    const response = await search(anonymous, 'eleve');
    expect(totalOf(response.body)).toBe(2);
    expect(response.body).toContain('Results 1–2 of 2');
  });
});

describe('the index follows every save in the same transaction', () => {
  it('finds new words, forgets old ones, and forgets deleted pages', async () => {
    expect(hitIds((await search(admin, 'wombat')).body)).toEqual([]);
    await admin.savePage('/pub/changing', '# Changing\n\nA wombat.\n');
    expect(hitIds((await search(admin, 'wombat')).body)).toEqual(['pub:changing']);
    await admin.savePage('/pub/changing', '# Changing\n\nA numbat.\n');
    expect(hitIds((await search(admin, 'wombat')).body)).toEqual([]);
    expect(hitIds((await search(admin, 'numbat')).body)).toEqual(['pub:changing']);
    await admin.savePage('/pub/changing', '');
    expect(hitIds((await search(admin, 'numbat')).body)).toEqual([]);
    expect(pageNames((await search(admin, 'changing')).body)).toEqual([]);
  });
});
