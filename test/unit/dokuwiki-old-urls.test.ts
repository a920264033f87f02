// Every URL form a DokuWiki answered maps to the Quire URL showing the same thing (issue 12, item 3).
import { describe, expect, it } from 'vitest';
import { oldUrlTarget } from '../../src/dokuwiki/old-urls.js';

const target = (url: string) => {
  const parsed = new URL(url, 'http://wiki.example');
  return oldUrlTarget(parsed.pathname, parsed.searchParams);
};

describe('oldUrlTarget', () => {
  it.each([
    // userewrite 0
    ['/doku.php', '/'],
    ['/doku.php?id=start', '/start'],
    ['/doku.php?id=Wiki:Syntax', '/wiki/syntax'],
    ['/doku.php?id=wiki:', '/wiki/'],
    ['/doku.php?id=wiki:syntax&do=show', '/wiki/syntax'],
    ['/doku.php?id=wiki:syntax&rev=1700000000', '/wiki/syntax?rev=1700000000'],
    ['/doku.php?id=wiki:syntax&do=edit', '/wiki/syntax?do=edit'],
    ['/doku.php?id=wiki:syntax&do=revisions&first=20', '/wiki/syntax?do=revisions&first=20'],
    ['/doku.php?id=wiki:syntax&do=diff&rev2[0]=1&rev2[1]=2&difftype=sidebyside', '/wiki/syntax?do=diff&rev2=1&rev2=2&difftype=sidebyside'],
    ['/doku.php?id=wiki:syntax&do=backlink', '/wiki/syntax?do=backlink'],
    ['/doku.php?id=wiki:syntax&do=export_raw', '/wiki/syntax?do=export_raw'],
    ['/doku.php?id=wiki:syntax&do=export_xhtml', '/wiki/syntax?do=export_html'],
    ['/doku.php?id=wiki:syntax&do=export_xhtmlbody', '/wiki/syntax?do=export_html'],
    ['/doku.php?id=wiki:syntax&do=index', '/_/index?ns=wiki'],
    ['/doku.php?do=index', '/_/index'],
    ['/doku.php?id=start&do=recent&first=20', '/_/recent?first=20'],
    ['/doku.php?do=search&q=caf%C3%A9+cr%C3%A8me', '/_/search?q=caf%C3%A9+cr%C3%A8me'],
    ['/doku.php?do=search&id=old+style', '/_/search?q=old+style'],
    ['/doku.php?do=sitemap', '/_/sitemap.xml'],
    ['/doku.php?do=login', '/_/login'],
    ['/doku.php?do=admin&page=acl', '/_/admin/acl'],
    ['/doku.php?do=admin&page=usermanager', '/_/admin/users'],
    ['/doku.php?do=media&ns=wiki', '/_/media?ns=wiki'],
    ['/doku.php?id=wiki:syntax&do=unknown_plugin_action', '/wiki/syntax'],
    // userewrite 2
    ['/doku.php/wiki:syntax', '/wiki/syntax'],
    ['/doku.php/wiki/syntax?do=revisions', '/wiki/syntax?do=revisions'],
    ['/lib/exe/fetch.php/wiki:logo.png?w=200', '/_/media/wiki/logo.png?w=200'],
    ['/lib/exe/detail.php/wiki:logo.png', '/_/media?id=wiki%3Alogo.png'],
    // userewrite 1
    ['/_media/wiki:logo.png', '/_/media/wiki/logo.png'],
    ['/_media/wiki/logo.png?w=200&h=100&tok=abc&cache=nocache', '/_/media/wiki/logo.png?w=200&h=100'],
    ['/_detail/wiki:logo.png?id=start', '/_/media?id=wiki%3Alogo.png'],
    ['/_export/raw/wiki:syntax', '/wiki/syntax?do=export_raw'],
    ['/_export/xhtml/wiki:syntax', '/wiki/syntax?do=export_html'],
    ['/_export/xhtmlbody/wiki:syntax', '/wiki/syntax?do=export_html'],
    // media with userewrite 0
    ['/lib/exe/fetch.php?media=wiki:logo.png&w=200', '/_/media/wiki/logo.png?w=200'],
    ['/lib/exe/fetch.php?w=40&tok=1&media=wiki%3Adokuwiki-128.png', '/_/media/wiki/dokuwiki-128.png?w=40'],
    ['/lib/exe/detail.php?id=start&media=wiki:logo.png', '/_/media?id=wiki%3Alogo.png'],
    // feeds and sitemaps
    ['/feed.php', '/_/feed'],
    ['/feed.php?ns=wiki&type=rss2&num=10', '/_/feed?ns=wiki&format=rss'],
    ['/feed.php?type=atom1&mode=recent', '/_/feed'],
    ['/sitemap.xml.gz', '/_/sitemap.xml'],
    ['/sitemap.xml', '/_/sitemap.xml'],
  ])('%s → %s', (url, expected) => {
    expect(target(url)).toBe(expected);
  });

  it.each([
    ['an external image DokuWiki fetched', '/lib/exe/fetch.php?media=https://evil.example/x.png'],
    ['a media id of no known type', '/_media/wiki:script.php'],
    ['a Quire URL', '/wiki/syntax'],
    ['a bad escape', '/_media/%E0%A4%A'],
  ])('leaves alone %s', (_name, url) => {
    expect(target(url)).toBeNull();
  });
});
