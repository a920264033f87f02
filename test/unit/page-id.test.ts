// Page ids as tables: DokuWiki's own cases (test/fixtures/dokuwiki-vectors.json), then Quire's extras (SPEC §2, §3).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  MAX_ID_LENGTH,
  cleanId,
  idToPath,
  nameOf,
  namespaceOf,
  parentsOf,
  pathToRawId,
  resolveLink,
  sectionId,
  sectionIdCounter,
  startPageOf,
} from '../../src/pages/page-id.js';

interface Vectors {
  cleanId: { raw: string; id: string }[];
  resolveLink: { context: string; link: string; existing: string[]; id: string }[];
  headingAnchors: { headings: string[]; anchors: string[] }[];
}

const vectors = JSON.parse(
  readFileSync(new URL('../fixtures/dokuwiki-vectors.json', import.meta.url), 'utf8'),
) as Vectors;

function existing(ids: string[]): (id: string) => boolean {
  const set = new Set(ids);
  return (id) => set.has(id);
}

function resolved(link: string, context: string, pages: string[] = []): string {
  const { id, hash } = resolveLink(link, context, existing(pages));
  return hash ? `${id}#${hash}` : id;
}

describe('DokuWiki vectors', () => {
  it.each(vectors.cleanId)('cleanId($raw) → $id', ({ raw, id }) => {
    expect(cleanId(raw)).toBe(id);
  });

  it.each(vectors.resolveLink)(
    'resolveLink($link) on $context with $existing → $id',
    ({ context, link, existing: pages, id }) => {
      expect(resolved(link, context, pages)).toBe(id);
    },
  );

  it.each(vectors.headingAnchors)('anchors of $headings → $anchors', ({ headings, anchors }) => {
    const next = sectionIdCounter();
    expect(headings.map(next)).toEqual(anchors);
  });
});

describe('cleanId, beyond the vectors', () => {
  it.each([
    ['tab\tand\nnewline', 'tab_and_newline'],
    ['bell\u0007char', 'bell_char'],
    ['\u0000leading nul', 'leading_nul'],
    ['no\u00a0break', 'no_break'],
    ['zero\u200bwidth', 'zero_width'],
    ['narrow\u202fno-break', 'narrow_no-break'],
    ['bom\ufeffinside', 'bom_inside'],
    ['«quoted» — dash…', 'quoted_dash'],
    ['price €5 £3 ¥1', 'price_5_3_1'],
    ['“smart” ‘quotes’', 'smart_quotes'],
    ['emoji 🎉 party', 'emoji_party'],
    ['Élève', 'eleve'],
    ['Crème Brûlée', 'creme_brulee'],
    ['Æsir Øresund Ångström', 'aesir_oresund_angstroem'],
    ['Œuvre Þing ðe', 'oeuvre_thing_dhe'],
    ['Đakovo Łódź', 'dakovo_lodz'],
    ['ıstanbul İzmir', 'istanbul_izmir'],
    ['e\u0301te\u0301', 'ete'],
    ['STRASSE ẞ', 'strasse_ss'],
    ['Ελληνικά ά', 'ελληνικά_ά'],
    ['हिन्दी', 'हिन्दी'],
    ['العربية', 'العربية'],
    ['a/b;c:d', 'a:b:c:d'],
    ['  ns :: page  ', 'ns:page'],
    ['', ''],
    ['---', ''],
  ])('%j → %j', (raw, id) => {
    expect(cleanId(raw)).toBe(id);
  });

  it('leaves ids longer than MAX_ID_LENGTH for the caller to refuse', () => {
    const long = 'a'.repeat(MAX_ID_LENGTH + 50);
    expect(cleanId(long)).toBe(long);
    expect(MAX_ID_LENGTH).toBe(1000);
  });

  it('is idempotent', () => {
    for (const raw of ['Crème:Brûlée/2024', 'ns._#!ns:page', 'ښ侧化并곦  β']) {
      expect(cleanId(cleanId(raw))).toBe(cleanId(raw));
    }
  });
});

describe('namespaces', () => {
  it.each([
    ['a:b:c', 'a:b', 'c', ['a', 'a:b']],
    ['a:b', 'a', 'b', ['a']],
    ['page', '', 'page', []],
    ['', '', '', []],
  ])('%j: namespace %j, name %j, parents %j', (id, ns, name, parents) => {
    expect(namespaceOf(id)).toBe(ns);
    expect(nameOf(id)).toBe(name);
    expect(parentsOf(id)).toEqual(parents);
  });
});

describe('startPageOf', () => {
  it.each([
    ['', [], 'start'],
    ['', ['start'], 'start'],
    ['foo', [], 'foo:start'],
    ['foo', ['foo'], 'foo'],
    ['foo', ['foo', 'foo:foo'], 'foo:foo'],
    ['foo', ['foo', 'foo:foo', 'foo:start'], 'foo:start'],
    ['a:b', ['a:b:b'], 'a:b:b'],
    ['a:b', ['a:b'], 'a:b'],
  ])('%j with %j → %j', (ns, pages, id) => {
    expect(startPageOf(ns, existing(pages))).toBe(id);
  });

  it('uses the configured start page name', () => {
    expect(startPageOf('foo', existing([]), 'home')).toBe('foo:home');
    expect(startPageOf('', existing([]), 'home')).toBe('home');
    expect(resolveLink('foo:', 'x', existing(['foo:home']), 'home').id).toBe('foo:home');
  });
});

describe('resolveLink, beyond the vectors', () => {
  it.each([
    ['..', 'a:b:c', 'a:b:start'],
    ['.', 'a:b:c', 'a:b:start'],
    ['..:', 'a:b:c', 'a:start'],
    ['..', 'c', 'start'],
    ['~', 'x:y', 'x:y:start'],
    ['~sub', 'x:y', 'x:y:sub'],
    ['#section', 'a:b:c', 'a:b:c#section'],
    ['page#Some Section', 'a:b:c', 'a:b:page#Some Section'],
    [':start', 'a:b:c', 'start'],
    ['wiki:syntax', 'a:b:c', 'wiki:syntax'],
    ['.sub:page', 'a:b:c', 'a:b:sub:page'],
    ['Other Page', 'ns:c', 'ns:other_page'],
    [' page ', 'ns:c', 'ns:page'],
    ['ns/sub/page', 'x', 'ns:sub:page'],
    ['Crème', 'ns:c', 'ns:creme'],
  ])('%j on %j → %j', (link, context, id) => {
    expect(resolved(link, context)).toBe(id);
  });

  it('keeps the hash raw and separate', () => {
    expect(resolveLink('page#Some Section', 'ns:c', existing([]))).toEqual({
      id: 'ns:page',
      hash: 'Some Section',
    });
    expect(resolveLink('page', 'ns:c', existing([]))).toEqual({ id: 'ns:page', hash: '' });
  });

  it('finds an existing start page for [[..]]', () => {
    expect(resolved('..', 'a:b:c', ['a:b:b'])).toBe('a:b:b');
    expect(resolved('..', 'a:b:c', ['a:b'])).toBe('a:b');
  });
});

describe('sectionId', () => {
  it.each([
    ['1. Introduction', 'introduction'],
    ['Ünïcödé', 'uenicoede'],
    ['', 'section'],
    ['4.2', 'section42'],
    ['-- a --', 'a'],
  ])('%j → %j', (text, anchor) => {
    expect(sectionId(text)).toBe(anchor);
  });

  it('numbers each page anew', () => {
    const first = sectionIdCounter();
    const second = sectionIdCounter();
    expect([first('A'), first('A')]).toEqual(['a', 'a1']);
    expect(second('A')).toBe('a');
  });
});

describe('URL paths', () => {
  it.each([
    ['a:b:c', '/a/b/c'],
    ['start', '/start'],
    ['page', '/page'],
    ['élève:ça', '/%C3%A9l%C3%A8ve/%C3%A7a'],
    ['日本語:ページ', '/%E6%97%A5%E6%9C%AC%E8%AA%9E/%E3%83%9A%E3%83%BC%E3%82%B8'],
    ['ns:page_1.2', '/ns/page_1.2'],
  ])('%j ↔ %j', (id, path) => {
    expect(idToPath(id)).toBe(path);
    expect(pathToRawId(path)).toBe(id);
  });

  it.each([
    ['/', ''],
    ['/ns/', 'ns:'],
    ['/ns/sub/', 'ns:sub:'],
    ['/Elsenews:Spot%202025/06', 'Elsenews:Spot 2025:06'],
    ['/a%2Fb', 'a:b'],
    ['/caf%C3%A9', 'café'],
  ])('request path %j → raw id %j', (path, raw) => {
    expect(pathToRawId(path)).toBe(raw);
  });

  it.each(['/%', '/bad%zz', '/%E0%A4%A', '/%C3'])('bad escape %j → null', (path) => {
    expect(pathToRawId(path)).toBeNull();
  });
});
