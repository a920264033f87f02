// The trace (SPEC §4): the last pages shown in this browser session, newest last, each once (a page
// shown again moves to the end), kept in the session cookie quire_trace, as long as the site setting
// `breadcrumbs` says (0 hides it), and without the pages the viewer may no longer read.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, Client, createTestWiki, type TestWiki } from '../helpers/wiki.js';

let wiki: TestWiki;
let admin: Client;
let visitor: Client;

/** The trace of a page: each link's text and href, in order; null when the page shows no trace. */
function traceOf(body: string): { label: string; href: string }[] | null {
  const nav = /<nav class="trace"[^>]*>([\s\S]*?)<\/nav>/.exec(body)?.[1];
  if (nav === undefined) return null;
  return [...nav.matchAll(/<a href="([^"]+)" title="[^"]*">([^<]+)<\/a>/g)].map((m) => ({ label: m[2] ?? '', href: m[1] ?? '' }));
}

const hrefs = (body: string) => traceOf(body)?.map((crumb) => crumb.href) ?? null;

async function breadcrumbs(count: number): Promise<void> {
  await admin.get('/_/admin/config');
  const response = await admin.post('/_/admin/config', { title: 'Quire', lang: 'en', start: 'start', breadcrumbs: String(count) });
  expect(response.statusCode).toBe(303);
}

beforeAll(async () => {
  wiki = await createTestWiki({}, { policy: 'public' });
  admin = new Client(wiki.app);
  expect((await admin.login('admin', ADMIN_PASSWORD)).statusCode).toBe(303);
  for (const path of ['/a', '/ns/b', '/ns/c', '/ns/sub/d', '/e', '/f', '/hidden/plan']) {
    expect((await admin.savePage(path, `# Page ${path}\n\nText.\n`)).statusCode, path).toBe(303);
  }
  await admin.get('/_/admin/acl');
  expect((await admin.post('/_/admin/acl', { scope: 'hidden:*', subject: '@ALL', level: '0' })).statusCode).toBe(303);
});

afterAll(async () => wiki?.close());

beforeEach(async () => {
  visitor = new Client(wiki.app);
  await breadcrumbs(10);
});

describe('the trace', () => {
  it('lists the pages shown, newest last, in the layout with links', async () => {
    await visitor.get('/a');
    await visitor.get('/ns/b');
    const response = await visitor.get('/ns/c');
    expect(traceOf(response.body)).toEqual([
      { label: 'a', href: '/a' },
      { label: 'b', href: '/ns/b' },
      { label: 'c', href: '/ns/c' },
    ]);
    expect(response.body).toMatch(/<nav class="trace" aria-label="Trace">\s*<span class="trace__label">Trace:<\/span>/);
    expect(response.body.indexOf('class="trace"')).toBeLessThan(response.body.indexOf('class="you-are-here"'));
  });

  it('moves a page shown again to the end instead of repeating it', async () => {
    for (const path of ['/a', '/ns/b', '/ns/c', '/a']) await visitor.get(path);
    expect(hrefs((await visitor.get('/ns/b')).body)).toEqual(['/ns/c', '/a', '/ns/b']);
  });

  it('keeps the trace in a session cookie that scripts cannot read', async () => {
    const response = await visitor.get('/a');
    const cookie = response.cookies.find((c) => c.name === 'quire_trace');
    expect(cookie).toBeDefined();
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.expires).toBeUndefined();
    expect(cookie?.maxAge).toBeUndefined();
    expect(cookie?.path).toBe('/');
    // Showing the same page again changes nothing, so no new cookie is sent.
    expect((await visitor.get('/a')).cookies.find((c) => c.name === 'quire_trace')).toBeUndefined();
  });

  it.each([
    ['the editor', '/ns/b?do=edit'],
    ['the source', '/ns/b?do=source'],
    ['old revisions', '/ns/b?do=revisions'],
    ['an old revision', '/ns/b?rev=1'],
    ['backlinks', '/ns/b?do=backlink'],
    ['a missing page', '/ns/missing'],
    ['a hidden page', '/hidden/plan'],
    ['the search', '/_/search?q=text'],
    ['recent changes', '/_/recent'],
  ])('is shown but not moved on by %s', async (_name, url) => {
    await visitor.get('/a');
    const response = await visitor.get(url);
    expect(response.cookies.find((c) => c.name === 'quire_trace')).toBeUndefined();
    if (response.statusCode < 400 || response.statusCode === 404) expect(hrefs(response.body)).toEqual(['/a']);
    expect(hrefs((await visitor.get('/e')).body)).toEqual(['/a', '/e']);
  });

  it('follows the start page shown at /', async () => {
    await visitor.get('/a');
    expect(hrefs((await visitor.get('/')).body)).toEqual(['/a', '/start']);
  });

  it('keeps as many pages as the breadcrumbs setting says', async () => {
    await breadcrumbs(3);
    for (const path of ['/a', '/ns/b', '/ns/c', '/ns/sub/d']) await visitor.get(path);
    expect(hrefs((await visitor.get('/e')).body)).toEqual(['/ns/c', '/ns/sub/d', '/e']);
  });

  it('is hidden, and no cookie is set, when breadcrumbs is 0', async () => {
    await breadcrumbs(0);
    const response = await visitor.get('/a');
    expect(traceOf(response.body)).toBeNull();
    expect(response.cookies.find((c) => c.name === 'quire_trace')).toBeUndefined();
  });

  it('drops pages the viewer may no longer read', async () => {
    const reader = new Client(wiki.app);
    await admin.get('/a');
    await admin.get('/hidden/plan');
    reader.cookies.set('quire_trace', admin.cookies.get('quire_trace') ?? '');
    expect(reader.cookies.get('quire_trace')).toContain('hidden:plan');
    const response = await reader.get('/ns/b');
    expect(hrefs(response.body)).toEqual(['/a', '/ns/b']);
    expect(response.body).not.toContain('hidden:plan');
    expect(response.body).not.toContain('/hidden/');
    expect(reader.cookies.get('quire_trace')).not.toContain('hidden');
  });

  it('ignores what a forged cookie holds that is not a page', async () => {
    visitor.cookies.set('quire_trace', 'nothing:here|_/admin|<script>|a');
    const response = await visitor.get('/e');
    expect(response.statusCode).toBe(200);
    expect(hrefs(response.body)).toEqual(['/a', '/e']);
    expect(response.body).not.toContain('<script>|');
  });

  it('is not shown to the API', async () => {
    await visitor.get('/a');
    const response = await visitor.get('/_/api/v1/whoami');
    expect(response.body).not.toContain('trace');
  });
});
