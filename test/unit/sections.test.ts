// Section editing (SPEC §12): which headings open a section, where each section ends, and splicing
// an edited section back — byte for byte when nothing changed, whatever the line breaks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sectionsOf, sectionText, spliceSection } from '../../src/pages/sections.js';
import { idToPath } from '../../src/pages/page-id.js';
import { createRenderer, type RenderContext } from '../../src/render/index.js';

const renderer = createRenderer();
const context: RenderContext = { pageId: 'guide', linkState: () => 'exists', exists: () => true, startPage: 'start', pageUrl: idToPath };

/** Each section as [number, level, its text]. */
const outline = (text: string) => sectionsOf(text).map((section) => [section.number, section.level, text.slice(section.start, section.end)]);

describe('sectionsOf', () => {
  it.each([
    ['no heading', 'Just text.\n\nMore.\n', []],
    ['one heading, the whole page', '# Title\n\nText.\n', [[1, 1, '# Title\n\nText.\n']]],
    [
      'text before the first heading is in no section',
      'Intro.\n\n## First\n\nOne.\n',
      [[1, 2, '## First\n\nOne.\n']],
    ],
    [
      'a section runs to the next heading of the same level',
      '## A\na\n## B\nb\n',
      [
        [1, 2, '## A\na\n'],
        [2, 2, '## B\nb\n'],
      ],
    ],
    [
      'a section holds its subsections',
      '# Top\nt\n## Sub\ns\n### Deeper\nd\n# Next\nn\n',
      [
        [1, 1, '# Top\nt\n## Sub\ns\n### Deeper\nd\n'],
        [2, 2, '## Sub\ns\n### Deeper\nd\n'],
        [3, 3, '### Deeper\nd\n'],
        [4, 1, '# Next\nn\n'],
      ],
    ],
    [
      'a higher heading ends a lower section',
      '### Small\nx\n## Bigger\ny\n',
      [
        [1, 3, '### Small\nx\n'],
        [2, 2, '## Bigger\ny\n'],
      ],
    ],
    ['headings of level 4 to 6 open no section and end none', '## A\n#### Four\nf\n##### Five\n###### Six\n', [[1, 2, '## A\n#### Four\nf\n##### Five\n###### Six\n']]],
    [
      'headings inside fenced code are not headings',
      '# Real\n\n```\n# not a heading\n## nor this\n```\n\n~~~md\n# nor this\n~~~\n',
      [[1, 1, '# Real\n\n```\n# not a heading\n## nor this\n```\n\n~~~md\n# nor this\n~~~\n']],
    ],
    ['an indented line is code, not a heading', '# Real\n\n    # code\n', [[1, 1, '# Real\n\n    # code\n']]],
    ['headings in quotes and lists belong to the text around them', '# A\n> # quoted\n\n- # listed\n', [[1, 1, '# A\n> # quoted\n\n- # listed\n']]],
    [
      'setext headings, level 1 and 2',
      'Title\n=====\n\nText.\n\nPart\n----\n\nMore.\n',
      [
        [1, 1, 'Title\n=====\n\nText.\n\nPart\n----\n\nMore.\n'],
        [2, 2, 'Part\n----\n\nMore.\n'],
      ],
    ],
    [
      'a setext heading of several lines starts at its first line',
      '# A\n\nFirst line\nsecond line\n---\nafter\n',
      [
        [1, 1, '# A\n\nFirst line\nsecond line\n---\nafter\n'],
        [2, 2, 'First line\nsecond line\n---\nafter\n'],
      ],
    ],
    ['a rule after a blank line is not a heading', '# A\n\n---\n\ntext\n', [[1, 1, '# A\n\n---\n\ntext\n']]],
    [
      'CRLF line breaks are kept in the section',
      '# A\r\none\r\n## B\r\ntwo\r\n',
      [
        [1, 1, '# A\r\none\r\n## B\r\ntwo\r\n'],
        [2, 2, '## B\r\ntwo\r\n'],
      ],
    ],
    [
      'a section at the end of the text without a final line break',
      '# A\na\n# B\nlast line',
      [
        [1, 1, '# A\na\n'],
        [2, 1, '# B\nlast line'],
      ],
    ],
    ['a heading alone on the last line', 'text\n\n## End', [[1, 2, '## End']]],
    ['closing hashes and indented headings', '  ## Indented ##\nx\n', [[1, 2, '  ## Indented ##\nx\n']]],
    ['a table row starting with # is not a heading', '| # | x |\n| - | - |\n| 1 | 2 |\n', []],
  ])('%s', (_name, text, expected) => {
    expect(outline(text)).toEqual(expected);
  });
});

describe('sectionText and spliceSection', () => {
  const page = '# Guide\n\nIntro.\n\n## Install\n\nSteps.\n\n## Use\n\nMore.\n';

  it('gives the source of one section', () => {
    expect(sectionText(page, 2)).toBe('## Install\n\nSteps.\n\n');
    expect(sectionText(page, 4)).toBeUndefined();
    expect(sectionText(page, 0)).toBeUndefined();
  });

  it.each([
    ['replaces only that section', 2, '## Install\n\nNew steps.\n\n', '# Guide\n\nIntro.\n\n## Install\n\nNew steps.\n\n## Use\n\nMore.\n'],
    ['adds the line break a textarea may drop before the next heading', 2, '## Setup\n\nSteps.', '# Guide\n\nIntro.\n\n## Setup\n\nSteps.\n## Use\n\nMore.\n'],
    ['replaces the last section to the end of the text', 3, '## Use\n\nLess.', '# Guide\n\nIntro.\n\n## Install\n\nSteps.\n\n## Use\n\nLess.'],
    ['an emptied section disappears', 2, '', '# Guide\n\nIntro.\n\n## Use\n\nMore.\n'],
    ['a section may gain headings', 3, '## Use\n\nMore.\n\n## Also\n\nExtra.\n', '# Guide\n\nIntro.\n\n## Install\n\nSteps.\n\n## Use\n\nMore.\n\n## Also\n\nExtra.\n'],
  ])('%s', (_name, number, replacement, expected) => {
    expect(spliceSection(page, number, replacement)).toBe(expected);
  });

  it('keeps a setext heading after the section from swallowing its last line', () => {
    const text = '# A\n\n```\ncode\n```\nNext\n====\n';
    expect(sectionText(text, 1)).toBe('# A\n\n```\ncode\n```\n');
    const spliced = spliceSection(text, 1, '# A\n\nplain text');
    expect(spliced).toBe('# A\n\nplain text\n\nNext\n====\n');
    expect(sectionsOf(spliced!).map((section) => section.level)).toEqual([1, 1]);
  });

  it('answers undefined for a section that does not exist', () => {
    expect(spliceSection(page, 9, 'x')).toBeUndefined();
  });
});

// Texts built from the lines that matter to sections, with every kind of line break.
const line = fc.constantFrom('# One', '## Two', '### Three', '#### Four', 'Setext', '====', '----', 'text', '', '```', '~~~', '    # code', '> # quote', '- # item', '| a | b |', '| - | - |');
const lineBreak = fc.constantFrom('\n', '\r\n', '\r');
const text = fc
  .tuple(fc.array(fc.tuple(line, lineBreak), { maxLength: 30 }), fc.boolean())
  .map(([lines, endsWithBreak]) => {
    const joined = lines.map(([content, end]) => content + end).join('');
    return endsWithBreak ? joined : joined.replace(/(\r\n|\r|\n)$/, '');
  });

describe('properties', () => {
  it('cutting the text at every section start and joining the pieces gives it back byte for byte', () => {
    fc.assert(
      fc.property(text, (source) => {
        const starts = sectionsOf(source).map((section) => section.start);
        const cuts = [0, ...starts, source.length];
        const pieces = cuts.slice(1).map((end, i) => source.slice(cuts[i], end));
        expect(pieces.join('')).toBe(source);
        expect([...starts].sort((a, b) => a - b)).toEqual(starts);
      }),
      { numRuns: 500 },
    );
  });

  it('every section starts and ends on a line boundary', () => {
    fc.assert(
      fc.property(text, (source) => {
        const boundary = (at: number) => at === 0 || at === source.length || /[\r\n]/.test(source[at - 1]!);
        for (const section of sectionsOf(source)) {
          expect(boundary(section.start) && boundary(section.end)).toBe(true);
          expect(section.end).toBeGreaterThan(section.start);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('putting a section back unchanged gives the text back byte for byte', () => {
    fc.assert(
      fc.property(text, (source) => {
        for (const section of sectionsOf(source)) {
          expect(spliceSection(source, section.number, sectionText(source, section.number)!)).toBe(source);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('the page shows a section link for exactly the headings the splitter finds', () => {
    fc.assert(
      fc.property(text, (source) => {
        const shown = renderer.render(source, context).sections.map((section) => [section.number, section.level]);
        expect(shown).toEqual(sectionsOf(source).map((section) => [section.number, section.level]));
      }),
      { numRuns: 300 },
    );
  });

  it('a spliced section is found again at the same place with the same text', () => {
    fc.assert(
      fc.property(text, fc.constantFrom('## New\n\nwords\n', '### Other\r\nx', '# Top\n'), (source, replacement) => {
        const first = sectionsOf(source)[0];
        if (!first) return;
        const spliced = spliceSection(source, first.number, replacement)!;
        expect(spliced.startsWith(source.slice(0, first.start) + replacement)).toBe(true);
        expect(spliced.endsWith(source.slice(first.end))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
