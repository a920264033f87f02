// Search snippets built from a page's stored text: about two dozen words around the first hit,
// every hit in them marked. FTS5's snippet() took seconds per hit (25 s for one) when a prefix
// query covered many distinct words; this reads at most the first SCAN_CHARS of the page once.
// Words are read and folded as FTS5's unicode61 tokenizer with remove_diacritics 2 reads them.

/** What to mark: words, `word*` prefixes and "phrases" as the search box gave them. */
export interface SnippetTerms {
  words: readonly string[];
  prefixes: readonly string[];
  phrases: readonly string[];
}

const SNIPPET_WORDS = 24;
/** Words shown before the first hit, when the page has them. */
const LEAD_WORDS = 4;
/** Only this much of a page is read for a snippet; a hit further down shows the page's beginning. */
export const SCAN_CHARS = 64 * 1024;

const TOKEN = /[\p{L}\p{N}\p{Co}]+/gu;
const NON_ASCII = /[^\u0000-\u007f]/;
const MARKS = /\p{M}/gu;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** A word as FTS5 stores it: lower case, accents removed. */
export function foldWord(word: string): string {
  const lower = word.toLowerCase();
  return NON_ASCII.test(lower) ? lower.normalize('NFD').replace(MARKS, '') : lower;
}

interface Pattern {
  tokens: string[];
  /** The last token is a prefix. */
  prefix: boolean;
}

function patternsOf(terms: SnippetTerms): Pattern[] {
  const tokensOf = (text: string) => Array.from(text.matchAll(TOKEN), (match) => foldWord(match[0]));
  return [
    ...terms.words.map((word) => ({ tokens: tokensOf(word), prefix: false })),
    ...terms.prefixes.map((word) => ({ tokens: tokensOf(word), prefix: true })),
    ...terms.phrases.map((phrase) => ({ tokens: tokensOf(phrase), prefix: false })),
  ].filter((pattern) => pattern.tokens.length > 0);
}

interface Token {
  start: number;
  end: number;
  folded: string;
}

/** How many tokens from `at` the pattern covers, or 0. */
function matchAt(tokens: readonly Token[], at: number, pattern: Pattern): number {
  const last = pattern.tokens.length - 1;
  for (let k = 0; k <= last; k++) {
    const token = tokens[at + k];
    if (!token) return 0;
    const wanted = pattern.tokens[k]!;
    const ok = k === last && pattern.prefix ? token.folded.startsWith(wanted) : token.folded === wanted;
    if (!ok) return 0;
  }
  return last + 1;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);

/**
 * HTML: the words around the first hit, text escaped, hits in <mark>, '…' where the page goes on.
 * `more`: the text given is the beginning of a longer one.
 */
export function snippetOf(text: string, terms: SnippetTerms, more = text.length > SCAN_CHARS): string {
  const patterns = patternsOf(terms);
  const scanned = text.slice(0, SCAN_CHARS);
  const tokens: Token[] = [];
  const hits = new Map<number, number>();
  let firstHit = -1;
  for (const match of scanned.matchAll(TOKEN)) {
    tokens.push({ start: match.index, end: match.index + match[0].length, folded: foldWord(match[0]) });
    // A pattern of n words is checked once its n-th word is read.
    if (firstHit >= 0 && tokens.length >= firstHit + SNIPPET_WORDS + LEAD_WORDS + 8) break;
    for (const pattern of patterns) {
      const at = tokens.length - pattern.tokens.length;
      if (at < 0 || hits.has(at)) continue;
      const length = matchAt(tokens, at, pattern);
      if (length === 0) continue;
      hits.set(at, length);
      if (firstHit < 0 || at < firstHit) firstHit = at;
    }
  }
  if (tokens.length === 0) return '';
  // A few words before the first hit, or earlier when the text ends soon: the window stays full.
  const from = firstHit < 0 ? 0 : Math.max(0, Math.min(firstHit - LEAD_WORDS, tokens.length - SNIPPET_WORDS));
  const to = Math.min(tokens.length, from + SNIPPET_WORDS);
  let html = from > 0 ? '…' : '';
  let copied = tokens[from]!.start;
  for (let i = from; i < to; i++) {
    const length = hits.get(i);
    if (length === undefined) continue;
    const end = tokens[Math.min(i + length, to) - 1]!.end;
    html += `${escapeHtml(scanned.slice(copied, tokens[i]!.start))}<mark>${escapeHtml(scanned.slice(tokens[i]!.start, end))}</mark>`;
    copied = end;
    i += length - 1;
  }
  const goesOn = to < tokens.length || more || text.length > SCAN_CHARS;
  // The end of a page is shown to its last character (a full stop, a closing quote).
  html += escapeHtml(scanned.slice(copied, goesOn ? tokens[to - 1]!.end : scanned.length));
  if (goesOn) html += '…';
  return html.replace(CONTROL, ' ').replace(/\s+/gu, ' ').trim();
}
