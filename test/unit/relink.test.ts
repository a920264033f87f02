// Finding where page links are written in Markdown (through markdown-it's tokens) and retargeting
// them for a rename: tables of sources, as DokuWiki's move plugin tests read.
import { describe, expect, it } from 'vitest';
import { absoluteTarget, retargetLinks, retargetMovedPage } from '../../src/pages/rename.js';
import { applyChanges, createLinkFinder } from '../../src/pages/relink.js';

const find = createLinkFinder();
const resolution = { exists: () => false, start: 'start' };
const written = (text: string) => find(text).map((link) => [text.slice(link.start, link.end), link.target]);

describe('createLinkFinder', () => {
  it.each([
    { name: 'a wiki link', text: 'See [[old]].', links: [['old', 'old']] },
    { name: 'a wiki link with label and spaces', text: 'See [[ ns:old#Part | label ]].', links: [['ns:old#Part', 'ns:old#Part']] },
    { name: 'a Markdown link', text: 'See [label](old#intro "title").', links: [['old#intro', 'old#intro']] },
    { name: 'a bracketed destination', text: 'See [l](<old#Two words>).', links: [['old#Two words', 'old#Two words']] },
    { name: 'a percent-encoded destination', text: '[l](old#two%20words)', links: [['old#two%20words', 'old#two words']] },
    { name: 'links in a quote and a list', text: '> a [[one]]\n> b [x](two)\n\n- c [[three]]\n  - d [[four]]\n', links: [['one', 'one'], ['two', 'two'], ['three', 'three'], ['four', 'four']] },
    { name: 'two cells of one table row', text: '| a | b |\n|---|---|\n| [[x]] | [[x]] |\n', links: [['x', 'x'], ['x', 'x']] },
    { name: 'a heading', text: '## About [[old]] ##\n', links: [['old', 'old']] },
    { name: 'a footnote definition', text: 'Text[^1]\n\n[^1]: see [[old]]\n', links: [['old', 'old']] },
    { name: 'a code span', text: 'Write `[[old]]` and `[x](old)`.', links: [] },
    { name: 'a fenced code block', text: '```\n[[old]]\n```\n', links: [] },
    { name: 'an indented code block', text: '    [[old]]\n', links: [] },
    { name: 'escaped brackets', text: '\\[[old]] and \\[x\\](old)', links: [] },
    { name: 'external links', text: '[[https://example.org]] [x](https://example.org) <https://a.b> http://c.d', links: [] },
    { name: 'site paths', text: '[search](/_/search?q=x) [here](?do=edit)', links: [] },
    { name: 'a reference link (target in its definition, left alone)', text: '[x][ref]\n\n[ref]: old\n', links: [] },
  ])('finds $name', ({ text, links }) => {
    expect(written(text)).toEqual(links);
  });

  it('maps offsets on later lines of a paragraph', () => {
    const text = 'First line\nthen [[one]] and\n   [two](two) end\n';
    expect(written(text)).toEqual([['one', 'one'], ['two', 'two']]);
  });
});

describe('applyChanges', () => {
  it('replaces spans from the end so offsets stay valid', () => {
    expect(applyChanges('a [[x]] b [[y]]', [{ start: 4, end: 5, text: 'long:x' }, { start: 12, end: 13, text: 'z' }])).toBe('a [[long:x]] b [[z]]');
  });
});

describe('absoluteTarget', () => {
  it.each([
    ['ns:new', 'old', 'ns:new'],
    ['ns:new', 'old#Some Part', 'ns:new#Some Part'],
    ['new', '.:old', ':new'],
    ['new', 'ns:old#x', ':new#x'],
  ])('%s written for %j → %j', (id, was, target) => {
    expect(absoluteTarget(id, was)).toBe(target);
  });
});

describe('retargetLinks (a page linking to the renamed one)', () => {
  it.each([
    { on: 'team:a', text: '[[notes]]', out: '[[archive:notes]]' },
    { on: 'team:a', text: '[[.:notes#x|label]]', out: '[[archive:notes#x|label]]' },
    { on: 'team:sub:a', text: '[[..:notes]]', out: '[[archive:notes]]' },
    { on: 'other', text: '[[team:notes]] [[:team:notes]] [x](team/notes)', out: '[[archive:notes]] [[archive:notes]] [x](archive:notes)' },
    { on: 'other', text: '[[team:Notes]] [[Team:NOTES]]', out: '[[archive:notes]] [[archive:notes]]' },
    { on: 'other', text: '[[notes]] [[team:notes2]] [[#notes]]', out: '[[notes]] [[team:notes2]] [[#notes]]' },
    { on: 'team:a', text: 'keep `[[notes]]`, change [[notes]]', out: 'keep `[[notes]]`, change [[archive:notes]]' },
  ])('on $on: $text', ({ on, text, out }) => {
    expect(retargetLinks(find, text, on, 'team:notes', 'archive:notes', resolution)).toBe(out);
  });

  it('writes a root page with a leading colon so it stays at the root', () => {
    expect(retargetLinks(find, '[[team:notes]]', 'ns:page', 'team:notes', 'notes', resolution)).toBe('[[:notes]]');
  });
});

describe('retargetMovedPage (the renamed page itself)', () => {
  it.each([
    { text: '[[sibling]]', out: '[[team:sibling]]' },
    { text: '[[.:sibling]] [[..:up]] [[~sub]]', out: '[[team:sibling]] [[..:up]] [[team:notes:sub]]' },
    { text: '[[wiki:syntax]] [[:start]] [[#local]]', out: '[[wiki:syntax]] [[:start]] [[#local]]' },
    { text: '[[notes]] [[team:notes#x|me]]', out: '[[notes]] [[archive:notes#x|me]]' },
    { text: '[[archive:other]]', out: '[[archive:other]]' },
  ])('$text', ({ text, out }) => {
    expect(retargetMovedPage(find, text, 'team:notes', 'archive:notes', resolution)).toBe(out);
  });
});
