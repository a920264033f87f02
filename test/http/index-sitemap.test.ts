// GET /_/index (SPEC §3): DokuWiki's sitemap — namespaces first, then pages, the opened namespace's
// path expanded, only what the reader may read — and GET /_/sitemap.xml, the sitemaps.org list of
// the pages anonymous visitors may read, with absolute URLs and lastmod.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexTree, type IndexNode } from '../../src/finding/page-index.js';
import { ADMIN_PASSWORD, Client, createTestWiki, type TestWiki } from '../helpers/wiki.js';
import { childrenNamed, childText, parseXml } from '../helpers/xml.js';
import { expectLayoutPage } from './support.js';

/** A tree as nested strings: 'ns/' for a namespace (with its children when open), 'name' for a page. */
function shape(nodes: IndexNode[]): unknown[] {
  return nodes.map((node) => (node.kind === 'page' ? node.name : node.open ? { [`${node.name}/`]: shape(node.children) } : `${node.name}/`));
}

describe('indexTree', () => {
  const ids = ['a:b:c', 'a:b:d', 'a:e', 'a', 'f:g', 'h', 'secret:x', 'mixed:open', 'mixed:secret:y', 'z:start'];
  const canRead = (id: string) => !id.includes('secret');

  it.each<[string, unknown[]]>([
    ['', ['a/', 'f/', 'mixed/', 'z/', 'a', 'h']],
    ['a', [{ 'a/': ['b/', 'e'] }, 'f/', 'mixed/', 'z/', 'a', 'h']],
    ['a:b', [{ 'a/': [{ 'b/': ['c', 'd'] }, 'e'] }, 'f/', 'mixed/', 'z/', 'a', 'h']],
    ['mixed', ['a/', 'f/', { 'mixed/': ['open'] }, 'z/', 'a', 'h']],
    ['secret', ['a/', 'f/', 'mixed/', 'z/', 'a', 'h']],
    ['nothing:here', ['a/', 'f/', 'mixed/', 'z/', 'a', 'h']],
  ])('open %j', (open, expected) => {
    expect(shape(indexTree(ids, open, canRead))).toEqual(expected);
  });
});

let wiki: TestWiki;
let admin: Client;
let anonymous: Client;

beforeAll(async () => {
  wiki = await createTestWiki({}, { policy: 'public' });
  admin = new Client(wiki.app);
  expect((await admin.login('admin', ADMIN_PASSWORD)).statusCode).toBe(303);
  for (const path of ['/team/alpha', '/team/sub/deep', '/team/zeta', '/other/page', '/hidden/plan', '/hidden/deeper/x', '/mixed/open', '/mixed/closed/x', '/élève']) {
    expect((await admin.savePage(path, `# ${path}\n\nText.\n`)).statusCode, path).toBe(303);
  }
  await admin.get('/_/admin/acl');
  for (const scope of ['hidden:*', 'mixed:closed:*']) {
    expect((await admin.post('/_/admin/acl', { scope, subject: '@ALL', level: '0' })).statusCode).toBe(303);
  }
  anonymous = new Client(wiki.app);
});

afterAll(async () => wiki?.close());

/** Names of the links of the index, in order, with '/' after a namespace. */
function entries(body: string): string[] {
  const main = body.slice(body.indexOf('<main'), body.indexOf('</main>'));
  return [...main.matchAll(/<li class="index-(ns|page)[^"]*"><a [^>]*>([^<]+)<\/a>/g)].map((m) => (m[1] === 'ns' ? `${m[2]}/` : (m[2] ?? '')));
}

describe('GET /_/index', () => {
  it('lists the root: namespaces first, then pages', async () => {
    const response = await anonymous.get('/_/index');
    expectLayoutPage(response, 200);
    expect(entries(response.body)).toEqual(['mixed/', 'other/', 'team/', 'wiki/', 'eleve', 'start']);
    expect(response.body).toContain('href="/_/index?ns=team"');
    expect(response.body).toContain('href="/eleve"');
  });

  it('opens a namespace and the path to it with ?ns=', async () => {
    const response = await anonymous.get('/_/index?ns=team:sub');
    expectLayoutPage(response, 200);
    expect(entries(response.body)).toEqual(['mixed/', 'other/', 'team/', 'sub/', 'deep', 'alpha', 'zeta', 'wiki/', 'eleve', 'start']);
    // An open namespace's link closes it (opens its parent).
    expect(response.body).toMatch(/<li class="index-ns index-ns--open"><a href="\/_\/index\?ns=team"[^>]*>sub<\/a>/);
    expect(response.body).toMatch(/<li class="index-ns index-ns--open"><a href="\/_\/index"[^>]*>team<\/a>/);
    expect(response.body).toContain('href="/team/sub/deep"');
  });

  it.each(['Team', 'team:', 'team:*', 'team/'])('reads ?ns=%s as the namespace team', async (ns) => {
    expect(entries((await anonymous.get(`/_/index?ns=${encodeURIComponent(ns)}`)).body)).toContain('zeta');
  });

  it('shows a namespace only when it holds a readable page', async () => {
    const body = (await anonymous.get('/_/index?ns=mixed')).body;
    expect(entries(body)).toEqual(['mixed/', 'open', 'other/', 'team/', 'wiki/', 'eleve', 'start']);
    expect(body).not.toContain('closed');
  });

  it('never shows a namespace the reader may not read, even when asked for it', async () => {
    for (const url of ['/_/index', '/_/index?ns=hidden', '/_/index?ns=hidden:deeper']) {
      const response = await anonymous.get(url);
      expect(response.statusCode).toBe(200);
      expect(entries(response.body)).not.toContain('hidden/');
      const main = response.body.slice(response.body.indexOf('<main'), response.body.indexOf('</main>'));
      expect(main).not.toContain('hidden');
      // The log-in link only echoes the URL asked for.
      expect(response.body).not.toMatch(/href="(?!\/_\/login\?)[^"]*hidden/);
      expect(response.body).not.toContain('plan');
    }
  });

  it('shows the admin everything', async () => {
    const body = (await admin.get('/_/index?ns=hidden')).body;
    expect(entries(body)).toContain('hidden/');
    expect(entries(body)).toContain('plan');
    expect(entries(body)).toContain('deeper/');
  });

  it('is in French for a French reader', async () => {
    await admin.get('/_/admin/config');
    const site = await admin.post('/_/admin/config', { title: 'Quire', lang: 'fr', start: 'start', breadcrumbs: '10' });
    expect(site.statusCode).toBe(303);
    const body = (await anonymous.get('/_/index')).body;
    expect(body).toContain('<html lang="fr">');
    expect(body).toContain('Plan du site');
    await admin.post('/_/admin/config', { title: 'Quire', lang: 'en', start: 'start', breadcrumbs: '10' });
  });
});

describe('GET /_/sitemap.xml', () => {
  it('lists the pages anonymous visitors may read, with absolute URLs from the request host and lastmod', async () => {
    const response = await admin.get('/_/sitemap.xml', { host: 'wiki.test:8080' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/xml; charset=utf-8');
    const urlset = parseXml(response.body);
    expect(urlset.name).toBe('urlset');
    expect(urlset.attributes.xmlns).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
    const urls = childrenNamed(urlset, 'url');
    expect(urls.map((url) => childText(url, 'loc'))).toEqual([
      'http://wiki.test:8080/eleve',
      'http://wiki.test:8080/mixed/open',
      'http://wiki.test:8080/other/page',
      'http://wiki.test:8080/start',
      'http://wiki.test:8080/team/alpha',
      'http://wiki.test:8080/team/sub/deep',
      'http://wiki.test:8080/team/zeta',
      'http://wiki.test:8080/wiki/syntax',
    ]);
    for (const url of urls) expect(childText(url, 'lastmod')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    // Even for the admin: a sitemap is for crawlers, who are anonymous.
    expect(response.body).not.toContain('hidden');
    expect(response.body).not.toContain('closed');
  });

  it('uses QUIRE_BASE_URL when it is set', async () => {
    const based = await createTestWiki({ QUIRE_BASE_URL: 'https://wiki.example.org/' }, { policy: 'public' });
    try {
      const response = await based.app.inject({ method: 'GET', url: '/_/sitemap.xml', headers: { host: 'elsewhere.test' } });
      const locs = childrenNamed(parseXml(response.body), 'url').map((url) => childText(url, 'loc'));
      expect(locs).toEqual(['https://wiki.example.org/start', 'https://wiki.example.org/wiki/syntax']);
    } finally {
      await based.close();
    }
  });

  it('is empty, and still well-formed, when anonymous visitors may read nothing', async () => {
    const closed = await createTestWiki({}, { policy: 'closed' });
    try {
      const response = await closed.app.inject({ method: 'GET', url: '/_/sitemap.xml' });
      expect(childrenNamed(parseXml(response.body), 'url')).toEqual([]);
    } finally {
      await closed.close();
    }
  });

  it('percent-encodes ids outside ASCII', async () => {
    await admin.savePage('/日本', '# 日本\n');
    const locs = childrenNamed(parseXml((await anonymous.get('/_/sitemap.xml')).body), 'url').map((url) => childText(url, 'loc'));
    expect(locs).toContain('http://localhost:80/%E6%97%A5%E6%9C%AC');
  });
});
