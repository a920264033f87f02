// Footnotes: references `[^label]` with their definitions `[^label]: text`, and inline notes
// `^[text]`, drawn as markdown-it-footnote 4 draws them. Our own rules because that plugin's are
// quadratic: it appends each note to the token stream by copying the whole stream, and rescans a
// `[^` run from each of its positions. Here every step is linear in the page's size.
import type MarkdownIt from 'markdown-it';
import type { RendererRule as RenderRule, StateBlock, StateCore, StateInline, Token } from 'markdown-it';
import { budgetOf, RENDER_LIMITS } from './budget.js';
import { createStopFinder } from './stops.js';

const BRACKET_OPEN = 0x5b;
const BRACKET_CLOSE = 0x5d;
const CARET = 0x5e;
const COLON = 0x3a;
const SPACE = 0x20;
const TAB = 0x09;
const NEWLINE = 0x0a;

/** A note of the list, in order of first reference: an inline note's own tokens, or a definition's label. */
interface Note {
  label?: string;
  content?: string;
  tokens?: Token[];
  /** References made to a labelled note so far. */
  count: number;
}

interface Footnotes {
  /** label → index in `list`, -1 while defined but not referenced yet. */
  refs: Map<string, number>;
  list: Note[];
}

interface FootnoteMeta {
  id: number;
  subId?: number;
  label?: string;
}

const footnotesOf = (env: { footnotes?: Footnotes }): Footnotes => (env.footnotes ??= { refs: new Map(), list: [] });

/** Whether the page may have one more note; past the bound, a note is left as its text. */
function roomForNote(env: object, notes: Footnotes): boolean {
  if (notes.list.length < RENDER_LIMITS.footnotes) return true;
  budgetOf(env).over = true;
  return false;
}
const metaOf = (token: Token): FootnoteMeta => token.meta as FootnoteMeta;
const anchorName = (token: Token): string => String(metaOf(token).id + 1);
const subIdOf = (token: Token): number => metaOf(token).subId ?? 0;
const withSubId = (id: string, token: Token): string => (subIdOf(token) > 0 ? `${id}:${subIdOf(token)}` : id);

const renderRules: Record<string, RenderRule> = {
  footnote_ref(tokens, idx) {
    const id = anchorName(tokens[idx]!);
    const caption = `[${withSubId(id, tokens[idx]!)}]`;
    return `<sup class="footnote-ref"><a href="#fn${id}" id="fnref${withSubId(id, tokens[idx]!)}">${caption}</a></sup>`;
  },
  footnote_block_open: (_tokens, _idx, options) =>
    `${options.xhtmlOut ? '<hr class="footnotes-sep" />\n' : '<hr class="footnotes-sep">\n'}<section class="footnotes">\n<ol class="footnotes-list">\n`,
  footnote_block_close: () => '</ol>\n</section>\n',
  footnote_open: (tokens, idx) => `<li id="fn${withSubId(anchorName(tokens[idx]!), tokens[idx]!)}" class="footnote-item">`,
  footnote_close: () => '</li>\n',
  // ↩ with a variation selector, so iOS does not draw it as an emoji.
  footnote_anchor: (tokens, idx) => ` <a href="#fnref${withSubId(anchorName(tokens[idx]!), tokens[idx]!)}" class="footnote-backref">\u21a9\uFE0E</a>`,
};

// `[^label]: text` and the indented lines that follow, parsed as blocks of their own.
function definition(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const start = state.bMarks[startLine]! + state.tShift[startLine]!;
  const max = state.eMarks[startLine]!;
  if (start + 4 > max) return false;
  if (state.src.charCodeAt(start) !== BRACKET_OPEN || state.src.charCodeAt(start + 1) !== CARET) return false;
  let pos = start + 2;
  for (; pos < max; pos++) {
    const code = state.src.charCodeAt(pos);
    if (code === SPACE) return false;
    if (code === BRACKET_CLOSE) break;
  }
  if (pos === start + 2) return false;
  if (pos + 1 >= max || state.src.charCodeAt(++pos) !== COLON) return false;
  if (silent) return true;
  pos++;

  const label = state.src.slice(start + 2, pos - 2);
  footnotesOf(state.env).refs.set(label, -1);
  const open = new state.Token('footnote_reference_open', '', 1);
  open.meta = { label };
  open.level = state.level++;
  state.tokens.push(open);

  const oldBMark = state.bMarks[startLine]!;
  const oldTShift = state.tShift[startLine]!;
  const oldSCount = state.sCount[startLine]!;
  const oldParentType = state.parentType;
  const posAfterColon = pos;
  const initial = state.sCount[startLine]! + pos - (state.bMarks[startLine]! + state.tShift[startLine]!);
  let offset = initial;
  for (; pos < max; pos++) {
    const code = state.src.charCodeAt(pos);
    if (code === TAB) offset += 4 - (offset % 4);
    else if (code === SPACE) offset++;
    else break;
  }
  state.tShift[startLine] = pos - posAfterColon;
  state.sCount[startLine] = offset - initial;
  state.bMarks[startLine] = posAfterColon;
  state.blkIndent += 4;
  state.parentType = 'footnote' as StateBlock['parentType'];
  if (state.sCount[startLine]! < state.blkIndent) state.sCount[startLine]! += state.blkIndent;

  state.md.block.tokenize(state, startLine, endLine);

  state.parentType = oldParentType;
  state.blkIndent -= 4;
  state.tShift[startLine] = oldTShift;
  state.sCount[startLine] = oldSCount;
  state.bMarks[startLine] = oldBMark;

  const close = new state.Token('footnote_reference_close', '', -1);
  close.level = --state.level;
  state.tokens.push(close);
  return true;
}

// `^[text]`: the text is parsed on its own and kept with the note.
function inlineNote(state: StateInline, silent: boolean): boolean {
  const max = state.posMax;
  const start = state.pos;
  if (start + 2 >= max) return false;
  if (state.src.charCodeAt(start) !== CARET || state.src.charCodeAt(start + 1) !== BRACKET_OPEN) return false;
  const labelStart = start + 2;
  const labelEnd = state.md.helpers.parseLinkLabel(state, start + 1);
  if (labelEnd < 0) return false;
  if (!roomForNote(state.env as object, footnotesOf(state.env))) return false;
  if (!silent) {
    const notes = footnotesOf(state.env);
    const id = notes.list.length;
    const tokens: Token[] = [];
    const content = state.src.slice(labelStart, labelEnd);
    state.md.inline.parse(content, state.md, state.env, tokens);
    state.push('footnote_ref', '', 0).meta = { id } satisfies FootnoteMeta;
    notes.list[id] = { content, tokens, count: 0 };
  }
  state.pos = labelEnd + 1;
  state.posMax = max;
  return true;
}

const referenceStop = createStopFinder([SPACE, NEWLINE, BRACKET_CLOSE]);

// `[^label]` for a label some definition gave.
function reference(state: StateInline, silent: boolean): boolean {
  const max = state.posMax;
  const start = state.pos;
  if (start + 3 > max) return false;
  const notes = (state.env as { footnotes?: Footnotes }).footnotes;
  if (!notes || notes.refs.size === 0) return false;
  if (state.src.charCodeAt(start) !== BRACKET_OPEN || state.src.charCodeAt(start + 1) !== CARET) return false;
  const end = referenceStop(state, start + 2);
  if (end >= max || state.src.charCodeAt(end) !== BRACKET_CLOSE || end === start + 2) return false;
  const label = state.src.slice(start + 2, end);
  const known = notes.refs.get(label);
  if (known === undefined || (known < 0 && !roomForNote(state.env as object, notes))) return false;
  if (!silent) {
    let id = known;
    if (id < 0) {
      id = notes.list.length;
      notes.list[id] = { label, count: 0 };
      notes.refs.set(label, id);
    }
    const note = notes.list[id]!;
    const subId = note.count++;
    state.push('footnote_ref', '', 0).meta = { id, subId, label } satisfies FootnoteMeta;
  }
  state.pos = end + 1;
  state.posMax = max;
  return true;
}

// Definitions leave the flow; the list of notes is appended at the end, each note's back links
// placed inside its last paragraph.
function appendNotes(state: StateCore): void {
  const notes = (state.env as { footnotes?: Footnotes }).footnotes;
  if (!notes) return;
  const kept: Token[] = [];
  const defined = new Map<string, Token[]>();
  // One flag, not a stack, as markdown-it-footnote does: a definition nested in another ends both.
  let inside = false;
  let current: Token[] = [];
  let currentLabel = '';
  for (const token of state.tokens) {
    if (token.type === 'footnote_reference_open') {
      inside = true;
      current = [];
      currentLabel = (token.meta as { label: string }).label;
    } else if (token.type === 'footnote_reference_close') {
      inside = false;
      defined.set(currentLabel, current);
    } else if (inside) {
      current.push(token);
    } else {
      kept.push(token);
    }
  }
  state.tokens = kept;
  if (notes.list.length === 0) return;

  kept.push(new state.Token('footnote_block_open', '', 1));
  notes.list.forEach((note, id) => {
    const open = new state.Token('footnote_open', '', 1);
    open.meta = { id, label: note.label } satisfies FootnoteMeta;
    kept.push(open);
    if (note.tokens) {
      const paragraphOpen = new state.Token('paragraph_open', 'p', 1);
      paragraphOpen.block = true;
      const inline = new state.Token('inline', '', 0);
      inline.children = note.tokens;
      inline.content = note.content ?? '';
      const paragraphClose = new state.Token('paragraph_close', 'p', -1);
      paragraphClose.block = true;
      kept.push(paragraphOpen, inline, paragraphClose);
    } else if (note.label !== undefined) {
      for (const token of defined.get(note.label) ?? []) kept.push(token);
    }
    const lastParagraph = kept[kept.length - 1]!.type === 'paragraph_close' ? kept.pop()! : null;
    for (let subId = 0; subId < Math.max(note.count, 1); subId++) {
      const anchor = new state.Token('footnote_anchor', '', 0);
      anchor.meta = { id, subId, label: note.label } satisfies FootnoteMeta;
      kept.push(anchor);
    }
    if (lastParagraph) kept.push(lastParagraph);
    kept.push(new state.Token('footnote_close', '', -1));
  });
  kept.push(new state.Token('footnote_block_close', '', -1));
}

export function footnotes(md: MarkdownIt): void {
  Object.assign(md.renderer.rules, renderRules);
  md.block.ruler.before('reference', 'footnote_def', definition, { alt: ['paragraph', 'reference'] });
  md.inline.ruler.after('image', 'footnote_inline', inlineNote);
  md.inline.ruler.after('footnote_inline', 'footnote_ref', reference);
  md.core.ruler.after('inline', 'footnote_tail', appendNotes);
}
