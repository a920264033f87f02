// Pathological page text (issue 13, attack findings): 2 MB written to be slow, each rendered and
// word-counted once within a generous second. Before the fix some took minutes or hours. The
// bound is on the process's CPU time, so a machine busy with other work does not fail it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { idToPath } from '../../src/pages/page-id.js';
import { countWords } from '../../src/plugins/wordcount/words.js';
import { createRenderer, RENDER_LIMITS, type RenderContext } from '../../src/render/index.js';

const SIZE = 2 * 1024 * 1024;
const LIMIT_MS = 1000;

const context: RenderContext = {
  pageId: 'a:page',
  startPage: 'start',
  exists: () => false,
  linkState: () => 'missing',
  pageUrl: idToPath,
};

/** `unit` repeated to SIZE characters. */
const fill = (unit: string): string => unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);

function referenceFootnotes(): string {
  const refs: string[] = [];
  const defs: string[] = [];
  for (let i = 0, length = 0; length < SIZE - 40; i++) {
    refs.push(`[^${i}] `);
    defs.push(`[^${i}]: note ${i}\n`);
    length += refs[i]!.length + defs[i]!.length;
  }
  return `${refs.join('')}\n\n${defs.join('')}`;
}

const pages: [string, () => string][] = [
  ['inline footnotes ^[x]', () => fill('^[x] ')],
  ['reference footnotes and their definitions', referenceFootnotes],
  ['unclosed [', () => fill('[')],
  ['unclosed [[a', () => fill('[[a')],
  ['[[a|[b, brackets inside labels', () => fill('[[a|[b')],
  ['[^ after a definition', () => `[^x]: y\n\n${fill('[^')}`],
  ['^[ unclosed inline notes', () => fill('^[')],
  ['nested inline notes', () => `${'^['.repeat(SIZE / 4)}x${']'.repeat(SIZE / 4)}`],
  ['unclosed {', () => fill('{')],
  ['unclosed {{a', () => fill('{{a')],
  ['media everywhere', () => fill('{{a.png}}')],
  ['wiki links everywhere', () => fill('[[a]]')],
  ['a table of 2 MB', () => `| a | b | c | d |\n|---|---|---|---|\n${fill('| 1 | 2 | 3 | 4 |\n')}`],
  ['a table of many columns', () => `${fill('|a')}\n${fill('|-')}\n`],
  ['headings', () => fill('# a\n')],
  ['a heading of dots', () => `# ${fill('.')}a`],
  ['a wiki link to dots', () => `[[${fill('.')}a]]`],
  ['a million lines', () => fill('a\n')],
  ['emphasis markers', () => fill('*a_')],
  ['backticks', () => fill('`a')],
  ['link openings', () => fill('[a](')],
  ['block quotes', () => fill('> ')],
  ['nested lists', () => fill('- ')],
  ['URLs', () => fill('http://a ')],
];

function cpuMs(run: () => void): number {
  const before = process.cpuUsage();
  run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

describe('rendering pathological pages', () => {
  const renderer = createRenderer();
  // The first render of a process compiles the parser: done once, outside the bounds.
  renderer.render('# warm\n\ntext [[a]] ^[b] {{c.png}}\n\n| a |\n|---|\n| 1 |', context);

  it.each(pages)('%s: rendered within a second', (_name, make) => {
    const text = make();
    let html = '';
    const ms = cpuMs(() => {
      html = renderer.render(text, context).html;
    });
    expect(html.length).toBeGreaterThan(0);
    expect(ms).toBeLessThan(LIMIT_MS);
  });

  it.each([
    ['a table of 2 MB', pages[12]![1]],
    ['a million lines', pages[17]![1]],
    ['inline footnotes ^[x]', pages[0]![1]],
    ['headings', pages[14]![1]],
  ])('%s: the rest past the bounds is plain text, and the render says so', (_name, make) => {
    const result = renderer.render(make(), context);
    expect(result.limited).toBe(true);
    expect(result.html.length).toBeLessThan(4 * SIZE);
  });

  it('bounds table cells per page: the rows past them are text', () => {
    const rows = RENDER_LIMITS.tableCells;
    const text = `| a | b |\n|---|---|\n${'| 1 | 2 |\n'.repeat(rows)}`;
    const { html, limited } = renderer.render(text, context);
    expect(limited).toBe(true);
    expect(html.match(/<tr>/g)?.length).toBeLessThanOrEqual(rows / 2 + 1);
    expect(html).toContain('<pre class="render-cut">| 1 | 2 |\n');
  });

  it('leaves ordinary pages whole', () => {
    for (const file of ['../../content/wiki-syntax.md', '../fixtures/render/chief-ai-officer.md']) {
      const text = readFileSync(new URL(file, import.meta.url), 'utf8');
      const result = renderer.render(text, context);
      expect(result.limited).toBe(false);
      expect(result.html).not.toContain('render-cut');
    }
  });
});

describe('counting the words of pathological pages', () => {
  it.each([
    ['unclosed {{', fill('{')],
    ['[[| without a close', fill('[[|')],
    ['](, link URLs without a close', fill('](')],
    [']( "title without a close', fill('](a "')],
    ['a.a.a, schemes without ://', fill('a.')],
    ['://, schemes without a name', fill('://')],
    ['~~A, directives without a close', fill('~~A')],
    ['words joined by hyphens', fill('a-')],
  ])('%s: counted within a second', (_name, text) => {
    let words = -1;
    const ms = cpuMs(() => {
      words = countWords(text);
    });
    expect(words).toBeGreaterThanOrEqual(0);
    expect(ms).toBeLessThan(LIMIT_MS);
  });
});
