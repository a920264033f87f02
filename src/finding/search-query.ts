// What a search box query means (SPEC §3 /_/search), as DokuWiki reads it: words that must all
// occur, "phrases", -exclusions, word* prefixes and ns:NAME / @NAME namespace filters. Pure: the
// FTS5 expression is built from quoted strings only, so nothing a user types is FTS syntax.
import { cleanId } from '../pages/page-id.js';

export const MAX_QUERY_LENGTH = 500;

export interface ParsedQuery {
  /** Each must occur; a word with inner punctuation ("e-mail", "wiki:syntax") is its parts in a row. */
  words: string[];
  /** `word*`: some word starting so (DokuWiki's wildcard). */
  prefixes: string[];
  /** `"a phrase"`: these words in this order. */
  phrases: string[];
  /** `-word`, `-"a phrase"`: pages holding it are left out. */
  excluded: string[];
  /** `ns:NAME`, `@NAME`: only pages inside one of these namespaces (clean ids). */
  namespaces: string[];
  /** `-ns:NAME`, `^NAME`: pages inside these namespaces are left out. */
  excludedNamespaces: string[];
}

const HAS_WORD_CHAR = /[\p{L}\p{N}]/u;
const EDGE_PUNCTUATION = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;

function namespaceOfFilter(raw: string): string {
  return cleanId(raw.replace(/[:*]+$/, ''));
}

/** Reads a search box query; anything that is not our syntax is read as plain words. */
export function parseQuery(q: string): ParsedQuery {
  const query: ParsedQuery = { words: [], prefixes: [], phrases: [], excluded: [], namespaces: [], excludedNamespaces: [] };
  const text = q.normalize('NFC');
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/u.test(text.charAt(i))) i++;
    if (i >= text.length) break;
    let negated = false;
    if (text.charAt(i) === '-' && i + 1 < text.length && !/\s/u.test(text.charAt(i + 1))) {
      negated = true;
      i++;
    }
    if (text.charAt(i) === '"') {
      const close = text.indexOf('"', i + 1);
      const end = close < 0 ? text.length : close;
      const phrase = text.slice(i + 1, end).replace(/\s+/gu, ' ').trim();
      i = end + 1;
      if (HAS_WORD_CHAR.test(phrase)) (negated ? query.excluded : query.phrases).push(phrase);
      continue;
    }
    let end = i;
    while (end < text.length && !/\s/u.test(text.charAt(end))) end++;
    addToken(query, text.slice(i, end), negated);
    i = end;
  }
  return query;
}

function addToken(query: ParsedQuery, token: string, negated: boolean): void {
  const namespace = /^ns:(.*)$/isu.exec(token)?.[1] ?? (token.startsWith('@') ? token.slice(1) : null);
  if (namespace !== null) {
    const ns = namespaceOfFilter(namespace);
    if (ns !== '') (negated ? query.excludedNamespaces : query.namespaces).push(ns);
    return;
  }
  if (token.startsWith('^') && !negated) {
    const ns = namespaceOfFilter(token.slice(1));
    if (ns !== '') query.excludedNamespaces.push(ns);
    return;
  }
  const word = token.replace(EDGE_PUNCTUATION, '');
  if (!HAS_WORD_CHAR.test(word)) return;
  if (negated) query.excluded.push(word);
  else if (token.endsWith('*')) query.prefixes.push(word);
  else query.words.push(word);
}

/** The words to show as "what was searched for" and to highlight. */
export function searchTerms(query: ParsedQuery): string[] {
  return [...query.words, ...query.prefixes, ...query.phrases];
}

/** An FTS5 string: the tokenizer splits it into words, and no character in it is an operator. */
function quote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** The FTS5 MATCH expression, or null when nothing positive is asked for (FTS5 cannot list "all but"). */
export function matchExpression(query: ParsedQuery): string | null {
  const positive = [
    ...query.words.map(quote),
    ...query.prefixes.map((prefix) => `${quote(prefix)}*`),
    ...query.phrases.map(quote),
  ];
  if (positive.length === 0) return null;
  const all = positive.join(' AND ');
  return query.excluded.length === 0 ? all : `(${all}) NOT (${query.excluded.map(quote).join(' OR ')})`;
}

/** Whether a page id passes the namespace filters of the query. */
export function inNamespaces(query: ParsedQuery, id: string): boolean {
  const inside = (ns: string) => id.startsWith(`${ns}:`);
  if (query.namespaces.length > 0 && !query.namespaces.some(inside)) return false;
  return !query.excludedNamespaces.some(inside);
}

export interface NameMatch {
  /** The longest folded word: every match holds it, so a scan can look for it first. */
  longest: string;
  matches(id: string): boolean;
}

/** Matching page ids by name: an id holding every word, folded as cleanId folds ids, and no exclusion. */
export function nameMatcher(query: ParsedQuery): NameMatch | null {
  const needles = [...query.words, ...query.prefixes, ...query.phrases.flatMap((phrase) => phrase.split(' '))]
    .map(cleanId)
    .filter((needle) => needle !== '');
  if (needles.length === 0) return null;
  const excluded = query.excluded.map(cleanId).filter((needle) => needle !== '');
  return {
    longest: needles.reduce((best, needle) => (needle.length > best.length ? needle : best)),
    matches: (id) => needles.every((needle) => id.includes(needle)) && !excluded.some((needle) => id.includes(needle)),
  };
}

export const HIT_START = '\u0002';
export const HIT_END = '\u0003';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** An FTS5 snippet (hits between HIT_START and HIT_END) as HTML: text escaped, hits in <mark>. */
export function snippetHtml(snippet: string): string {
  return snippet
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch)
    .replaceAll(HIT_START, '<mark>')
    .replaceAll(HIT_END, '</mark>');
}
