// Pages a reader may not read leave no trace (SPEC §5 "Permission is checked for every response
// that reveals a page or its name", §7): their text, title and ids stay out of every response,
// links to them are plain text, and asking for them answers the same whether they exist or not.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, Client, createTestWiki, type TestWiki } from '../helpers/wiki.js';

const SECRET_WORD = 'zanzibar-omega';
const SECRET_TITLE = 'Heading-Kestrel';
const READER = { login: 'reader', password: 'reader-password-1' };

// hidden:unlisted-quasar is named by no public page, so no search may ever show its name.
const HIDDEN_IDS = ['hidden:plan', 'hidden:other', 'hidden:nothing', 'hidden:unlisted-quasar'] as const;
const spellings = (id: string) => [id, id.replaceAll(':', '/')];
const HIDDEN_SPELLINGS = HIDDEN_IDS.flatMap(spellings);

/** Every GET action of a page (SPEC §3). */
const PAGE_ACTIONS = [
  '',
  '?do=source',
  '?do=edit',
  '?do=edit&rev=1',
  '?do=revisions',
  '?do=diff',
  '?do=diff&rev=1&rev2=1',
  '?do=backlink',
  '?do=export_raw',
  '?do=export_html',
  '?rev=1',
];

// Routes that list or search pages. A route not built yet answers 404; a built one keeps the secrets.
const SITE_ROUTES = [
  '/_/index',
  '/_/index?ns=hidden',
  '/_/recent',
  '/_/recent?ns=hidden',
  '/_/search?q=zanzibar',
  '/_/search?q=quasar',
  '/_/search?q=plan',
  '/_/search?q=%40hidden%20zanzibar',
  '/_/sitemap.xml',
  '/_/feed',
  '/_/feed?format=rss',
  '/_/api/v1/pages',
  '/_/api/v1/pages?ns=hidden',
  '/_/api/v1/search?q=zanzibar',
  '/_/api/v1/search?q=quasar',
  '/_/api/v1/search?q=plan',
  '/_/api/v1/recent',
  '/_/api/v1/pages/pub:target/backlinks',
];

/** Searches that find pub:links, whose text names the hidden pages in its links. */
const QUOTING_LINKS_PAGE = new Set(['/_/search?q=plan', '/_/api/v1/search?q=plan']);

const PUBLIC_PAGES = ['/', '/start', '/pub/links', '/pub/target'];

const LINKS_TEXT = [
  '# Links page',
  '',
  'Plain: [[hidden:plan]].',
  '',
  'Labelled: [[hidden:plan|Kestrel label]].',
  '',
  'Markdown: [see](hidden:plan).',
  '',
  'Other: [[hidden:other]]. Missing: [[hidden:nothing]]. Public: [[pub:target]].',
  '',
  'Reference: [by reference][ref]. Autolink: <hidden:plan>. Anchor: [[hidden:plan#intro]].',
  '',
  '## About [[hidden:other]]',
  '',
  '| table | cell |',
  '| --- | --- |',
  '| [[hidden:plan]] | [[hidden:nothing]] |',
  '',
  'Labelled missing: [[hidden:nothing|missing one]].',
  '',
  'Inline note^[footnote [[hidden:plan]]] and a reference note[^1].',
  '',
  '[^1]: referenced [[hidden:other]]',
  '',
  '[ref]: hidden:plan',
  '',
].join('\n');

const PLAN_TEXT = `# ${SECRET_TITLE}\n\nThe launch code is ${SECRET_WORD}.\n\nSee [[pub:target]].\n`;

/** The href values of a body, decoded; the log-in link only echoes the URL the visitor asked for. */
function hrefs(body: string): string[] {
  return [...body.matchAll(/\bhref="([^"]*)"/g)]
    .map((match) => match[1] ?? '')
    .filter((href) => !href.startsWith('/_/login?return_to='))
    .map((href) => {
      try {
        return decodeURIComponent(href.replaceAll('&amp;', '&'));
      } catch {
        return href;
      }
    });
}

/** Also with the markup taken out: a search snippet writes zanzibar<mark>-omega… */
function expectNoSecrets(body: string): void {
  for (const text of [body, body.replace(/<[^>]*>/g, '')]) {
    expect(text).not.toContain(SECRET_WORD);
    expect(text.toLowerCase()).not.toContain(SECRET_TITLE.toLowerCase());
  }
}

function expectNoHiddenHref(body: string): void {
  for (const href of hrefs(body)) {
    for (const spelling of HIDDEN_SPELLINGS) expect(href, `href ${href}`).not.toContain(spelling);
  }
  expect(body).not.toMatch(/<a\b[^>]*\bhref="[^"]*hidden[/:]/);
  expect(body).not.toMatch(/\btitle="hidden:/);
}

function expectNoHiddenIds(body: string): void {
  for (const spelling of HIDDEN_SPELLINGS) expect(body).not.toContain(spelling);
  expect(body).not.toContain('hidden%3Aplan');
  expect(body).not.toContain('hidden%2Fplan');
}

/** The part of a page between <main> and </main>: what the page itself shows. */
function mainOf(body: string): string {
  const start = body.indexOf('<main');
  const end = body.indexOf('</main>');
  return start < 0 ? body : body.slice(start, end < 0 ? undefined : end);
}

/** A denial for one hidden page, made comparable with another: the page name and the CSRF token blanked. */
function normalised(response: LightMyRequestResponse, name: string): string {
  return response.body
    .replaceAll(name, 'NAME')
    .replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value=""');
}

interface Viewer {
  name: 'anonymous' | 'reader';
  denied: 401 | 403;
  client: () => Client;
}

let wiki: TestWiki;
let admin: Client;
let reader: Client;
let anonymous: Client;
let readerToken = '';
let apiExists = false;

beforeAll(async () => {
  wiki = await createTestWiki({}, { policy: 'public' });
  admin = new Client(wiki.app);
  expect((await admin.login('admin', ADMIN_PASSWORD)).statusCode).toBe(303);

  for (const [path, text] of [
    ['/pub/target', '# Target\n\nA public page that a hidden page links to.\n'],
    ['/pub/movable', '# Movable\n\nA public page the reader tries to rename.\n'],
    ['/hidden/plan', PLAN_TEXT],
    ['/hidden/other', '# Other hidden page\n\nNothing to see.\n'],
    ['/hidden/unlisted-quasar', '# Quasar\n\nA quasar nobody links to.\n'],
    ['/pub/links', LINKS_TEXT],
  ] as const) {
    expect((await admin.savePage(path, text)).statusCode, path).toBe(303);
  }
  // A second revision so that diffs and ?rev=1 show an old version; its summary is secret too.
  const revised = await admin.savePage('/hidden/plan', `${PLAN_TEXT}\nRevised.\n`, { summary: `Mention ${SECRET_WORD}` });
  expect(revised.statusCode).toBe(303);

  await admin.get('/_/admin/acl');
  expect((await admin.post('/_/admin/acl', { scope: 'hidden:*', subject: '@ALL', level: '0' })).statusCode).toBe(303);

  await admin.get('/_/admin/users');
  const added = await admin.post('/_/admin/users', {
    login: READER.login,
    name: 'Plain Reader',
    email: '',
    password: READER.password,
    groups: '',
  });
  expect(added.statusCode).toBe(303);

  reader = new Client(wiki.app);
  expect((await reader.login(READER.login, READER.password)).statusCode).toBe(303);
  await reader.get('/_/profile');
  const created = await reader.post('/_/profile?do=token_create', { name: 'no-leaks' });
  readerToken = /<code class="new-token">([^<]+)<\/code>/.exec(created.body)?.[1] ?? '';
  expect(readerToken).not.toBe('');
  anonymous = new Client(wiki.app);
  apiExists = (await anonymous.get('/_/api/v1/whoami')).statusCode === 200;
});

afterAll(async () => wiki?.close());

const viewers: Viewer[] = [
  { name: 'anonymous', denied: 401, client: () => anonymous },
  { name: 'reader', denied: 403, client: () => reader },
];

describe('the set-up is real: an admin sees the hidden pages', () => {
  it('shows the hidden page with its title and text', async () => {
    const page = await admin.get('/hidden/plan');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(SECRET_WORD);
    expect(page.body).toContain(SECRET_TITLE);
    expect((await admin.get('/hidden/plan?do=source')).body).toContain(SECRET_WORD);
    expect((await admin.get('/hidden/plan?do=export_raw')).body).toContain(SECRET_WORD);
    expect((await admin.get('/hidden/nothing')).statusCode).toBe(404);
  });

  it('renders the links to hidden pages as links', async () => {
    const body = mainOf((await admin.get('/pub/links')).body);
    expect(body).toMatch(/<a href="\/hidden\/plan" class="wikilink" title="hidden:plan">hidden:plan<\/a>/);
    expect(body).toMatch(/<a href="\/hidden\/plan" class="wikilink"[^>]*>Kestrel label<\/a>/);
    expect(body).toMatch(/<a href="\/hidden\/plan" class="wikilink"[^>]*>see<\/a>/);
    expect(body).toMatch(/<a href="\/hidden\/nothing" class="wikilink-missing"/);
    expect(body).toMatch(/<a href="\/hidden\/plan" class="wikilink"[^>]*>by reference<\/a>/);
    expect(body).toMatch(/<a href="\/hidden\/plan#intro" class="wikilink"/);
    expect(body).toMatch(/<a href="\/hidden\/nothing" class="wikilink-missing"[^>]*>missing one<\/a>/);
  });

  it('lists the hidden page among the backlinks of the public page it links to', async () => {
    expect((await admin.get('/pub/target?do=backlink')).body).toContain('href="/hidden/plan"');
  });

  it('shows the secret summary in the revisions', async () => {
    expect((await admin.get('/hidden/plan?do=revisions')).body).toContain(SECRET_WORD);
  });

  // Routes still to be built answer 404; once built, an admin finds the hidden page through them.
  it.each(['/_/recent', '/_/search?q=zanzibar', '/_/index?ns=hidden'])('lists the hidden page at %s', async (url) => {
    const response = await admin.get(url);
    expect([200, 404]).toContain(response.statusCode);
    if (response.statusCode === 200) expect(response.body).toContain('href="/hidden/plan');
  });

  it('is refused to the others before any of the checks below run', async () => {
    expect((await anonymous.get('/hidden/plan')).statusCode).toBe(401);
    expect((await reader.get('/hidden/plan')).statusCode).toBe(403);
    expect((await reader.get('/pub/links')).body).toContain('Plain Reader');
  });
});

describe.each(viewers)('as $name', (viewer) => {
  describe('public pages', () => {
    const routes = PUBLIC_PAGES.flatMap((page) => PAGE_ACTIONS.map((action) => `${page}${action}`));

    it.each(routes)('GET %s reveals nothing hidden', async (url) => {
      const response = await viewer.client().get(url);
      expect(response.statusCode, url).toBeLessThan(500);
      expectNoSecrets(response.body);
      expectNoHiddenHref(response.body);
      // Only pub:links names the hidden pages, in the text its author wrote.
      if (!url.startsWith('/pub/links')) expectNoHiddenIds(response.body);
    });

    it.each(['/pub/links', '/pub/links?rev=1', '/pub/links?do=export_html'])('GET %s shows links to hidden pages as plain text', async (url) => {
      const response = await viewer.client().get(url);
      expect(response.statusCode).toBe(200);
      const body = mainOf(response.body);
      expect(body).toContain('Kestrel label');
      expect(body).not.toMatch(/<a\b[^>]*>\s*Kestrel label\s*<\/a>/);
      for (const label of ['see', 'by reference', 'missing one']) {
        expect(body).not.toMatch(new RegExp(`<a\\b[^>]*>\\s*${label}\\s*</a>`));
      }
      expect(body).not.toMatch(/<a\b[^>]*>\s*hidden:(plan|other|nothing)\s*<\/a>/);
      expect(body).not.toMatch(/class="wikilink(-missing)?"[^>]*title="hidden:/);
      // The public link next to them is still a link.
      expect(body).toMatch(/<a href="\/pub\/target" class="wikilink"/);
    });

    it('leaves the hidden page out of the backlinks of the public page it links to', async () => {
      const response = await viewer.client().get('/pub/target?do=backlink');
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('href="/pub/links"');
      expectNoHiddenIds(response.body);
    });
  });

  describe('hidden pages', () => {
    const routes = ['/hidden/plan', '/hidden/other', '/hidden/nothing'].flatMap((page) =>
      PAGE_ACTIONS.map((action) => `${page}${action}`),
    );

    it.each(routes)('GET %s is refused and reveals nothing', async (url) => {
      const response = await viewer.client().get(url);
      expect(response.statusCode).toBe(viewer.denied);
      expectNoSecrets(response.body);
      expectNoHiddenHref(response.body);
    });

    it.each(PAGE_ACTIONS)('GET /hidden/{plan,nothing}%s answers the same whether the page exists or not', async (action) => {
      const existing = await viewer.client().get(`/hidden/plan${action}`);
      const missing = await viewer.client().get(`/hidden/nothing${action}`);
      expect(existing.statusCode).toBe(viewer.denied);
      expect(missing.statusCode).toBe(existing.statusCode);
      expect(Math.abs(existing.body.length - missing.body.length)).toBeLessThanOrEqual(3 * 'nothing'.length);
      expect(normalised(existing, 'plan')).toBe(normalised(missing, 'nothing'));
      expect(existing.headers['content-type']).toBe(missing.headers['content-type']);
    });

    it.each([
      ['save', { text: 'Overwritten\n', summary: '', base_rev: '' }],
      ['preview', { text: 'Preview\n', summary: '', base_rev: '' }],
      ['delete', { summary: '' }],
      ['revert', { rev: '1' }],
      ['draft', { text: 'Draft\n' }],
      ['rename', { to: 'pub:moved', update_links: 'off' }],
    ] as const)('POST /hidden/{plan,nothing}?do=%s is refused the same way whether the page exists or not', async (action, form) => {
      const client = viewer.client();
      await client.get('/_/login');
      const existing = await client.post(`/hidden/plan?do=${action}`, form);
      const missing = await client.post(`/hidden/nothing?do=${action}`, form);
      // An action that does not exist yet (draft, rename) is a 400 before anything is looked up.
      const pending = action === 'draft' || action === 'rename';
      expect(pending ? [400, viewer.denied] : [viewer.denied]).toContain(existing.statusCode);
      expect(missing.statusCode).toBe(existing.statusCode);
      expect(normalised(existing, 'plan')).toBe(normalised(missing, 'nothing'));
      expectNoSecrets(existing.body);
    });

    it('GET /hidden/ (the namespace start page) is refused', async () => {
      const response = await viewer.client().get('/hidden/');
      expect(response.statusCode).toBe(viewer.denied);
      expectNoSecrets(response.body);
    });
  });

  if (viewer.name === 'reader') {
    it('previews links to hidden pages as plain text, existing or not', async () => {
      await reader.get('/pub/links?do=edit');
      const text = 'A [[hidden:plan]] B [[hidden:nothing]] C [[hidden:plan|label one]] D [[hidden:nothing|label one]]\n';
      const response = await reader.post('/pub/links?do=preview', { text, summary: '', base_rev: '' });
      expect(response.statusCode).toBe(200);
      expectNoSecrets(response.body);
      expectNoHiddenHref(response.body);
      expect(response.body).toContain('<p>A hidden:plan B hidden:nothing C label one D label one</p>');
    });

    it('cannot tell by renaming onto a hidden page whether it exists', async () => {
      await reader.get('/pub/movable');
      const form = { update_links: 'off' };
      const existing = await reader.post('/pub/movable?do=rename', { ...form, to: 'hidden:plan' });
      const missing = await reader.post('/pub/movable?do=rename', { ...form, to: 'hidden:nothing' });
      // 400 while rename is not built; then the target's create permission refuses both alike.
      expect([400, 403]).toContain(existing.statusCode);
      expect(missing.statusCode).toBe(existing.statusCode);
      expect(normalised(existing, 'plan')).toBe(normalised(missing, 'nothing'));
      expectNoSecrets(existing.body);
      expect((await reader.get('/pub/movable')).statusCode).toBe(200);
    });
  }

  it('keeps hidden pages out of the trace, even from a forged trace cookie', async () => {
    const client = new Client(wiki.app);
    for (const [name, value] of viewer.client().cookies) client.cookies.set(name, value);
    client.cookies.set('quire_trace', 'hidden:plan|hidden:nothing|hidden:unlisted-quasar|pub:target');
    const response = await client.get('/pub/links');
    expect(response.statusCode).toBe(200);
    expectNoHiddenHref(response.body);
    expectNoSecrets(response.body);
  });

  describe('site routes', () => {
    it.each(SITE_ROUTES)('GET %s reveals nothing hidden', async (url) => {
      const response = await viewer.client().get(url);
      expect([200, 404], url).toContain(response.statusCode);
      expectNoSecrets(response.body);
      expectNoHiddenHref(response.body);
      if (!QUOTING_LINKS_PAGE.has(url)) expectNoHiddenIds(response.body);
    });

    it.each(['', '/revisions', '/backlinks', '?rev=1', '?format=html'])(
      'GET /_/api/v1/pages/hidden:{plan,nothing}%s answers the same whether the page exists or not',
      async (suffix) => {
        const existing = await viewer.client().get(`/_/api/v1/pages/hidden:plan${suffix}`);
        const missing = await viewer.client().get(`/_/api/v1/pages/hidden:nothing${suffix}`);
        // The API ignores session cookies: the reader is anonymous there.
        expect(existing.statusCode).toBe(apiExists ? 401 : 404);
        expect(missing.statusCode).toBe(existing.statusCode);
        expect(normalised(existing, 'plan')).toBe(normalised(missing, 'nothing'));
        expectNoSecrets(existing.body);
      },
    );

    it.each(['hidden:plan', 'hidden:nothing'])('GET /doku.php?id=%s redirects without looking the page up', async (id) => {
      const response = await viewer.client().get(`/doku.php?id=${id}&do=source`);
      expect(response.statusCode).toBe(301);
      expect(response.headers.location).toBe(`/${id.replace(':', '/')}?do=source`);
    });
  });
});

describe('the API with the reader’s token', () => {
  const withToken = (url: string) => reader.get(url, { authorization: `Bearer ${readerToken}` });

  it('knows the reader', async () => {
    const response = await withToken('/_/api/v1/whoami');
    expect(response.statusCode).toBe(apiExists ? 200 : 404);
    if (apiExists) expect(JSON.parse(response.body)).toMatchObject({ login: READER.login });
  });

  it.each(SITE_ROUTES.filter((url) => url.startsWith('/_/api/')))('GET %s reveals nothing hidden', async (url) => {
    const response = await withToken(url);
    expect([200, 404], url).toContain(response.statusCode);
    expectNoSecrets(response.body);
    if (!QUOTING_LINKS_PAGE.has(url)) expectNoHiddenIds(response.body);
  });

  it.each(['', '/revisions', '/backlinks', '?rev=1', '?format=html'])(
    'GET /_/api/v1/pages/hidden:{plan,nothing}%s is 403 whether the page exists or not',
    async (suffix) => {
      const existing = await withToken(`/_/api/v1/pages/hidden:plan${suffix}`);
      const missing = await withToken(`/_/api/v1/pages/hidden:nothing${suffix}`);
      expect(existing.statusCode).toBe(apiExists ? 403 : 404);
      expect(missing.statusCode).toBe(existing.statusCode);
      expect(normalised(existing, 'plan')).toBe(normalised(missing, 'nothing'));
      expectNoSecrets(existing.body);
    },
  );

  it.each([
    ['PUT', { text: 'Overwritten\n' }],
    ['DELETE', undefined],
  ] as const)('%s /_/api/v1/pages/hidden:{plan,nothing} is refused the same way', async (method, payload) => {
    const send = (id: string) =>
      wiki.app.inject({
        method,
        url: `/_/api/v1/pages/${id}`,
        headers: { authorization: `Bearer ${readerToken}` },
        ...(payload ? { payload } : {}),
      });
    const existing = await send('hidden:plan');
    const missing = await send('hidden:nothing');
    expect(apiExists ? [403] : [404]).toContain(existing.statusCode);
    expect(missing.statusCode).toBe(existing.statusCode);
    expect(normalised(existing, 'plan')).toBe(normalised(missing, 'nothing'));
    expect((await admin.get('/hidden/plan?do=export_raw')).body).toContain(SECRET_WORD);
  });
});
