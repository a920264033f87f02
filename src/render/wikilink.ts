// The `[[target|label]]` syntax as an inline rule. It only reads the syntax: page targets are
// resolved by links.ts, which treats them exactly like Markdown links to pages.
import type MarkdownIt from 'markdown-it';
import type { StateInline, Token } from 'markdown-it';
import { roomForLink } from './budget.js';
import { renderStateOf } from './env.js';
import { hasUrlScheme } from './link-target.js';

const BRACKET_OPEN = 0x5b;
const BRACKET_CLOSE = 0x5d;
const NEWLINE = 0x0a;

// markdown-it keeps this counter on the state but its type declarations omit it.
type LinkAwareState = StateInline & { linkLevel?: number };

interface WikiLinkMeta {
  wikiTarget: string;
}

/** `[[wp>Page]]` as written, kept on the link it became (the DokuWiki export writes it back). */
export function interwikiOf(token: Token): string | null {
  const meta = token.meta as { interwiki?: unknown } | null;
  return typeof meta?.interwiki === 'string' ? meta.interwiki : null;
}

export function wikiTargetOf(token: Token): string | null {
  const meta = token.meta as Partial<WikiLinkMeta> | null;
  return typeof meta?.wikiTarget === 'string' ? meta.wikiTarget : null;
}

/** For every position of one inline content: where its scan for ']]' stops, and what it found. */
interface CloseTable {
  /** candidate[k]: the first index ≥ k that starts a run of two or more ']', or holds a newline, or the end. */
  candidate: Int32Array;
  /** unmatched[k]: '[' in src[k, candidate[k]) that no later ']' there closes. */
  unmatched: Int32Array;
  /** Length of the run of ']' at a candidate, counted once. */
  runs: Map<number, number>;
}

const closeTables = new WeakMap<StateInline, CloseTable>();

// One backward pass; the counts start again at every candidate.
function buildCloseTable(src: string): CloseTable {
  const candidate = new Int32Array(src.length + 1);
  const unmatched = new Int32Array(src.length + 1);
  candidate[src.length] = src.length;
  let pendingCloses = 0;
  let open = 0;
  for (let k = src.length - 1; k >= 0; k--) {
    const code = src.charCodeAt(k);
    if (code === NEWLINE || (code === BRACKET_CLOSE && src.charCodeAt(k + 1) === BRACKET_CLOSE)) {
      candidate[k] = k;
      pendingCloses = 0;
      open = 0;
      continue;
    }
    candidate[k] = candidate[k + 1]!;
    if (code === BRACKET_CLOSE) pendingCloses++;
    else if (code === BRACKET_OPEN && pendingCloses > 0) pendingCloses--;
    else if (code === BRACKET_OPEN) open++;
    unmatched[k] = open;
  }
  return { candidate, unmatched, runs: new Map() };
}

function runLength(src: string, table: CloseTable, at: number): number {
  let run = table.runs.get(at);
  if (run === undefined) {
    run = 0;
    while (src.charCodeAt(at + run) === BRACKET_CLOSE) run++;
    table.runs.set(at, run);
  }
  return run;
}

// Index of the ']]' closing the link whose inside starts at `from`, or -1. The scan stops at the
// first run of two or more ']' on the line: brackets opened inside and not closed yet are closed
// by that run first, so a label may hold them (`[[a|[b]]]`) and a link may end a footnote or a
// label (`^[see [[a]]]`). A run too short for them means no link: nothing beyond it is scanned.
function findClose(state: StateInline, from: number, max: number): number {
  const { src } = state;
  let table = closeTables.get(state);
  if (!table) {
    table = buildCloseTable(src);
    closeTables.set(state, table);
  }
  const at = table.candidate[from]!;
  const run = runLength(src, table, at);
  const depth = table.unmatched[from]!;
  if (run < depth + 2) return -1;
  const close = at + depth;
  return close + 2 <= max ? close : -1;
}

function pushText(state: StateInline, content: string): void {
  state.push('text', '', 0).content = content;
}

function pushLink(state: StateInline, attrs: [string, string][], meta: WikiLinkMeta | { interwiki: string } | null, label: string): void {
  const open = state.push('link_open', 'a', 1);
  open.attrs = attrs;
  open.markup = 'wikilink';
  open.meta = meta;
  pushText(state, label);
  state.push('link_close', 'a', -1).markup = 'wikilink';
}

function pushWikiLink(state: StateInline, source: string, inner: string): void {
  const bar = inner.indexOf('|');
  const target = (bar < 0 ? inner : inner.slice(0, bar)).trim();
  const written = bar < 0 ? '' : inner.slice(bar + 1).trim();
  if (target === '') return pushText(state, source);
  if (hasUrlScheme(target)) {
    const href = state.md.normalizeLink(target);
    if (!state.md.validateLink(href)) return pushText(state, source);
    return pushLink(state, [['href', href]], null, written || target);
  }
  const interwiki = /^([\w.-]+)>(.*)$/s.exec(target);
  const url = interwiki ? renderStateOf(state.env)?.ctx.interwiki?.(interwiki[1]!, interwiki[2]!) : null;
  if (interwiki && url) {
    const href = state.md.normalizeLink(url);
    if (!state.md.validateLink(href)) return pushText(state, source);
    return pushLink(state, [['href', href]], { interwiki: target }, written || interwiki[2]!);
  }
  const fallback = target.startsWith('#') ? target.slice(1) : target.replace(/^:/, '');
  pushLink(state, [], { wikiTarget: target }, written || fallback);
}

function wikiLinkRule(state: StateInline, silent: boolean): boolean {
  const { src, pos, posMax } = state;
  if (pos + 1 >= posMax || src.charCodeAt(pos) !== BRACKET_OPEN || src.charCodeAt(pos + 1) !== BRACKET_OPEN) return false;
  // No links inside a Markdown link's label.
  if (((state as LinkAwareState).linkLevel ?? 0) > 0) return false;
  const close = findClose(state, pos + 2, posMax);
  if (close < 0) return false;
  // Past the page's bound on links, `[[…]]` stays text.
  if (!roomForLink(state.env as object, !silent)) return false;
  if (!silent) pushWikiLink(state, src.slice(pos, close + 2), src.slice(pos + 2, close));
  state.pos = close + 2;
  return true;
}

export function wikiLinks(md: MarkdownIt): void {
  md.inline.ruler.before('link', 'wikilink', wikiLinkRule);
}
