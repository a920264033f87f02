// The `[[target|label]]` syntax as an inline rule. It only reads the syntax: page targets are
// resolved by links.ts, which treats them exactly like Markdown links to pages.
import type MarkdownIt from 'markdown-it';
import type { StateInline, Token } from 'markdown-it';
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

// Index of the ']]' closing the link on this line. Brackets inside must balance, so a label
// may hold them (`[[a|[b]]]`) and a link may end a footnote or a label (`^[see [[a]]]`).
function findClose(src: string, from: number, max: number): number {
  let depth = 0;
  for (let i = from; i < max; i++) {
    const code = src.charCodeAt(i);
    if (code === NEWLINE) return -1;
    if (code === BRACKET_OPEN) depth++;
    else if (code !== BRACKET_CLOSE) continue;
    else if (depth > 0) depth--;
    else if (i + 1 < max && src.charCodeAt(i + 1) === BRACKET_CLOSE) return i;
  }
  return -1;
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
  const close = findClose(src, pos + 2, posMax);
  if (close < 0) return false;
  if (!silent) pushWikiLink(state, src.slice(pos, close + 2), src.slice(pos + 2, close));
  state.pos = close + 2;
  return true;
}

export function wikiLinks(md: MarkdownIt): void {
  md.inline.ruler.before('link', 'wikilink', wikiLinkRule);
}
