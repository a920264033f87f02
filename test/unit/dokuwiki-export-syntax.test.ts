// Quire Markdown → DokuWiki syntax for `quire export --format dokuwiki` (issue 12, item 5): a table
// of constructs, and DokuWiki's syntax page taken through both conversions rendering the same.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dokuwikiToMarkdown } from '../../src/dokuwiki/convert.js';
import { dokuwikiText, markdownToDokuwiki, pageLinks } from '../../src/dokuwiki/to-dokuwiki.js';
import { idToPath } from '../../src/pages/page-id.js';
import { createRenderer } from '../../src/render/index.js';

const convert = (markdown: string) => markdownToDokuwiki(markdown, 'ns:page').trimEnd();

describe('markdownToDokuwiki', () => {
  it.each([
    ['headings', '# One\n\n## Two\n\n##### Five', '====== One ======\n\n===== Two =====\n\n== Five =='],
    ['emphasis', '**b** *i* ~~d~~ H~2~O x^2^ `c`', "**b** //i// <del>d</del> H<sub>2</sub>O x<sup>2</sup> ''%%c%%''"],
    ['monospace holding %%', '`a %% b`', "''<nowiki>a %% b</nowiki>''"],
    ['text DokuWiki would read as markup', 'a // b ** c [[d', 'a %%//%% b %%**%% c %%[[%%d'],
    ['smileys and FIXME stay text', 'ok :-) FIXME', 'ok %%:-)%% %%FIXME%%'],
    ['wiki links', '[[wiki:syntax]] [[wiki:syntax|the syntax]] [[#top]]', '[[wiki:syntax]] [[wiki:syntax|the syntax]] [[#top]]'],
    ['external links', '[site](https://example.org) <https://example.org/a> https://x.org', '[[https://example.org|site]] https://example.org/a https://x.org'],
    ['e-mail', '<me@example.org> [write](mailto:me@example.org)', '<me@example.org> [[me@example.org|write]]'],
    ['query-only and site links', '[idx](?do=index) [search](/_/search?q=x)', '[[?do=index|idx]] [[this>_/search?q=x|search]]'],
    ['media', '{{wiki:logo.png?200|Logo}} {{ wiki:logo.png}} {{wiki:report.pdf|Report}}', '{{wiki:logo.png?200|Logo}} {{ wiki:logo.png}} {{wiki:report.pdf|Report}}'],
    ['image as a link label', '[{{wiki:logo.png}}](wiki:syntax)', '[[wiki:syntax|{{wiki:logo.png}}]]'],
    ['external image', '{{https://example.org/a.png?40|Cap}}', '{{https://example.org/a.png?40|Cap}}'],
    ['line break', 'a\\\nb', 'a\\\\\nb'],
    ['lists', '- a\n  - b\n1. c', '  * a\n    * b\n\n  - c'],
    ['code', '```php file.php\necho 1;\n```\n\n```\nx\n```', '<file php file.php>\necho 1;\n</file>\n\n<code>\nx\n</code>'],
    ['quote', '> a\n> > b', '> a\n>\n>> b'],
    ['rule', 'a\n\n---\n\nb', 'a\n\n----\n\nb'],
    ['table', '| A | B |\n| :--- | ---: |\n| 1 | [[x\\|y]] |', '^ A  ^  B ^\n| 1  |  [[x|y]] |'],
    ['table without header', '|  |  |\n| --- | --- |\n| 1 | 2 |', '| 1 | 2 |'],
    ['footnote', 'text[^1]\n\n[^1]: the **note**', 'text((the **note**))'],
    ['NOTOC', '~~NOTOC~~\n\n# T', '~~NOTOC~~\n\n====== T ======'],
  ])('%s', (_name, markdown, expected) => {
    expect(convert(markdown)).toBe(expected);
  });

  it('protects %% itself', () => {
    expect(dokuwikiText('100%% sure')).toBe('100<nowiki>%%</nowiki> sure');
  });
});

describe('a page through both conversions', () => {
  const renderer = createRenderer();
  const html = (markdown: string) =>
    renderer.render(markdown, { pageId: 'wiki:syntax', startPage: 'start', exists: () => true, linkState: () => 'exists', pageUrl: idToPath }).html;

  it("renders DokuWiki's syntax page the same after export and import", () => {
    const source = readFileSync(new URL('../fixtures/dokuwiki/syntax.txt', import.meta.url), 'utf8');
    const first = dokuwikiToMarkdown(source, { pageId: 'wiki:syntax' });
    const again = dokuwikiToMarkdown(markdownToDokuwiki(first, 'wiki:syntax'), { pageId: 'wiki:syntax' });
    expect(html(again)).toBe(html(first));
  });
});

describe('pageLinks', () => {
  it('lists local and external links in order, resolved from the page', () => {
    expect(pageLinks('[[syntax]] [x](https://example.org) [[:start#Intro]] https://x.org {{wiki:logo.png}} [y](../up)', 'wiki:page')).toEqual([
      { type: 'local', target: 'wiki:syntax' },
      { type: 'extern', target: 'https://example.org' },
      { type: 'local', target: 'start#Intro' },
      { type: 'extern', target: 'https://x.org' },
      { type: 'local', target: 'up' },
    ]);
  });
});
