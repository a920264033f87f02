// Conversion without loss (issue 12, item 1): each row is DokuWiki source → what Quire's renderer
// must show for the converted Markdown, the HTML features DokuWiki itself renders for it.
import { describe, expect, it } from 'vitest';
import { convertPage, type ConvertOptions } from '../../src/dokuwiki/convert.js';
import { idToPath } from '../../src/pages/page-id.js';
import { createRenderer } from '../../src/render/index.js';

const renderer = createRenderer();

function render(source: string, options: ConvertOptions = {}): string {
  const pageId = options.pageId ?? 'wiki:syntax';
  const { markdown } = convertPage(source, { pageId, ...options });
  return renderer.render(markdown, {
    pageId,
    startPage: 'start',
    exists: () => true,
    linkState: () => 'exists',
    pageUrl: idToPath,
  }).html;
}

const feedPage = ['===== Syndication =====', '==== RSS/ATOM Feed Aggregation ====', 'text', '==== Intro ====', '==== Intro ===='];
const headingsOf = (id: string) => (id === 'wiki:feeds' ? feedPage.map((line) => line.replace(/=/g, '').trim()) : null);

const rows: Array<[string, string, ConvertOptions, string[], string[]]> = [
  // monospace holding %%…%% or <nowiki>: literal content, the text after stays prose
  ['monospace with %% inside', "so ''%%** bold **%%'' with spaces", {}, ['<code>** bold **</code> with spaces'], ['\\']],
  ['monospace quoting <nowiki>', "the ''%%<nowiki>%%'' tags or ''<nowiki>%%</nowiki>''.", {}, ['<code>&lt;nowiki&gt;</code> tags or <code>%%</code>.'], []],
  ['monospace quoting a quote mark', "a ''%%''%%'' b **c**", {}, ["<code>''</code> b <strong>c</strong>"], []],
  // <code> and <file> inside an indented example stay text
  ['<code> inside a preformatted example', '  <code>\n  x = 1\n  </code>', {}, ['<pre><code>&lt;code&gt;\nx = 1\n&lt;/code&gt;'], []],
  ['<file> inside a preformatted example', 'Example:\n\n  <file>\n  quoted\n  </file>\nafter', {}, ['&lt;file&gt;\nquoted\n&lt;/file&gt;', '<p>after</p>'], []],
  ['<code> still starts a block outside', 'text\n<code>\n  x\n</code>', {}, ['<pre><code>  x\n</code></pre>'], ['&lt;code&gt;']],
  ['<code> inside a list item stays in the item', '  * item <code>\nx\n</code>\n  * next', {}, ['<li>\n<p>item</p>\n<pre><code>x\n</code></pre>\n</li>', '<p>next</p>'], []],
  // emphasis whose content ends or starts with punctuation
  ['italic ending in a colon', '//Note:// text', {}, ['<em>Note:</em> text'], []],
  ['bold ending in a colon before a letter', '**Note:**text', {}, ['<strong>Note:</strong>text'], ['**']],
  ['bold CJK in corner brackets', '**「重要」**です', {}, ['<strong>「重要」</strong>です'], ['**']],
  ['bold parentheses inside a word', 'a**(b)**c', {}, ['a<strong>(b)</strong>c'], ['**']],
  ['italic starting with a quote mark after a letter', 'x//"y"//z', {}, ['x<em>&quot;y&quot;</em>z'], []],
  ['deleted text ending in punctuation', 'a<del>b.</del>c', {}, ['a<s>b.</s>c'], ['~~']],
  // images
  ['image as a link label', '[[page|{{wiki:logo.png?24}}]]', {}, ['<a href="/wiki/page" class="wikilink" title="wiki:page"><img src="/_/media/wiki/logo.png?w=24"'], []],
  ['image as the label of an external link', '[[https://php.net|{{wiki:logo.png}}]]', {}, ['<a href="https://php.net"', '<img src="/_/media/wiki/logo.png"'], []],
  ['external image with width and caption', '{{https://example.org/logo.png?40|caption}}', {}, ['<img src="https://example.org/logo.png" alt="caption"', 'width="40"'], []],
  ['external image with width and height', '{{https://example.org/a.gif?200x50}}', {}, ['width="200" height="50"'], []],
  // query-only link
  ['query-only link', '[[?do=index|the index]]', {}, ['<a href="?do=index">the index</a>'], []],
  // bare URL followed by ]
  ['bare URL before a bracket', '[see https://example.org/x]', {}, ['<a href="https://example.org/x" class="urlextern" rel="nofollow ugc noopener">https://example.org/x</a>]'], ['x\\', '%5C']],
  // <sub> and <sup>
  ['subscript', 'H<sub>2</sub>O', {}, ['H<sub>2</sub>O'], []],
  ['superscript', 'E = mc<sup>2</sup>', {}, ['mc<sup>2</sup>'], []],
  ['superscript with a space', '1<sup>st place</sup>', {}, ['1<sup>st place</sup>'], []],
  ['a lone caret or tilde stays text', '2^10 and ~home', {}, ['2^10 and ~home'], ['<sup>', '<sub>']],
  // '/' in link targets
  ['slash with useslash off (DokuWiki default)', '[[TCP/IP]]', { useslash: false }, ['href="/wiki/tcp_ip"', '>TCP/IP</a>'], []],
  ['slash with useslash on', '[[TCP/IP]]', { useslash: true }, ['href="/tcp/ip"', '>IP</a>'], []],
  ['slash in an absolute target', '[[ns:a/b|x]]', { useslash: false }, ['href="/ns/a_b"'], []],
  // anchors rewritten to the anchors Quire gives
  ['anchor written the DokuWiki way on the same page', '==== RSS/ATOM Feed Aggregation ====\n[[#rss_atom_feed_aggregation]]', {}, ['<h3 id="rssatom_feed_aggregation">', 'href="#rssatom_feed_aggregation"'], []],
  ['anchor by heading text on another page', '[[feeds#RSS/ATOM Feed Aggregation]]', { headingsOf }, ['href="/wiki/feeds#rssatom_feed_aggregation"', '>RSS/ATOM Feed Aggregation</a>'], []],
  ['anchor of a repeated heading', '[[wiki:feeds#intro1|second]]', { headingsOf }, ['href="/wiki/feeds#intro1"'], []],
  ['anchor on a page the import does not know', '[[elsewhere#A/B]]', {}, ['href="/wiki/elsewhere#a_b"'], []],
  // labels as DokuWiki shows them
  ['namespaced link without label shows its last part', '[[some:namespaces]]', {}, ['>namespaces</a>'], ['>some:namespaces<']],
  // plugin syntax stays visible
  ['unknown plugin tag', '<WRAP info>boxed</WRAP>', {}, ['&lt;WRAP info&gt;boxed&lt;/WRAP&gt;'], []],
  ['plugin in braces', '{{rss>http://example.org/feed.rss 5}}', {}, ['{{rss&gt;'], []],
  ['plugin macro', '~~INFO:syntaxplugins~~', {}, ['~~INFO:syntaxplugins~~'], ['<s>']],
];

describe('DokuWiki source → HTML features after conversion', () => {
  it.each(rows)('%s', (_name, source, options, present, absent) => {
    const html = render(source, options);
    for (const fragment of present) expect(html).toContain(fragment);
    for (const fragment of absent) expect(html).not.toContain(fragment);
  });
});

describe('the report of constructs not converted exactly', () => {
  it.each([
    ['<WRAP info>a</WRAP> <WRAP>b</WRAP>', 'plugin syntax <WRAP>', 2],
    ['{{rss>http://example.org/feed}}', 'plugin syntax {{rss>…}}', 1],
    ['~~DISCUSSION~~', 'plugin syntax ~~DISCUSSION~~', 1],
    ['__under__', 'underline (text kept, not underlined)', 1],
    ['[[\\\\server\\share|x]]', 'Windows share link', 1],
    ['[[nowhere>x]]', 'unknown interwiki shortcut nowhere>', 1],
    ['<html><b>x</b></html>', '<html> block (shown as code, not run)', 1],
    ['^ a ^ b ^\n| c ||', 'table cell spans (merged cells split into empty ones)', 1],
  ])('%j reports %j', (source, construct, count) => {
    expect(convertPage(source).unconverted.get(construct)).toBe(count);
  });

  it('is empty for text that converts exactly', () => {
    expect(convertPage('**a** //b// [[c]] <sub>d</sub> ((e))').unconverted.size).toBe(0);
  });
});
