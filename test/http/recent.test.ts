// GET /_/recent and GET /_/feed (SPEC §3): every change newest first with its type, author, summary,
// size change and links, the ns/minor filters and paging; the feed as well-formed Atom and RSS with
// absolute links; and nothing of a page the reader may not read, in the list, its paging or a feed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPageStore } from '../../src/pages/store.js';
import { ADMIN_PASSWORD, Client, createTestWiki, type TestWiki } from '../helpers/wiki.js';
import { childrenNamed, childText, parseXml, type XmlElement } from '../helpers/xml.js';
import { expectLayoutPage } from './support.js';

let wiki: TestWiki;
let admin: Client;
let anonymous: Client;

/** One row of the list: the page id and the type label, in the order shown. */
function rows(body: string): { id: string; type: string }[] {
  return [...body.matchAll(/<a class="wikilink recent__page" href="[^"]*">([^<]+)<\/a>\s*<span class="revision__type revision__type--\w+">([^<]+)<\/span>/g)].map(
    (m) => ({ id: m[1] ?? '', type: m[2] ?? '' }),
  );
}

const idsOf = (body: string) => rows(body).map((row) => row.id);
/** A new wiki starts with two changes: the shipped start and wiki:syntax pages. */
const SEEDED = 2;

beforeAll(async () => {
  wiki = await createTestWiki({}, { policy: 'public' });
  admin = new Client(wiki.app);
  expect((await admin.login('admin', ADMIN_PASSWORD)).statusCode).toBe(303);
  const steps: [string, string, Record<string, string>][] = [
    ['/team/alpha', 'First version.\n', { summary: 'first draft' }],
    ['/team/alpha', 'First version, longer now.\n', { summary: 'more words' }],
    ['/team/alpha', 'First version, longer now!\n', { summary: 'typo', minor: 'on' }],
    ['/team/beta', 'Beta page.\n', { summary: 'beta <b>bold</b> & co' }],
    ['/other/gamma', 'Gamma.\n', { summary: '' }],
    ['/hidden/plan', 'The zanzibar plan.\n', { summary: 'secret summary kestrel' }],
  ];
  for (const [path, text, extra] of steps) expect((await admin.savePage(path, text, extra)).statusCode, path).toBe(303);
  await admin.get('/team/beta?do=delete');
  expect((await admin.post('/team/beta?do=delete', { summary: 'no longer needed' })).statusCode).toBe(303);
  await admin.get('/team/alpha?do=revisions');
  expect((await admin.post('/team/alpha?do=revert', { rev: '1' })).statusCode).toBe(303);
  const store = createPageStore(wiki.db);
  store.save({ id: 'other:imported', text: 'From elsewhere.\n', baseRev: null, summary: 'imported page', minor: false, author: null, ip: null, title: null, links: [], type: 'import' });
  expect(store.rename({ from: 'other:gamma', to: 'other:delta', text: 'Gamma.\n', summary: 'better name', author: 'admin', ip: null, title: null, links: [] }).status).toBe('renamed');
  await admin.get('/_/admin/acl');
  expect((await admin.post('/_/admin/acl', { scope: 'hidden:*', subject: '@ALL', level: '0' })).statusCode).toBe(303);
  anonymous = new Client(wiki.app);
});

afterAll(async () => wiki?.close());

describe('GET /_/recent', () => {
  it('lists every change newest first with its type', async () => {
    const response = await admin.get('/_/recent');
    expectLayoutPage(response, 200);
    expect(rows(response.body).slice(0, 9)).toEqual([
      { id: 'other:delta', type: 'renamed' },
      { id: 'other:imported', type: 'imported' },
      { id: 'team:alpha', type: 'restored' },
      { id: 'team:beta', type: 'deleted' },
      { id: 'hidden:plan', type: 'created' },
      { id: 'other:delta', type: 'created' },
      { id: 'team:beta', type: 'created' },
      { id: 'team:alpha', type: 'minor edit' },
      { id: 'team:alpha', type: 'edited' },
    ]);
    expect(rows(response.body)[9]).toEqual({ id: 'team:alpha', type: 'created' });
  });

  it('shows author, summary (escaped), size change and links to the diff and the revisions', async () => {
    const body = (await admin.get('/_/recent')).body;
    expect(body).toContain('<span class="revision__author">admin</span>');
    expect(body).toContain('<span class="revision__summary">beta &lt;b&gt;bold&lt;/b&gt; &amp; co</span>');
    expect(body).toContain('<span class="revision__summary">more words</span>');
    expect(body).toMatch(/revision__delta--plus">\+12 B<\/span>/);
    expect(body).toContain('href="/team/alpha?do=diff&amp;rev=1&amp;rev2=2"');
    expect(body).toContain('href="/team/alpha?do=revisions"');
    expect(body).toContain('href="/team/alpha?rev=4"');
    expect(body).toContain('(external edit)');
  });

  it('hides minor edits with ?minor=0', async () => {
    const all = rows((await admin.get('/_/recent')).body);
    const major = rows((await admin.get('/_/recent?minor=0')).body);
    expect(all.some((row) => row.type === 'minor edit')).toBe(true);
    expect(major.some((row) => row.type === 'minor edit')).toBe(false);
    expect(major).toHaveLength(all.length - 1);
    expect((await admin.get('/_/recent?minor=0')).body).toMatch(/<input type="checkbox" name="minor" value="0" checked>/);
  });

  it.each([
    ['team', ['team:alpha', 'team:beta', 'team:beta', 'team:alpha', 'team:alpha', 'team:alpha']],
    ['Team', ['team:alpha', 'team:beta', 'team:beta', 'team:alpha', 'team:alpha', 'team:alpha']],
    ['other', ['other:delta', 'other:imported', 'other:delta']],
    ['nothing', []],
    ['tea', []],
  ])('filters by namespace with ?ns=%s', async (ns, ids) => {
    const response = await admin.get(`/_/recent?ns=${ns}`);
    expectLayoutPage(response, 200);
    expect(idsOf(response.body)).toEqual(ids);
  });

  it('a bad ?first= is a 400 naming the field', async () => {
    const response = await admin.get('/_/recent?first=-1');
    expectLayoutPage(response, 400);
    expect(response.body).toContain('“first”');
  });

  it('leaves out what anonymous visitors may not read', async () => {
    const body = (await anonymous.get('/_/recent')).body;
    expect(idsOf(body)).not.toContain('hidden:plan');
    expect(idsOf(body)).toHaveLength(9 + SEEDED);
    expect(body).not.toContain('kestrel');
    expect(body).not.toContain('hidden/plan');
    expect(idsOf((await anonymous.get('/_/recent?ns=hidden')).body)).toEqual([]);
  });
});

describe('paging through /_/recent', () => {
  let paged: TestWiki;

  beforeAll(async () => {
    paged = await createTestWiki({}, { policy: 'public' });
    const store = createPageStore(paged.db);
    const save = (id: string, text: string, modified: number) => {
      const outcome = store.save({ id, text, baseRev: store.meta(id)?.rev ?? null, summary: `change of ${id}`, minor: false, author: 'someone', ip: null, title: null, links: [], modified });
      expect(outcome.status).toBe('saved');
    };
    // 25 public changes, then 30 hidden ones that are newer than all of them.
    const start = Date.now() + 60_000;
    for (let n = 0; n < 25; n++) save(`pub:p${String(n).padStart(2, '0')}`, `text ${n}\n`, start + n);
    for (let n = 0; n < 30; n++) save(`hidden:h${n}`, `secret ${n}\n`, start + 100 + n);
    const admin = new Client(paged.app);
    await admin.login('admin', ADMIN_PASSWORD);
    await admin.get('/_/admin/acl');
    expect((await admin.post('/_/admin/acl', { scope: 'hidden:*', subject: '@ALL', level: '0' })).statusCode).toBe(303);
  });

  afterAll(async () => paged?.close());

  it('pages by 20 over the readable changes only', async () => {
    const client = new Client(paged.app);
    const first = await client.get('/_/recent');
    expect(idsOf(first.body)).toEqual(Array.from({ length: 20 }, (_, i) => `pub:p${String(24 - i).padStart(2, '0')}`));
    expect(first.body).toContain('href="/_/recent?first=20"');
    expect(first.body).not.toContain('← newer');
    const second = await client.get('/_/recent?first=20');
    expect(idsOf(second.body).slice(0, 5)).toEqual(['pub:p04', 'pub:p03', 'pub:p02', 'pub:p01', 'pub:p00']);
    expect(second.body).not.toContain('hidden:');
    expect(second.body).toContain('href="/_/recent"');
  });

  it('keeps the filters in the paging links', async () => {
    const body = (await new Client(paged.app).get('/_/recent?ns=pub&minor=0')).body;
    expect(body).toContain('href="/_/recent?ns=pub&amp;minor=0&amp;first=20"');
  });
});

function feedOf(body: string): XmlElement {
  return parseXml(body);
}

describe('GET /_/feed', () => {
  it('is a well-formed Atom feed of the readable changes, newest first, with absolute links', async () => {
    const response = await anonymous.get('/_/feed', { host: 'wiki.test:8080' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const feed = feedOf(response.body);
    expect(feed.name).toBe('feed');
    expect(feed.attributes.xmlns).toBe('http://www.w3.org/2005/Atom');
    expect(childText(feed, 'title')).toContain('Recent changes');
    expect(childText(feed, 'updated')).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(childrenNamed(feed, 'link').find((link) => link.attributes.rel === 'self')?.attributes.href).toBe('http://wiki.test:8080/_/feed');
    const entries = childrenNamed(feed, 'entry');
    expect(entries.length).toBe(9 + SEEDED);
    const links = entries.map((entry) => childrenNamed(entry, 'link')[0]?.attributes.href ?? '');
    for (const link of links) expect(link).toMatch(/^http:\/\/wiki\.test:8080\//);
    expect(links[0]).toBe('http://wiki.test:8080/other/delta?do=diff&rev=1&rev2=2');
    expect(links).toContain('http://wiki.test:8080/team/alpha?do=diff&rev=1&rev2=2');
    expect(links).toContain('http://wiki.test:8080/other/imported?rev=1');
    for (const entry of entries) {
      expect(childText(entry, 'id')).toMatch(/^http:\/\/wiki\.test:8080\/.+\?rev=\d+$/);
      expect(childText(entry, 'updated')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(childrenNamed(entry, 'author')[0]?.children[0]?.name).toBe('name');
    }
    expect(new Set(entries.map((entry) => childText(entry, 'id'))).size).toBe(entries.length);
    const beta = entries.find((entry) => childText(entry, 'summary').includes('beta <b>bold</b> & co'));
    expect(beta).toBeDefined();
    expect(response.body).not.toContain('hidden');
    expect(response.body).not.toContain('kestrel');
  });

  it('uses QUIRE_BASE_URL for its links when it is set', async () => {
    const based = await createTestWiki({ QUIRE_BASE_URL: 'https://wiki.example.org/' }, { policy: 'public' });
    try {
      const response = await based.app.inject({ method: 'GET', url: '/_/feed', headers: { host: 'elsewhere.test' } });
      const feed = feedOf(response.body);
      const entries = childrenNamed(feed, 'entry');
      expect(entries.length).toBeGreaterThan(0);
      for (const entry of entries) expect(childrenNamed(entry, 'link')[0]?.attributes.href).toMatch(/^https:\/\/wiki\.example\.org\//);
      expect(response.body).not.toContain('elsewhere.test');
    } finally {
      await based.close();
    }
  });

  it('is RSS 2.0 with ?format=rss', async () => {
    const response = await anonymous.get('/_/feed?format=rss', { host: 'wiki.test' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    const rss = feedOf(response.body);
    expect(rss.name).toBe('rss');
    expect(rss.attributes.version).toBe('2.0');
    const channel = childrenNamed(rss, 'channel')[0];
    if (!channel) throw new Error('no channel');
    expect(childText(channel, 'link')).toBe('http://wiki.test/_/recent');
    const items = childrenNamed(channel, 'item');
    expect(items).toHaveLength(9 + SEEDED);
    for (const item of items) {
      expect(childText(item, 'link')).toMatch(/^http:\/\/wiki\.test\//);
      expect(Number.isNaN(Date.parse(childText(item, 'pubDate')))).toBe(false);
      expect(childText(item, 'pubDate')).toMatch(/GMT$/);
    }
    expect(response.body).not.toContain('hidden');
  });

  it('filters by namespace with ?ns=', async () => {
    const feed = feedOf((await anonymous.get('/_/feed?ns=other')).body);
    const entries = childrenNamed(feed, 'entry');
    expect(entries).toHaveLength(3);
    for (const entry of entries) expect(childrenNamed(entry, 'link')[0]?.attributes.href).toContain('/other/');
    expect(feedOf((await anonymous.get('/_/feed?ns=hidden')).body).children.filter((c) => c.name === 'entry')).toEqual([]);
  });

  it('shows a logged-in reader what they may read', async () => {
    const entries = childrenNamed(feedOf((await admin.get('/_/feed')).body), 'entry');
    expect(entries).toHaveLength(10 + SEEDED);
    expect(entries.some((entry) => childText(entry, 'title') === 'hidden:plan')).toBe(true);
  });

  it('stays well-formed whatever a summary holds', async () => {
    const store = createPageStore(wiki.db);
    store.save({ id: 'team:odd', text: 'Odd.\n', baseRev: null, summary: 'ctrl \u0001\u0008 & <tag> "q" \'a\' ]]>', minor: false, author: 'x<y', ip: null, title: null, links: [] });
    for (const url of ['/_/feed', '/_/feed?format=rss']) {
      const body = (await admin.get(url)).body;
      expect(() => parseXml(body)).not.toThrow();
      expect(body).toContain('ctrl  &amp; &lt;tag&gt; &quot;q&quot; &apos;a&apos; ]]&gt;');
    }
  });
});
