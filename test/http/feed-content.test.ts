// Feeds that carry the change (DokuWiki's feed parameters): ?content=abstract|diff|htmldiff|html,
// ?linkto=diff|page|rev, ?minor=1, ?onlynewpages=1. Diffs come from the diff module and HTML from the
// renderer, written into the XML as escaped text: a summary such as <svg onload=…> stays text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, Client, createTestWiki, type TestWiki } from '../helpers/wiki.js';
import { childrenNamed, childText, parseXml, type XmlElement } from '../helpers/xml.js';

let wiki: TestWiki;
let admin: Client;
const EVIL = '<svg onload=alert(1)>';

const entriesOf = async (url: string): Promise<XmlElement[]> => {
  const response = await wiki.app.inject({ url, headers: { host: 'wiki.test' } });
  expect(response.statusCode).toBe(200);
  return childrenNamed(parseXml(response.body), 'entry');
};
const contentOf = (entry: XmlElement | undefined) => childrenNamed(entry as XmlElement, 'content')[0];

beforeAll(async () => {
  wiki = await createTestWiki({}, { policy: 'public' });
  admin = new Client(wiki.app);
  expect((await admin.login('admin', ADMIN_PASSWORD)).statusCode).toBe(303);
  await admin.savePage('/docs/guide', '# Guide\n\nFirst line.\n<script>alert(2)</script>\n', { summary: 'created it' });
  await admin.savePage('/docs/guide', '# Guide\n\nFirst line, better.\n<script>alert(2)</script>\nSee [[docs:secret]].\n', { summary: EVIL });
  await admin.savePage('/docs/guide', '# Guide\n\nFirst line, better!\n<script>alert(2)</script>\nSee [[docs:secret]].\n', { summary: 'typo', minor: 'on' });
  await admin.savePage('/docs/secret', 'Hidden.\n');
  await admin.get('/_/admin/acl');
  await admin.post('/_/admin/acl', { scope: 'docs:secret', subject: '@ALL', level: '0' });
});
afterAll(async () => wiki?.close());

describe('content', () => {
  it('is the summary alone by default', async () => {
    const [entry] = await entriesOf('/_/feed?ns=docs');
    expect(contentOf(entry)).toBeUndefined();
    expect(childText(entry as XmlElement, 'summary')).toBe(`docs:guide: edited — ${EVIL}`);
  });

  it('is a text diff with ?content=diff', async () => {
    const [entry] = await entriesOf('/_/feed?ns=docs&content=diff');
    const content = contentOf(entry);
    expect(content?.attributes.type).toBe('text');
    expect(content?.text).toContain('- First line.');
    expect(content?.text).toContain('+ First line, better.');
  });

  it('is an HTML diff from the diff template with ?content=htmldiff, the summary as text', async () => {
    const [entry] = await entriesOf('/_/feed?ns=docs&content=htmldiff');
    const content = contentOf(entry);
    expect(content?.attributes.type).toBe('html');
    const html = content?.text ?? '';
    expect(html).toContain('<table class="diff diff--inline">');
    expect(html).toMatch(/<ins>|<del>/);
    expect(html).toContain('&lt;svg onload=alert(1)&gt;');
    expect(html).not.toContain('<svg');
    expect(html).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(html).not.toContain('<script');
  });

  it('is the rendered revision with ?content=html, links to hidden pages left out', async () => {
    const [entry] = await entriesOf('/_/feed?ns=docs&content=html');
    const html = contentOf(entry)?.text ?? '';
    expect(html).toContain('<h1');
    expect(html).toContain('First line, better.');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('href="/docs/secret"');
  });

  it('keeps relative links of the HTML resolvable: the feed says its base', async () => {
    const feed = parseXml((await wiki.app.inject({ url: '/_/feed?content=html', headers: { host: 'wiki.test' } })).body);
    expect(feed.attributes['xml:base']).toBe('http://wiki.test/');
  });

  it('is HTML in RSS descriptions, text escaped for HTML', async () => {
    const response = await wiki.app.inject({ url: '/_/feed?format=rss&ns=docs', headers: { host: 'wiki.test' } });
    const channel = childrenNamed(parseXml(response.body), 'channel')[0] as XmlElement;
    const [item] = childrenNamed(channel, 'item');
    expect(childText(item as XmlElement, 'description')).toBe(`docs:guide: edited — &lt;svg onload=alert(1)&gt;`);
    const diff = childrenNamed(childrenNamed(parseXml((await wiki.app.inject({ url: '/_/feed?format=rss&ns=docs&content=diff' })).body), 'channel')[0] as XmlElement, 'item')[0];
    expect(childText(diff as XmlElement, 'description')).toMatch(/^<pre>[\s\S]*\+ First line, better\.[\s\S]*<\/pre>$/);
    expect(response.body).not.toContain('<svg');
  });

  it('refuses an unknown mode, naming the field', async () => {
    const response = await wiki.app.inject({ url: '/_/feed?content=everything' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('content');
  });
});

describe('links and filters', () => {
  it('link to the diff by default, to the page with ?linkto=page, to the revision with ?linkto=rev', async () => {
    const linkOf = async (query: string) => childrenNamed((await entriesOf(`/_/feed?ns=docs${query}`))[0] as XmlElement, 'link')[0]?.attributes.href;
    expect(await linkOf('')).toBe('http://wiki.test/docs/guide?do=diff&rev=1&rev2=2');
    expect(await linkOf('&linkto=page')).toBe('http://wiki.test/docs/guide');
    expect(await linkOf('&linkto=rev')).toBe('http://wiki.test/docs/guide?rev=2');
  });

  it('leave minor edits out unless ?minor=1', async () => {
    const summaries = async (query: string) => (await entriesOf(`/_/feed?ns=docs${query}`)).map((entry) => childText(entry, 'summary'));
    expect(await summaries('')).not.toContain('docs:guide: minor edit — typo');
    expect(await summaries('&minor=1')).toContain('docs:guide: minor edit — typo');
  });

  it('keep only new pages with ?onlynewpages=1', async () => {
    const entries = await entriesOf('/_/feed?ns=docs&onlynewpages=1&minor=1');
    expect(entries.map((entry) => childText(entry, 'summary'))).toEqual(['docs:guide: created — created it']);
  });
});
