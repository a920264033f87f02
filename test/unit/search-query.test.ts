// The search box syntax (SPEC §3 /_/search) as tables: what parseQuery reads, the FTS5 expression
// it becomes (only quoted strings, so nothing typed is FTS syntax), name matching and snippets.
import { describe, expect, it } from 'vitest';
import { parseQuery, type ParsedQuery } from '../../src/finding/search-index.js';
import { inNamespaces, matchExpression, nameMatcher, snippetHtml } from '../../src/finding/search-query.js';

const EMPTY: ParsedQuery = { words: [], prefixes: [], phrases: [], excluded: [], namespaces: [], excludedNamespaces: [] };

describe('parseQuery', () => {
  it.each<[string, Partial<ParsedQuery>]>([
    ['', {}],
    ['   ', {}],
    ['élève', { words: ['élève'] }],
    ['wiki  syntax', { words: ['wiki', 'syntax'] }],
    ['"a phrase here"', { phrases: ['a phrase here'] }],
    ['"  spaced   out  "', { phrases: ['spaced out'] }],
    ['word "a phrase" other', { words: ['word', 'other'], phrases: ['a phrase'] }],
    ['"unterminated phrase', { phrases: ['unterminated phrase'] }],
    ['-secret', { excluded: ['secret'] }],
    ['plan -secret', { words: ['plan'], excluded: ['secret'] }],
    ['-"two words"', { excluded: ['two words'] }],
    ['e-mail', { words: ['e-mail'] }],
    ['- alone', { words: ['alone'] }],
    ['ns:wiki syntax', { words: ['syntax'], namespaces: ['wiki'] }],
    ['NS:Wiki syntax', { words: ['syntax'], namespaces: ['wiki'] }],
    ['@wiki syntax', { words: ['syntax'], namespaces: ['wiki'] }],
    ['@wiki:sub: x', { words: ['x'], namespaces: ['wiki:sub'] }],
    ['ns:wiki:* x', { words: ['x'], namespaces: ['wiki'] }],
    ['@Élèves x', { words: ['x'], namespaces: ['eleves'] }],
    ['-ns:wiki x', { words: ['x'], excludedNamespaces: ['wiki'] }],
    ['^wiki x', { words: ['x'], excludedNamespaces: ['wiki'] }],
    ['@ ns: x', { words: ['x'] }],
    ['wiki:syntax', { words: ['wiki:syntax'] }],
    ['eleve*', { prefixes: ['eleve'] }],
    ['*', {}],
    ['* ( ) : " -', {}],
    ['(foo)', { words: ['foo'] }],
    ['*foo', { words: ['foo'] }],
    ['foo*bar', { words: ['foo*bar'] }],
    ['NEAR(a b)', { words: ['NEAR(a', 'b'] }],
    ['a AND b OR c NOT d', { words: ['a', 'AND', 'b', 'OR', 'c', 'NOT', 'd'] }],
    ['title:secret', { words: ['title:secret'] }],
    ['""', {}],
    ['"*"', {}],
    ['say "it\'s" ok', { words: ['say', 'ok'], phrases: ["it's"] }],
  ])('%j', (q, expected) => {
    expect(parseQuery(q)).toEqual({ ...EMPTY, ...expected });
  });
});

describe('matchExpression', () => {
  it.each<[string, string | null]>([
    ['', null],
    ['*', null],
    ['-only -exclusions', null],
    ['@wiki', null],
    ['élève', '"élève"'],
    ['a b', '"a" AND "b"'],
    ['"a phrase"', '"a phrase"'],
    ['eleve*', '"eleve"*'],
    ['plan -secret -"two words"', '("plan") NOT ("secret" OR "two words")'],
    ['NEAR AND OR NOT', '"NEAR" AND "AND" AND "OR" AND "NOT"'],
    ['say "it""s"', '"say" AND "it" AND "s"'],
    ['foo:bar', '"foo:bar"'],
  ])('%j → %s', (q, expected) => {
    expect(matchExpression(parseQuery(q))).toBe(expected);
  });

  it('doubles a quote inside a word so it stays inside the string', () => {
    expect(matchExpression(parseQuery('it"s'))).toBe('"it""s"');
  });
});

describe('nameMatcher', () => {
  it.each<[string, string, boolean]>([
    ['syntax', 'wiki:syntax', true],
    ['Wiki Syntax', 'wiki:syntax', true],
    ['élève', 'ecole:eleves', true],
    ['Grüße', 'gruesse', true],
    ['"chief ai"', 'elsenews:chief-ai-officer', true],
    ['chief -officer', 'elsenews:chief-ai-officer', false],
    ['missing', 'wiki:syntax', false],
  ])('%j on %s → %s', (q, id, expected) => {
    expect(nameMatcher(parseQuery(q))?.matches(id)).toBe(expected);
  });

  it('has nothing to match without words', () => {
    expect(nameMatcher(parseQuery('-x @wiki'))).toBeNull();
  });
});

describe('inNamespaces', () => {
  it.each<[string, string, boolean]>([
    ['x', 'a:b', true],
    ['@a x', 'a:b', true],
    ['@a x', 'a', false],
    ['@a x', 'ab:c', false],
    ['@a @b x', 'b:c', true],
    ['@a -ns:a:secret x', 'a:secret:c', false],
    ['^a x', 'a:b', false],
  ])('%j, %s → %s', (q, id, expected) => {
    expect(inNamespaces(parseQuery(q), id)).toBe(expected);
  });
});

describe('snippetHtml', () => {
  it.each<[string, string]>([
    ['plain', 'plain'],
    ['a \u0002hit\u0003 here', 'a <mark>hit</mark> here'],
    ['<script>\u0002x\u0003</script> & "q"', '&lt;script&gt;<mark>x</mark>&lt;/script&gt; &amp; &quot;q&quot;'],
    ['line\n\nbreaks', 'line breaks'],
  ])('%j', (snippet, html) => {
    expect(snippetHtml(snippet)).toBe(html);
  });
});
