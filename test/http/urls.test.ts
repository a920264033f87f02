// The URL surface (SPEC §3): one canonical URL per page with 301s from other spellings, links
// from a migrated DokuWiki, and the /_/ routes that are not pages.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, type TestWiki } from '../helpers/wiki.js';
import { expectErrorPage, expectLayoutPage, metaOf, openWiki } from './support.js';

let wiki: TestWiki;
let client: Client;

beforeEach(async () => {
  wiki = await openWiki();
  client = new Client(wiki.app);
});
afterEach(async () => wiki.close());

describe('canonical URLs', () => {
  it.each([
    { from: '/Wiki/Syntax', to: '/wiki/syntax' },
    { from: '/WIKI/SYNTAX', to: '/wiki/syntax' },
    { from: '/Wiki:Syntax', to: '/wiki/syntax' },
    { from: '/wiki:syntax', to: '/wiki/syntax' },
    { from: '/wiki;syntax', to: '/wiki/syntax' },
    { from: '/Elsenews:Spot%202025/06/Chief%20AI%20Officer', to: '/elsenews/spot_2025/06/chief_ai_officer' },
    { from: '/My%20Page', to: '/my_page' },
    { from: '/my%20%20page%20', to: '/my_page' },
    { from: '/%C3%89l%C3%A8ve/Caf%C3%A9', to: '/eleve/cafe' },
    { from: '/M%C3%BCnchen', to: '/muenchen' },
    { from: '/Stra%C3%9Fe', to: '/strasse' },
    { from: '/a//b', to: '/a/b' },
    { from: '/_a/b_', to: '/a/b' },
    { from: '/Wiki/', to: '/wiki/' },
    { from: '/wiki:', to: '/wiki/' },
    { from: '/Team:Notes:', to: '/team/notes/' },
  ])('$from answers 301 to $to', async ({ from, to }) => {
    const response = await client.get(from);
    expect(response.statusCode).toBe(301);
    expect(response.headers.location).toBe(to);
  });

  it.each([
    { from: '/Wiki:Syntax?do=edit&rev=1', to: '/wiki/syntax?do=edit&rev=1' },
    { from: '/Wiki/Syntax?do=diff&rev2=1&rev2=1', to: '/wiki/syntax?do=diff&rev2=1&rev2=1' },
    { from: '/My%20Page?do=export_raw', to: '/my_page?do=export_raw' },
    { from: '/Wiki/?x=%C3%A9', to: '/wiki/?x=%C3%A9' },
  ])('$from keeps its query string', async ({ from, to }) => {
    const response = await client.get(from);
    expect(response.statusCode).toBe(301);
    expect(response.headers.location).toBe(to);
  });

  it('answers HEAD on a non-canonical URL with the same 301', async () => {
    const response = await wiki.app.inject({ method: 'HEAD', url: '/Wiki:Syntax' });
    expect(response.statusCode).toBe(301);
    expect(response.headers.location).toBe('/wiki/syntax');
  });

  it('leads to the page once the redirect is followed', async () => {
    const redirect = await client.get('/Wiki:Syntax');
    const page = await client.get(String(redirect.headers.location));
    expectLayoutPage(page, 200);
    expect(metaOf(page.body, 'quire:id')).toBe('wiki:syntax');
  });

  it('serves an id in another script at its percent-encoded canonical URL', async () => {
    const path = `/${encodeURIComponent('日本語')}`;
    await client.savePage(path, 'Nihongo\n');
    const page = await client.get(path);
    expectLayoutPage(page, 200);
    expect(metaOf(page.body, 'quire:id')).toBe('日本語');
  });

  it('redirects a path that cleans to nothing to /', async () => {
    const response = await client.get('/___');
    expect(response.statusCode).toBe(301);
    expect(response.headers.location).toBe('/');
  });
});

describe('DokuWiki URLs', () => {
  it.each([
    { from: '/doku.php?id=ns:page&do=edit&rev=2', to: '/ns/page?do=edit&rev=2' },
    { from: '/doku.php?id=Wiki:Syntax', to: '/wiki/syntax' },
    { from: '/doku.php?id=wiki:syntax&do=show', to: '/wiki/syntax' },
    { from: '/doku.php?id=wiki:syntax&do=diff&rev=1&rev2=2&difftype=inline', to: '/wiki/syntax?do=diff&rev=1&rev2=2&difftype=inline' },
    { from: '/doku.php?id=start&do=revisions&first=20', to: '/start?do=revisions&first=20' },
    { from: '/doku.php', to: '/' },
  ])('$from answers 301 to $to', async ({ from, to }) => {
    const response = await client.get(from);
    expect(response.statusCode).toBe(301);
    expect(response.headers.location).toBe(to);
  });
});

describe('/_/ routes', () => {
  it('GET /_/health answers 200 {"status":"ok"}', async () => {
    const response = await client.get('/_/health');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('serves the stylesheet from /_/static/', async () => {
    const response = await client.get('/_/static/quire.css');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/css/);
    expect(response.body.length).toBeGreaterThan(0);
  });

  it.each(['/_/static/nothing.css', '/_/static/../package.json', '/_/static/%2e%2e/package.json'])(
    'answers 404 in the layout for %s',
    async (path) => {
      const response = await client.get(path);
      expectErrorPage(response, 404);
      expect(response.body).not.toContain('"dependencies"');
    },
  );

  it.each(['/_/x', '/_', '/_/', '/_/no/such/thing?do=edit'])('answers 404 in the layout for %s', async (path) => {
    const response = await client.get(path);
    expectErrorPage(response, 404);
    expect(response.body).toContain('Nothing here.');
  });
});

describe('redirects that keep every part of the address', () => {
  it.each([
    { from: '/doku.php?id=wiki:', to: '/wiki/' },
    { from: '/doku.php?id=Team:Notes:&do=edit', to: '/team/notes/?do=edit' },
    { from: '/doku.php?id=wiki:syntax&do=diff&rev2[0]=1&rev2[1]=2', to: '/wiki/syntax?do=diff&rev2=1&rev2=2' },
  ])('$from answers 301 to $to', async ({ from, to }) => {
    const response = await client.get(from);
    expect(response.statusCode).toBe(301);
    expect(response.headers.location).toBe(to);
  });

  it('keeps a query string holding a "?" whole', async () => {
    const response = await client.get('/Wiki:Syntax?do=diff&note=why?&rev=1');
    expect(response.statusCode).toBe(301);
    expect(response.headers.location).toBe('/wiki/syntax?do=diff&note=why?&rev=1');
  });
});

describe('DokuWiki URLs of every userewrite setting, media, exports and feeds', () => {
  it.each([
    { from: '/doku.php/wiki:syntax?do=revisions', to: '/wiki/syntax?do=revisions' },
    { from: '/doku.php?id=wiki:syntax&do=export_xhtml', to: '/wiki/syntax?do=export_html' },
    { from: '/doku.php?do=search&q=caf%C3%A9', to: '/_/search?q=caf%C3%A9' },
    { from: '/doku.php?id=wiki:syntax&do=index', to: '/_/index?ns=wiki' },
    { from: '/doku.php?do=recent', to: '/_/recent' },
    { from: '/_media/wiki:logo.png?w=200', to: '/_/media/wiki/logo.png?w=200' },
    { from: '/lib/exe/fetch.php?media=wiki:logo.png&w=200&h=100&tok=x', to: '/_/media/wiki/logo.png?w=200&h=100' },
    { from: '/lib/exe/fetch.php/wiki:logo.png', to: '/_/media/wiki/logo.png' },
    { from: '/_detail/wiki:logo.png?id=start', to: '/_/media?id=wiki%3Alogo.png' },
    { from: '/lib/exe/detail.php?media=wiki:logo.png', to: '/_/media?id=wiki%3Alogo.png' },
    { from: '/_export/raw/wiki:syntax', to: '/wiki/syntax?do=export_raw' },
    { from: '/_export/xhtml/wiki:syntax', to: '/wiki/syntax?do=export_html' },
    { from: '/feed.php?ns=wiki&type=rss2&num=5', to: '/_/feed?ns=wiki&format=rss' },
    { from: '/sitemap.xml.gz', to: '/_/sitemap.xml' },
  ])('$from answers 301 to $to', async ({ from, to }) => {
    const response = await client.get(from);
    expect(response.statusCode).toBe(301);
    expect(response.headers.location).toBe(to);
  });

  it('answers 404 for a DokuWiki fetch of an outside URL (no open redirect)', async () => {
    expect((await client.get('/lib/exe/fetch.php?media=https://evil.example/x.png')).statusCode).toBe(404);
  });

  it('lands on the target, which checks its own permission', async () => {
    const redirected = await client.get('/_export/raw/wiki:syntax');
    const target = await client.get(redirected.headers.location as string);
    expect(target.statusCode).toBe(200);
    expect(target.headers['content-type']).toMatch(/^text\/markdown/);
  });
});
