// Revision diffs (inline and side by side, with word segments) and the three-way merge.
import { describe, expect, it } from 'vitest';
import { type InlineRow, type Segment, type SideRow, diffTexts, mergeThreeWay } from '../../src/pages/diff.js';

/** Rows as short strings: ' ' same, '-' del, '+' ins, '~' change, '@' gap; [-x-] and {+y+} mark segments. */
const show = (segments: Segment[] | null): string =>
  (segments ?? []).map(({ kind, text }) => (kind === 'del' ? `[-${text}-]` : kind === 'ins' ? `{+${text}+}` : text)).join('');
const mark = { same: ' ', del: '-', ins: '+', change: '~', gap: '@' } as const;
const inlineView = (rows: InlineRow[]): string[] => rows.map((row) => mark[row.kind] + show(row.segments));
const sideView = (rows: SideRow[]): string[] => rows.map((row) => `${mark[row.kind]}${show(row.left)} | ${show(row.right)}`);
const numbers = (rows: (InlineRow | SideRow)[]): string[] => rows.map((row) => `${row.oldLine ?? '-'}:${row.newLine ?? '-'}`);
const lines = (n: number, edit: (i: number) => string | null = (i) => `line ${i}`): string =>
  Array.from({ length: n }, (_, i) => edit(i + 1))
    .filter((line) => line !== null)
    .join('\n');

describe('diffTexts inline', () => {
  it.each([
    { what: 'identical texts show nothing', old: 'a\nb\n', new: 'a\nb\n', inline: [], added: 0, removed: 0 },
    { what: 'CRLF and LF are the same text', old: 'a\r\nb\r\n', new: 'a\nb\n', inline: [], added: 0, removed: 0 },
    { what: 'a trailing newline alone is no change', old: 'a\nb', new: 'a\nb\n', inline: [], added: 0, removed: 0 },
    { what: 'insert at start', old: 'b\nc', new: 'a\nb\nc', inline: ['+{+a+}', ' b', ' c'], added: 1, removed: 0 },
    { what: 'insert at end', old: 'a\nb', new: 'a\nb\nc\n', inline: [' a', ' b', '+{+c+}'], added: 1, removed: 0 },
    { what: 'insert in the middle', old: 'a\nc', new: 'a\nb\nc', inline: [' a', '+{+b+}', ' c'], added: 1, removed: 0 },
    { what: 'deletion', old: 'a\nb\nc', new: 'a\nc', inline: [' a', '-[-b-]', ' c'], added: 0, removed: 1 },
    {
      what: 'a replaced word is the only marked text',
      old: 'the quick brown fox',
      new: 'the slow brown fox',
      inline: ['-the [-quick-] brown fox', '+the {+slow+} brown fox'],
      added: 1,
      removed: 1,
    },
    {
      what: 'a changed block lists deleted lines then inserted lines',
      old: 'x\none two\nthree four\ny',
      new: 'x\none 2\nthree 4\nfive\ny',
      inline: [' x', '-one [-two-]', '-three [-four-]', '+one {+2+}', '+three {+4+}', '+{+five+}', ' y'],
      added: 3,
      removed: 2,
    },
    { what: 'creation: empty old text', old: '', new: 'a\nb\n', inline: ['+{+a+}', '+{+b+}'], added: 2, removed: 0 },
    { what: 'deletion: empty new text', old: 'a\nb', new: '', inline: ['-[-a-]', '-[-b-]'], added: 0, removed: 2 },
    { what: 'CRLF old against an LF edit', old: 'a\r\nb\r\nc\r\n', new: 'a\nB\nc\n', inline: [' a', '-[-b-]', '+{+B+}', ' c'], added: 1, removed: 1 },
  ])('$what', ({ old, new: next, inline, added, removed }) => {
    const result = diffTexts(old, next);
    expect(inlineView(result.inline)).toEqual(inline);
    expect(result.added).toBe(added);
    expect(result.removed).toBe(removed);
    expect(result.identical).toBe(added === 0 && removed === 0);
  });

  it('keeps every line of identical texts when context is Infinity', () => {
    const result = diffTexts('a\nb', 'a\nb', Infinity);
    expect(result.identical).toBe(true);
    expect(inlineView(result.inline)).toEqual([' a', ' b']);
    expect(numbers(result.sideBySide)).toEqual(['1:1', '2:2']);
  });

  it('numbers the lines of each side', () => {
    const result = diffTexts('a\nb\nc', 'a\nB\nc\nd');
    expect(numbers(result.inline)).toEqual(['1:1', '2:-', '-:2', '3:3', '-:4']);
  });
});

describe('diffTexts context', () => {
  const twenty = lines(20);
  it.each([
    {
      what: 'one change in the middle, 2 lines of context',
      new: lines(20, (i) => (i === 10 ? 'ten' : `line ${i}`)),
      context: 2,
      inline: ['@', ' line 8', ' line 9', '-[-line 10-]', '+{+ten+}', ' line 11', ' line 12'],
      numbers: ['1:1', '8:8', '9:9', '10:-', '-:10', '11:11', '12:12'],
    },
    {
      what: 'two changes far apart leave a gap between them',
      new: lines(20, (i) => (i === 3 || i === 15 ? null : `line ${i}`)),
      context: 1,
      inline: ['@', ' line 2', '-[-line 3-]', ' line 4', '@', ' line 14', '-[-line 15-]', ' line 16'],
      numbers: ['1:1', '2:2', '3:-', '4:3', '5:4', '14:13', '15:-', '16:14'],
    },
    {
      what: 'changes closer than twice the context share their lines',
      new: lines(20, (i) => (i === 3 || i === 8 ? null : `line ${i}`)),
      context: 3,
      inline: [' line 1', ' line 2', '-[-line 3-]', ' line 4', ' line 5', ' line 6', ' line 7', '-[-line 8-]', ' line 9', ' line 10', ' line 11'],
      numbers: ['1:1', '2:2', '3:-', '4:3', '5:4', '6:5', '7:6', '8:-', '9:7', '10:8', '11:9'],
    },
    {
      what: 'context 0 shows changes only',
      new: lines(20, (i) => (i === 1 ? null : i === 20 ? 'last' : `line ${i}`)),
      context: 0,
      inline: ['-[-line 1-]', '@', '-[-line 20-]', '+{+last+}'],
      numbers: ['1:-', '2:1', '20:-', '-:19'],
    },
  ])('$what', ({ new: next, context, inline, numbers: expected }) => {
    const result = diffTexts(twenty, next, context);
    expect(inlineView(result.inline)).toEqual(inline);
    expect(numbers(result.inline)).toEqual(expected);
  });

  it('keeps all lines with Infinity', () => {
    const result = diffTexts(twenty, lines(20, (i) => (i === 10 ? 'ten' : `line ${i}`)), Infinity);
    expect(result.inline).toHaveLength(21);
    expect(result.inline.some((row) => row.kind === 'gap')).toBe(false);
  });
});

describe('diffTexts side by side', () => {
  it.each([
    {
      what: 'a replaced line is one change row',
      old: 'a\nold word\nc',
      new: 'a\nnew word\nc',
      side: [' a | a', '~[-old-] word | {+new+} word', ' c | c'],
      numbers: ['1:1', '2:2', '3:3'],
    },
    {
      what: 'extra inserted lines follow the pairs',
      old: 'x\na1\na2\ny',
      new: 'x\nb1\nb2\nb3\ny',
      side: [' x | x', '~[-a1-] | {+b1+}', '~[-a2-] | {+b2+}', '+ | {+b3+}', ' y | y'],
      numbers: ['1:1', '2:2', '3:3', '-:4', '4:5'],
    },
    {
      what: 'extra deleted lines follow the pairs',
      old: 'a1\na2\na3',
      new: 'b1',
      side: ['~[-a1-] | {+b1+}', '-[-a2-] | ', '-[-a3-] | '],
      numbers: ['1:1', '2:-', '3:-'],
    },
    { what: 'pure insertion', old: 'a', new: 'a\nb', side: [' a | a', '+ | {+b+}'], numbers: ['1:1', '-:2'] },
  ])('$what', ({ old, new: next, side, numbers: expected }) => {
    const result = diffTexts(old, next);
    expect(sideView(result.sideBySide)).toEqual(side);
    expect(numbers(result.sideBySide)).toEqual(expected);
  });

  it('has no segments on a gap row', () => {
    const gap = diffTexts(lines(10), lines(10, (i) => (i === 10 ? 'x' : `line ${i}`)), 1).sideBySide[0];
    expect(gap).toEqual({ kind: 'gap', oldLine: 1, newLine: 1, left: null, right: null });
  });
});

describe('diffTexts on large texts', () => {
  it('marks a very long changed line whole instead of diffing its words', () => {
    const long = 'word '.repeat(3000);
    const result = diffTexts(long, `${long}more`);
    expect(result.inline.map((row) => row.segments.map((s) => s.kind))).toEqual([['del'], ['ins']]);
  });

  it('diffs a 2 MB page with a few edits down to the changed words', () => {
    const page = lines(40_000, (i) => `Line ${i} with enough words to make a long wiki page`);
    const edited = page.replace('Line 100 with', 'Line 100 without').replace('Line 30000 with', 'Line 30000 sans');
    const result = diffTexts(page, edited);
    expect([result.added, result.removed]).toEqual([2, 2]);
    expect(show(result.inline.find((row) => row.kind === 'ins')?.segments ?? [])).toContain('{+without+}');
  });

  it('shows a rewritten 2 MB page as old lines out, new lines in', () => {
    const page = lines(40_000, (i) => `Line ${i} with enough words to make a long wiki page`);
    const other = lines(40_000, (i) => `Another ${i} with different words in it`);
    const result = diffTexts(page, other);
    expect([result.added, result.removed]).toEqual([40_000, 40_000]);
  });
});

describe('mergeThreeWay', () => {
  const base = 'one\ntwo\nthree\nfour\nfive\nsix\n';
  it.each([
    { what: 'disjoint edits merge', ours: 'ONE\ntwo\nthree\nfour\nfive\nsix\n', theirs: 'one\ntwo\nthree\nfour\nfive\nSIX\n', merged: 'ONE\ntwo\nthree\nfour\nfive\nSIX\n' },
    { what: 'an insertion and a distant deletion merge', ours: 'zero\none\ntwo\nthree\nfour\nfive\nsix\n', theirs: 'one\ntwo\nthree\nfour\nsix\n', merged: 'zero\none\ntwo\nthree\nfour\nsix\n' },
    { what: 'overlapping edits conflict', ours: 'one\nTWO\nthree\nfour\nfive\nsix\n', theirs: 'one\n2\nthree\nfour\nfive\nsix\n', merged: null },
    { what: 'touching edits conflict', ours: 'one\nTWO\nthree\nfour\nfive\nsix\n', theirs: 'one\ntwo\nTHREE\nfour\nfive\nsix\n', merged: null },
    { what: 'insertions at the same place conflict', ours: 'one\na\ntwo\nthree\nfour\nfive\nsix\n', theirs: 'one\nb\ntwo\nthree\nfour\nfive\nsix\n', merged: null },
    { what: 'the same edit on both sides merges', ours: 'one\nTWO\nthree\nfour\nfive\nsix\n', theirs: 'one\nTWO\nthree\nfour\nfive\nSIX\n', merged: 'one\nTWO\nthree\nfour\nfive\nSIX\n' },
    { what: 'ours unchanged gives theirs', ours: base, theirs: 'one\ntwo\n', merged: 'one\ntwo\n' },
    { what: 'theirs unchanged gives ours', ours: 'one\n', theirs: base, merged: 'one\n' },
    { what: 'identical texts give that text', ours: 'x\n', theirs: 'x\n', merged: 'x\n' },
    { what: 'CRLF input merges as LF', ours: base.replace('one', 'ONE').replace(/\n/g, '\r\n'), theirs: base.replace('six', 'SIX'), merged: 'ONE\ntwo\nthree\nfour\nfive\nSIX\n' },
    { what: 'a deleted page conflicts with an edit', ours: '', theirs: base.replace('three', 'THREE'), merged: null },
  ])('$what', ({ ours, theirs, merged }) => {
    expect(mergeThreeWay(base, ours, theirs)).toBe(merged);
  });

  it('merges edits from an empty base only when one side kept it empty', () => {
    expect(mergeThreeWay('', 'a\n', '')).toBe('a\n');
    expect(mergeThreeWay('', 'a\n', 'b\n')).toBeNull();
  });
});
