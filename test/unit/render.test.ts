// The renderer as tables of cases (SPEC §2, §4, §10): page text in, HTML fragments, TOC and links out.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { idToPath } from '../../src/pages/page-id.js';
import { createRenderer, type RenderContext } from '../../src/render/index.js';

const PAGE = 'a:b:page';
const EXISTING = ['a:b:sibling', 'a:start', 'wiki:syntax', 'ns:start', 'ns2:ns2', 'ns3', 'secret:plan'];
const HIDDEN = ['secret:plan'];

function contextFor(pageId = PAGE, existing = EXISTING, hidden = HIDDEN): RenderContext {
  const pages = new Set(existing);
  const secret = new Set(hidden);
  return {
    pageId,
    startPage: 'start',
    exists: (id) => pages.has(id),
    linkState: (id) => (secret.has(id) ? 'hidden' : pages.has(id) ? 'exists' : 'missing'),
    pageUrl: idToPath,
  };
}

const renderer = createRenderer();
const render = (text: string, pageId = PAGE) => renderer.render(text, contextFor(pageId));

interface HtmlCase {
  name: string;
  text: string;
  page?: string;
  has?: string[];
  lacks?: string[];
}

const wikiLinks: HtmlCase[] = [
  { name: 'sibling that exists', text: '[[sibling]]', has: ['<a href="/a/b/sibling" class="wikilink" title="a:b:sibling">sibling</a>'] },
  {
    name: 'missing sibling',
    text: '[[nowhere]]',
    has: ['<a href="/a/b/nowhere" class="wikilink-missing" title="a:b:nowhere" rel="nofollow">nowhere</a>'],
  },
  { name: 'label', text: '[[sibling|The sibling]]', has: ['title="a:b:sibling">The sibling</a>'] },
  { name: 'label is escaped text', text: '[[sibling|<b>x</b> **y**]]', has: ['>&lt;b&gt;x&lt;/b&gt; **y**</a>'], lacks: ['<b>', '<strong>'] },
  { name: 'label holding brackets', text: '[[sibling|[draft]]]', has: ['title="a:b:sibling">[draft]</a>'] },
  { name: 'absolute id', text: '[[wiki:syntax]]', has: ['<a href="/wiki/syntax" class="wikilink" title="wiki:syntax">wiki:syntax</a>'] },
  { name: 'any colon makes it absolute', text: '[[sub:x]]', has: ['href="/sub/x"'] },
  { name: 'id is cleaned', text: '[[Wiki:Syntax Help]]', has: ['href="/wiki/syntax_help"', 'title="wiki:syntax_help"', '>Wiki:Syntax Help</a>'] },
  { name: 'root, label without the colon', text: '[[:start]]', has: ['href="/start" class="wikilink-missing" title="start" rel="nofollow">start</a>'] },
  { name: 'anchor on another page', text: '[[wiki:syntax#1. Introduction]]', has: ['href="/wiki/syntax#introduction"', '>wiki:syntax#1. Introduction</a>'] },
  { name: 'anchor on this page', text: '[[#Some Section]]', has: ['<a href="#some_section" class="wikilink" title="a:b:page">Some Section</a>'] },
  { name: 'namespace start page', text: '[[ns:]]', has: ['href="/ns/start" class="wikilink"'] },
  { name: 'namespace page named like it', text: '[[ns2:]]', has: ['href="/ns2/ns2" class="wikilink"'] },
  { name: 'page beside the namespace', text: '[[ns3:]]', has: ['href="/ns3" class="wikilink"'] },
  { name: 'missing namespace start', text: '[[zz:]]', has: ['href="/zz/start" class="wikilink-missing"'] },
  { name: 'one namespace up', text: '[[..:page]]', has: ['href="/a/page"', '>..:page</a>'] },
  { name: 'start page one namespace up', text: '[[..:]]', has: ['href="/a/start" class="wikilink"'] },
  { name: 'explicit current namespace', text: '[[.:x]] [[.sub:x]]', has: ['href="/a/b/x"', 'href="/a/b/sub/x"'] },
  { name: 'bare .. is the current start page', text: '[[..]]', has: ['href="/a/b/start"'] },
  { name: 'tilde: the page as a namespace', text: '[[~sub]]', has: ['href="/a/b/page/sub"'] },
  { name: 'from a root page', text: '[[other]]', page: 'start', has: ['href="/other"', 'title="other"'] },
  { name: 'hidden page is plain text', text: 'see [[secret:plan|The plan]].', has: ['<p>see The plan.</p>'], lacks: ['<a', 'secret', 'wikilink'] },
  { name: 'target cleaning to nothing', text: '[[???]]', lacks: ['<a'], has: ['???'] },
  { name: 'empty target', text: '[[]] [[|x]]', lacks: ['<a'], has: ['[[]] [[|x]]'] },
  { name: 'inside a code span', text: '`[[sibling]]`', has: ['<code>[[sibling]]</code>'], lacks: ['<a'] },
  { name: 'inside fenced code', text: '```\n[[sibling]]\n```', has: ['<pre><code>[[sibling]]\n</code></pre>'], lacks: ['<a'] },
  { name: 'does not span lines', text: '[[sib\nling]]', lacks: ['<a'] },
  { name: 'in an inline footnote', text: 'x^[see [[sibling]]]', has: ['see <a href="/a/b/sibling" class="wikilink" title="a:b:sibling">sibling</a>'] },
  { name: 'in a table with an escaped bar', text: '| a |\n|---|\n| [[sibling\\|S]] |', has: ['<td><a href="/a/b/sibling" class="wikilink" title="a:b:sibling">S</a></td>'] },
];

const externalLinks: HtmlCase[] = [
  { name: 'wiki syntax with label', text: '[[https://example.com|Example]]', has: ['<a href="https://example.com" class="urlextern" rel="nofollow ugc noopener">Example</a>'] },
  { name: 'wiki syntax without label', text: '[[https://example.com/x]]', has: ['class="urlextern" rel="nofollow ugc noopener">https://example.com/x</a>'] },
  { name: 'mailto in wiki syntax', text: '[[mailto:me@example.com|mail]]', has: ['<a href="mailto:me@example.com" class="urlextern"'] },
  { name: 'markdown link', text: '[x](https://x.org)', has: ['<a href="https://x.org" class="urlextern" rel="nofollow ugc noopener">x</a>'] },
  { name: 'autolink', text: '<https://y.org>', has: ['<a href="https://y.org" class="urlextern" rel="nofollow ugc noopener">https://y.org</a>'] },
  { name: 'linkified text', text: 'see www.example.com now', has: ['<a href="http://www.example.com" class="urlextern" rel="nofollow ugc noopener">www.example.com</a>'] },
  { name: 'path on this site is left alone', text: '[search](/_/search)', has: ['<a href="/_/search">search</a>'] },
];

const markdownPageLinks: HtmlCase[] = [
  { name: 'id with a colon', text: '[p](wiki:syntax)', has: ['<a href="/wiki/syntax" class="wikilink" title="wiki:syntax">p</a>'] },
  { name: 'relative name', text: '[p](sibling)', has: ['<a href="/a/b/sibling" class="wikilink" title="a:b:sibling">p</a>'] },
  { name: 'missing page', text: '[p](nowhere)', has: ['class="wikilink-missing" title="a:b:nowhere" rel="nofollow">p</a>'] },
  { name: 'encoded section', text: '[p](wiki:syntax#Some%20Section)', has: ['href="/wiki/syntax#some_section"'] },
  { name: 'anchor on this page', text: '[p](#Here)', has: ['<a href="#here" class="wikilink" title="a:b:page">p</a>'] },
  { name: 'name with spaces', text: '[p](<Some Page>)', has: ['href="/a/b/some_page"'] },
  { name: 'writer title kept', text: '[p](wiki:syntax "Read me")', has: ['title="Read me"'], lacks: ['title="wiki:syntax"'] },
  { name: 'hidden page', text: '[the plan](secret:plan)', has: ['<p>the plan</p>'], lacks: ['<a'] },
];

const safety: HtmlCase[] = [
  { name: 'raw HTML is escaped', text: '<script>alert(1)</script>', has: ['&lt;script&gt;alert(1)&lt;/script&gt;'], lacks: ['<script'] },
  { name: 'raw HTML block is escaped', text: '<div onclick="x()">\nhi\n</div>', lacks: ['<div'] },
  { name: 'javascript: markdown link', text: '[x](javascript:alert(1))', lacks: ['<a', 'href'] },
  { name: 'javascript: autolink', text: '<javascript:alert(1)>', lacks: ['<a', 'href'] },
  { name: 'javascript:// in wiki syntax', text: '[[javascript://%0aalert(1)]]', lacks: ['<a', 'href'] },
  { name: 'javascript: in wiki syntax is a page name', text: '[[javascript:alert(1)]]', has: ['href="/javascript/alert_1"'], lacks: ['href="javascript'] },
  { name: 'attribute quotes in a target', text: '[[x" onmouseover="y]]', lacks: ['" onmouseover'] },
];

const markdown: HtmlCase[] = [
  { name: 'footnotes', text: 'Text[^1].\n\n[^1]: The note.', has: ['<sup class="footnote-ref"><a href="#fn1" id="fnref1">[1]</a></sup>', '<section class="footnotes">', 'The note.'] },
  { name: 'table', text: '| a | b |\n|---|---|\n| 1 | 2 |', has: ['<table>', '<th>a</th>', '<td>2</td>'] },
  {
    name: 'table in a box that scrolls sideways and takes focus',
    text: '| a | b |\n|---|---|\n| 1 | 2 |',
    has: ['<div class="table-wrap" tabindex="0">\n<table>', '</table>\n</div>'],
  },
  { name: 'fenced code with a language', text: '```ts\nconst a = 1 < 2;\n```', has: ['<pre><code class="language-ts">const a = 1 &lt; 2;\n</code></pre>'] },
  { name: 'strikethrough', text: '~~gone~~', has: ['<s>gone</s>'] },
  { name: 'no typographer', text: '"quotes" -- (c)', has: ['&quot;quotes&quot; -- (c)'] },
  { name: 'heading anchors with repeats', text: '# Intro\n## Intro\n## Intro\n###### Deep', has: ['<h1 id="intro">', '<h2 id="intro1">', '<h2 id="intro2">', '<h6 id="deep">'] },
  { name: 'heading anchor from a numbered title', text: '## 1. Introduction', has: ['<h2 id="introduction">1. Introduction</h2>'] },
  { name: 'NOTOC line removed', text: 'para\n~~NOTOC~~\nnext', has: ['<p>para</p>', '<p>next</p>'], lacks: ['NOTOC', '<s>'] },
  { name: 'NOTOC inside text removed', text: 'a ~~NOTOC~~ b', lacks: ['NOTOC', '<s>'] },
  { name: 'NOTOC in code stays', text: '`~~NOTOC~~`', has: ['<code>~~NOTOC~~</code>'] },
];

describe.each([
  ['wiki links', wikiLinks],
  ['external links', externalLinks],
  ['markdown links to pages', markdownPageLinks],
  ['safety', safety],
  ['markdown', markdown],
])('%s', (_group, cases) => {
  it.each(cases)('$name', ({ text, page, has = [], lacks = [] }) => {
    const { html } = render(text, page);
    for (const fragment of has) expect(html).toContain(fragment);
    for (const fragment of lacks) expect(html).not.toContain(fragment);
  });
});

describe('table of contents and title', () => {
  it.each([
    { text: 'no headings', toc: [], title: null },
    {
      text: '# Title\n\ntext\n\n## Part\n### Part\n##### Too deep',
      toc: [
        { level: 1, text: 'Title', anchor: 'title' },
        { level: 2, text: 'Part', anchor: 'part' },
        { level: 3, text: 'Part', anchor: 'part1' },
      ],
      title: 'Title',
    },
    {
      text: '## See [[sibling|the *sibling*]] and `code`\n\n# Second',
      toc: [
        { level: 2, text: 'See the *sibling* and code', anchor: 'see_the_sibling_and_code' },
        { level: 1, text: 'Second', anchor: 'second' },
      ],
      title: 'See the *sibling* and code',
    },
    { text: '## About [[secret:plan|plans]]', toc: [{ level: 2, text: 'About plans', anchor: 'about_plans' }], title: 'About plans' },
    { text: 'Setext\n===', toc: [{ level: 1, text: 'Setext', anchor: 'setext' }], title: 'Setext' },
  ])('$text', ({ text, toc, title }) => {
    const result = render(text);
    expect(result.toc).toEqual(toc);
    expect(result.title).toBe(title);
  });

  it('starts the anchor counter afresh for every render', () => {
    expect(render('# A').html).toContain('id="a"');
    expect(render('# A').html).toContain('id="a"');
  });
});

describe('NOTOC', () => {
  it.each([
    { text: '# A\n~~NOTOC~~\n## B', notoc: true },
    { text: 'a ~~NOTOC~~ b', notoc: true },
    { text: '> ~~NOTOC~~', notoc: true },
    { text: '# A\n## B', notoc: false },
    { text: '`~~NOTOC~~`', notoc: false },
    { text: '    ~~NOTOC~~', notoc: false },
    { text: '~~NOTOC~~ trailing', notoc: true },
  ])('$text → $notoc', ({ text, notoc }) => {
    expect(render(text).notoc).toBe(notoc);
  });
});

describe('links list', () => {
  it.each([
    { text: 'none here [x](https://e.org)', links: [] },
    { text: '[[sibling]] [[wiki:syntax#Part]] [[sibling|again]] [p](wiki:syntax)', links: ['a:b:sibling', 'wiki:syntax'] },
    { text: '[[#Self]] [p](#here) [[nowhere]]', links: ['a:b:nowhere'] },
    { text: '[[ns:]] [[..:]] [[zz:]]', links: ['ns:start', 'a:start', 'zz:start'] },
    { text: 'hidden too: [[secret:plan]]', links: ['secret:plan'] },
    { text: '`[[sibling]]` [[???]] [search](/_/search)', links: [] },
    { text: 'Note[^1]\n\n[^1]: [[wiki:syntax]]', links: ['wiki:syntax'] },
  ])('$text', ({ text, links }) => {
    expect(render(text).links).toEqual(links);
    expect(renderer.extractLinks(text, contextFor())).toEqual(links);
  });

  it('extractLinks asks no link states', () => {
    const ctx = { ...contextFor(), linkState: () => { throw new Error('not needed'); } };
    expect(renderer.extractLinks('[[sibling]] [p](wiki:syntax)', ctx)).toEqual(['a:b:sibling', 'wiki:syntax']);
  });
});

describe('extensions', () => {
  it('are applied to the markdown-it instance', () => {
    const custom = createRenderer({
      extensions: [(md) => { md.renderer.rules.hr = () => '<hr class="custom">\n'; }],
    });
    expect(custom.render('---', contextFor()).html).toContain('<hr class="custom">');
  });
});

describe('a real page', () => {
  const text = readFileSync(new URL('../fixtures/render/chief-ai-officer.md', import.meta.url), 'utf8');
  const result = renderer.render(text, contextFor('elsenews:spot-2025:06:chief-ai-officer', ['elsenews:spot-2025:06:start']));

  it('has its headings, title and table of contents', () => {
    expect(result.html.match(/<h[1-6] id="/g)).toHaveLength(8);
    expect(result.toc).toHaveLength(8);
    expect(result.title).toBe('Le « Chief AI Officer », nouveau poste en vogue dans les comités de direction');
    expect(result.toc[1]).toEqual({ level: 2, text: "Un poste né de l'urgence", anchor: 'un_poste_ne_de_l_urgence' });
  });

  it('resolves its links', () => {
    expect(result.links).toEqual(['elsenews:spot-2025:05:ia-act-calendrier', 'elsenews:spot-2025:06:start']);
    expect(result.html).not.toContain('[[');
    expect(result.html).toContain('href="/elsenews/spot-2025/06/start" class="wikilink"');
    expect(result.html).toContain('class="wikilink-missing"');
    expect(result.html).toContain('href="https://digital-strategy.ec.europa.eu/fr" class="urlextern"');
  });
});
