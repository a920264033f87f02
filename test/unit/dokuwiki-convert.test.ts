// DokuWiki syntax → Quire Markdown (docs/dokuwiki-import.md), as tables of input and expected
// output, and DokuWiki's own syntax page rendered by Quire without losing its text.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dokuwikiToMarkdown } from '../../src/dokuwiki/convert.js';
import { idToPath } from '../../src/pages/page-id.js';
import { createRenderer } from '../../src/render/index.js';

const convert = (text: string) => dokuwikiToMarkdown(text).trimEnd();

const cases: Array<[string, string, string]> = [
  // headings: six '=' is level 1 … two is level 5; no markup is read inside them
  ['level 1', '====== Titre ======', '# Titre'],
  ['level 2', '===== Section =====', '## Section'],
  ['level 3', '==== Sous-section ====', '### Sous-section'],
  ['level 4', '=== Petit ===', '#### Petit'],
  ['level 5', '== Plus petit ==', '##### Plus petit'],
  ['uneven markers go by the opening run', '====== Titre ==', '# Titre'],
  ['a line of equal signs is text', 'texte\n=====', 'texte\n\\=====' ],
  ['heading text is not parsed', '===== C# et **gras** =====', '## C\\# et \\*\\*gras\\*\\*'],
  // emphasis
  ['bold', 'du **gras** ici', 'du **gras** ici'],
  ['italic', 'de l’//italique// ici', 'de l’*italique* ici'],
  ['bold italic', '**//les deux//**', '***les deux***'],
  ['spaces inside markers move out', 'un ** gras ** mot', 'un  **gras**  mot'],
  ['underline keeps its text', 'du __souligné__ ici', 'du souligné ici'],
  ['underline around italic', '__//mot//__', '*mot*'],
  ['monospace', "la commande ''ls -l''", 'la commande `ls -l`'],
  ['monospace holding a backtick', "''a`b''", '``a`b``'],
  ['monospace keeps markup as text', "''**x**''", '`**x**`'],
  ['deleted', '<del>barré</del>', '~~barré~~'],
  ['sub and sup keep their text', '1<sup>er</sup> H<sub>2</sub>O', '1er H2O'],
  ['a URL is not italic', 'voir http://exemple.fr//chemin et //ceci//', 'voir http://exemple.fr//chemin et *ceci*'],
  ['unclosed markers stay text', 'un **seul', 'un \\*\\*seul'],
  // links
  ['internal link', '[[wiki:syntax]]', '[[wiki:syntax]]'],
  ['internal link with label', '[[wiki:syntax|la syntaxe]]', '[[wiki:syntax|la syntaxe]]'],
  ['link to a section', '[[page#Une section|là]]', '[[page#Une section|là]]'],
  ['relative links keep their meaning', '[[.:voisin]] [[..:parent]] [[ns:]] [[~sous]]', '[[.:voisin]] [[..:parent]] [[ns:]] [[~sous]]'],
  ['external link with label', '[[https://example.org/a|un site]]', '[un site](https://example.org/a)'],
  ['external link without label', '[[https://example.org/a]]', '<https://example.org/a>'],
  ['external link with parentheses', '[[https://x.org/a_(b)|x]]', '[x](<https://x.org/a_(b)>)'],
  ['e-mail link', '[[moi@example.org|écrire]]', '[écrire](mailto:moi@example.org)'],
  ['interwiki', '[[wpfr>Paris|Paris]] [[doku>syntax]]', '[Paris](https://fr.wikipedia.org/wiki/Paris) [syntax](https://www.dokuwiki.org/syntax)'],
  ['unknown interwiki stays text', '[[xyz>page]]', '\\[\\[xyz>page\\]\\]'],
  ['bare URL', 'voir https://example.org/page.', 'voir https://example.org/page.'],
  ['www address', 'voir www.dokuwiki.org et ceci', 'voir www.dokuwiki.org et ceci'],
  ['www address with underscores', 'voir www.dokuwiki.org/a_b_', 'voir [www.dokuwiki.org/a_b\\_](http://www.dokuwiki.org/a_b_)'],
  ['bare URL with underscores', 'https://x.org/_a_', '<https://x.org/_a_>'],
  ['e-mail address', 'écrire à <moi@example.org>', 'écrire à <moi@example.org>'],
  ['media stay as they are', '{{ns:image.png?200|légende}}', '{{ns:image.png?200|légende}}'],
  ['image link', '[[https://php.net|{{wiki:logo.png}}]]', '[{{wiki:logo.png}}](https://php.net)'],
  // line breaks, rules, macros
  ['forced line break', 'un\\\\ deux\\\\\ntrois', 'un\\\ndeux\\\ntrois'],
  ['line break ending a paragraph vanishes', 'fin\\\\', 'fin'],
  ['two backslashes inside a word stay', 'a\\\\b', 'a\\\\\\\\b'],
  ['horizontal rule', 'avant\n----\naprès', 'avant\n\n---\n\naprès'],
  ['NOTOC is kept', '~~NOTOC~~\ntexte', '~~NOTOC~~\n\ntexte'],
  ['NOCACHE is dropped', '~~NOCACHE~~\ntexte', 'texte'],
  // escaping: text that DokuWiki shows as is
  ['Markdown markup in text', 'a *b* _c_ `d` [e](f) \\g', 'a \\*b\\* \\_c\\_ \\`d\\` \\[e\\](f) \\\\g'],
  ['snake_case is left alone', 'ma_variable', 'ma_variable'],
  ['line starts that Markdown reads as blocks', '# pas un titre\n1. pas une liste\n- non plus\n+ ni ça', '\\# pas un titre\n1\\. pas une liste\n\\- non plus\n\\+ ni ça'],
  ['entities and tags stay text', '&amp; <b>', '\\&amp; \\<b>'],
  ['nowiki', '<nowiki>**pas gras** [[pas un lien]]</nowiki>', '\\*\\*pas gras\\*\\* \\[\\[pas un lien\\]\\]'],
  ['percent signs', '%%//pas italique//%%', '//pas italique//'],
  ['tildes', 'a ~~ b', 'a \\~\\~ b'],
  // lists
  ['unordered list', '  * un\n  * deux', '- un\n- deux'],
  ['ordered list', '  - un\n  - deux', '1. un\n1. deux'],
  ['nested lists', '  * un\n    * un.un\n      - un.un.un\n  * deux', '- un\n  - un.un\n    1. un.un.un\n- deux'],
  ['ordered parent indents by three', '  - un\n    * sous', '1. un\n   - sous'],
  ['list item with markup', '  * **gras** et [[lien]]', '- **gras** et [[lien]]'],
  ['list item that looks like a heading', '  * # dièse', '- \\# dièse'],
  // code
  ['code block', '<code>\nlet a = **1**;\n</code>', '```\nlet a = **1**;\n```'],
  ['code with a language', '<code php>\necho 1;\n</code>', '```php\necho 1;\n```'],
  ['file with a name', '<file php exemple.php>\necho 1;\n</file>', '```php exemple.php\necho 1;\n```'],
  ['file without a language', '<file - notes.txt>\nx\n</file>', '```text notes.txt\nx\n```'],
  ['code holding a fence', '<code>\n```\n</code>', '````\n```\n````'],
  ['code inside a paragraph', 'avant <code>x</code> après', 'avant\n\n```\nx\n```\n\naprès'],
  ['code quoted in percent signs stays text', "''%%<code>%%''", '`<code>`'],
  ['preformatted lines', 'texte\n  ligne **1**\n    ligne 2\nsuite', 'texte\n\n```\nligne **1**\n  ligne 2\n```\n\nsuite'],
  ['html blocks are shown as code', '<html><b>x</b></html>', '```html\n<b>x</b>\n```'],
  // tables
  ['table with a header', '^ A ^ B ^\n| 1 | 2 |', '| A | B |\n| --- | --- |\n| 1 | 2 |'],
  ['table without a header', '| 1 | 2 |\n| 3 | 4 |', '|  |  |\n| --- | --- |\n| 1 | 2 |\n| 3 | 4 |'],
  ['alignment from the first row', '^  droite^gauche  ^  centre  ^\n| a | b | c |', '| droite | gauche | centre |\n| ---: | :--- | :---: |\n| a | b | c |'],
  ['colspan becomes an empty cell', '^ A ^ B ^ C ^\n| large || c |', '| A | B | C |\n| --- | --- | --- |\n| large |  | c |'],
  ['rowspan becomes an empty cell', '^ A ^ B ^\n| 1 | x |\n| 2 | ::: |', '| A | B |\n| --- | --- |\n| 1 | x |\n| 2 |  |'],
  ['row headers become bold', '^ A ^ B ^\n^ ligne | 1 |', '| A | B |\n| --- | --- |\n| **ligne** | 1 |'],
  ['pipes in links and code are escaped', "^ A ^ B ^\n| [[p|label]] | ''a|b'' |", '| A | B |\n| --- | --- |\n| [[p\\|label]] | `a\\|b` |'],
  ['short rows are padded', '^ A ^ B ^\n| 1 |', '| A | B |\n| --- | --- |\n| 1 |  |'],
  // footnotes
  ['footnotes', 'texte((première note)) et((seconde **note**))', 'texte[^1] et[^2]\n\n[^1]: première note\n[^2]: seconde **note**'],
  // quotes
  ['quotes', '> oui\n> non\n>> peut-être', '> oui\\\n> non\n> > peut-être'],
  // unknown syntax passes through as text
  ['plugin syntax', '<WRAP info>texte</WRAP>', '\\<WRAP info>texte\\</WRAP>'],
  ['empty page', '', ''],
];

describe('dokuwikiToMarkdown', () => {
  it.each(cases)('%s', (_name, input, expected) => {
    expect(convert(input)).toBe(expected);
  });

  it('reads CRLF line ends', () => {
    expect(convert('===== T =====\r\n**a**\r\n')).toBe('## T\n\n**a**');
  });
});

const renderer = createRenderer();
const context = (pageId: string) => ({
  pageId,
  startPage: 'start',
  exists: () => true,
  linkState: () => 'exists' as const,
  pageUrl: idToPath,
});
const renderHtml = (markdown: string, pageId = 'wiki:syntax') => renderer.render(markdown, context(pageId)).html;

describe('converted text as Quire renders it', () => {
  it.each([
    ['a wiki link', '[[wiki:syntax|la syntaxe]]', 'class="wikilink"'],
    ['a wiki link inside a table', "^ A ^\n| [[p|label]] |", '>label</a></td>'],
    ['a footnote', 'texte((note))', 'class="footnote-ref"'],
    ['a table', '^ A ^ B ^\n| 1 | 2 |', '<td>2</td>'],
    ['a table without a header', '| 1 | 2 |', '<td>1</td>'],
    ['a forced line break', 'un\\\\ deux', 'un<br>'],
    ['escaped markup', 'a *b* [[x', 'a *b* [[x'],
    ['an ordered list', '  - un\n  - deux', '<ol>'],
  ])('%s', (_name, input, fragment) => {
    expect(renderHtml(dokuwikiToMarkdown(input))).toContain(fragment);
  });

  it("keeps every word of DokuWiki's syntax page", () => {
    const source = readFileSync(new URL('../fixtures/dokuwiki/syntax.txt', import.meta.url), 'utf8');
    const html = renderHtml(dokuwikiToMarkdown(source));
    const text = html
      .replace(/<[^>]+>/g, ' ')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
    const words = (s: string) => new Set(s.match(/[\p{L}\p{N}]{3,}/gu) ?? []);
    const rendered = words(text);
    // Link targets and media names do not show as text: leave them out of the comparison.
    const shown = source.replace(/\[\[[^|\]]*\|/g, '[[').replace(/\{\{[^}]*\}\}/g, '').replace(/\[\[(?:wp|doku)>/g, '[[');
    const lost = [...words(shown)].filter((word) => !rendered.has(word));
    expect(lost).toEqual([]);
  });
});
