// Where each page link's target is written in a page's Markdown source, found through markdown-it's
// own tokens (so code spans, code blocks and escaped brackets are never mistaken for links), and
// rewriting just those targets. Pure apart from the parser it builds once.
import type MarkdownIt from 'markdown-it';
import type { StateInline, Token } from 'markdown-it';
import { hasUrlScheme } from '../render/link-target.js';
import { createMarkdown } from '../render/markdown.js';
import { wikiTargetOf } from '../render/wikilink.js';

export interface WrittenLink {
  /** Offsets in the source of the target as written: page and #hash, without label or brackets. */
  start: number;
  end: number;
  /** The target as the renderer reads it, ready for resolveLink. */
  target: string;
}

export interface TargetChange {
  start: number;
  end: number;
  text: string;
}

export type LinkFinder = (text: string) => WrittenLink[];

/** Where a link_open token was pushed: the inline source and the parser's positions at that moment. */
interface Spot {
  src: string;
  pos: number;
  posMax: number;
}

interface FinderEnv {
  spots: Map<Token, Spot>;
}

const spotsOf = (env: unknown): Map<Token, Spot> | null =>
  typeof env === 'object' && env !== null && 'spots' in env ? (env as FinderEnv).spots : null;

type Nesting = Parameters<StateInline['push']>[2];

// markdown-it keeps no source positions on inline tokens, so the parser's state class is extended
// to note them: a wiki link is pushed at its '[[', a Markdown link with posMax at its label's ']'.
function recordLinkSpots(md: MarkdownIt): void {
  const Base = md.inline.State;
  md.inline.State = class extends Base {
    override push(type: string, tag: string, nesting: Nesting): Token {
      const token = super.push(type, tag, nesting);
      if (type === 'link_open') spotsOf(this.env)?.set(token, { src: this.src, pos: this.pos, posMax: this.posMax });
      return token;
    }
  };
}

const isPagePath = (href: string) => !(hasUrlScheme(href) || href.startsWith('//') || href.startsWith('/') || href.startsWith('?'));

/** The span of the target inside the inline source, or null for a link that is not to a page. */
function targetSpan(md: MarkdownIt, token: Token, spot: Spot): WrittenLink | null {
  const { src } = spot;
  if (token.markup === 'wikilink') {
    const target = wikiTargetOf(token);
    if (target === null) return null;
    let at = spot.pos + 2;
    while (at < src.length && /\s/.test(src.charAt(at))) at++;
    return src.startsWith(target, at) ? { start: at, end: at + target.length, target } : null;
  }
  if (token.markup !== '') return null; // autolinks and linkified URLs
  const href = token.attrGet('href') ?? '';
  if (!isPagePath(href)) return null;
  const labelEnd = spot.posMax;
  if (src.charAt(labelEnd) !== ']' || src.charAt(labelEnd + 1) !== '(') return null; // a reference link
  let at = labelEnd + 2;
  while (at < src.length && ' \t\n'.includes(src.charAt(at))) at++;
  const destination = md.helpers.parseLinkDestination(src, at, src.length);
  if (!destination.ok || md.normalizeLink(destination.str) !== href) return null;
  const bracketed = src.charAt(at) === '<';
  return { start: bracketed ? at + 1 : at, end: bracketed ? destination.pos - 1 : destination.pos, target: md.normalizeLinkText(href) };
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * Maps offsets in an inline token's content to offsets in the page source. Each content line is
 * its source line less a prefix (indent, '> ', list marker, table pipes), so it is searched for in
 * that line, left to right (`cursors`) because table cells share a line. null when a line is
 * not found (a tab expanded by the parser): its links are left alone.
 */
function sourceMapOf(
  text: string,
  lineStarts: readonly number[],
  content: string,
  map: readonly [number, number],
  cursors: Map<number, number>,
): ((offset: number) => number) | null {
  const contentStarts: number[] = [];
  const sourceStarts: number[] = [];
  let contentAt = 0;
  const lines = content.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const lineNo = map[0] + i;
    const lineStart = lineStarts[lineNo];
    if (lineStart === undefined || lineNo >= map[1]) return null;
    const lineEnd = lineStarts[lineNo + 1] === undefined ? text.length : (lineStarts[lineNo + 1] ?? 0) - 1;
    const at = text.slice(lineStart, lineEnd).indexOf(line, cursors.get(lineNo) ?? 0);
    if (at < 0) return null;
    cursors.set(lineNo, at + line.length);
    contentStarts.push(contentAt);
    sourceStarts.push(lineStart + at);
    contentAt += line.length + 1;
  }
  return (offset) => {
    let i = contentStarts.length - 1;
    while (i > 0 && (contentStarts[i] ?? 0) > offset) i--;
    return (sourceStarts[i] ?? 0) + offset - (contentStarts[i] ?? 0);
  };
}

/** A finder over the wiki's Markdown dialect (the renderer's own parser set-up). */
export function createLinkFinder(): LinkFinder {
  const md = createMarkdown([]);
  recordLinkSpots(md);
  return (text) => {
    const env: FinderEnv = { spots: new Map() };
    const blocks = md.parse(text, env);
    const lineStarts = lineStartsOf(text);
    const cursors = new Map<number, number>();
    const found: WrittenLink[] = [];
    let rowMap: [number, number] | null = null;
    blocks.forEach((block, i) => {
      if (block.type === 'tr_open') rowMap = block.map;
      if (block.type !== 'inline' || !block.children) return;
      const links = block.children.filter((token) => token.type === 'link_open');
      // A table cell's inline token has no line map of its own: it lies on its row's line.
      const inCell = ['th_open', 'td_open'].includes(blocks[i - 1]?.type ?? '');
      const map = block.map ?? (inCell ? rowMap : null);
      if (links.length === 0 || !map) return;
      const toSource = sourceMapOf(text, lineStarts, block.content, map, cursors);
      if (!toSource) return;
      for (const token of links) {
        const spot = env.spots.get(token);
        // Links parsed from another source (an inline footnote's own parse) have no place here.
        if (!spot || spot.src !== block.content) continue;
        const span = targetSpan(md, token, spot);
        if (!span) continue;
        const start = toSource(span.start);
        const end = start + (span.end - span.start);
        if (text.slice(start, end) === spot.src.slice(span.start, span.end)) found.push({ start, end, target: span.target });
      }
    });
    return found;
  };
}

/** The text with each change's span replaced; changes must not overlap. */
export function applyChanges(text: string, changes: readonly TargetChange[]): string {
  let result = text;
  for (const change of [...changes].sort((a, b) => b.start - a.start)) {
    result = result.slice(0, change.start) + change.text + result.slice(change.end);
  }
  return result;
}
