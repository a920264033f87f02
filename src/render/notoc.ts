// `~~NOTOC~~` hides the table of contents: a block rule for the usual line of its own,
// an inline rule for one inside a paragraph. Neither leaves anything in the output.
import type MarkdownIt from 'markdown-it';
import type { StateBlock, StateInline } from 'markdown-it';
import { renderStateOf } from './env.js';

const MARK = '~~NOTOC~~';
const TILDE = 0x7e;

function markNotoc(env: unknown): void {
  const state = renderStateOf(env);
  if (state) state.notoc = true;
}

function notocBlock(state: StateBlock, startLine: number, _endLine: number, silent: boolean): boolean {
  if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
  const start = state.bMarks[startLine]! + state.tShift[startLine]!;
  if (state.src.charCodeAt(start) !== TILDE || !state.src.startsWith(MARK, start)) return false;
  if (state.src.slice(start + MARK.length, state.eMarks[startLine]).trim() !== '') return false;
  if (silent) return true;
  markNotoc(state.env);
  state.line = startLine + 1;
  return true;
}

function notocInline(state: StateInline, silent: boolean): boolean {
  const { src, pos } = state;
  if (src.charCodeAt(pos) !== TILDE || pos + MARK.length > state.posMax || !src.startsWith(MARK, pos)) return false;
  if (!silent) markNotoc(state.env);
  state.pos += MARK.length;
  return true;
}

export function notoc(md: MarkdownIt): void {
  md.block.ruler.before('paragraph', 'notoc', notocBlock, { alt: ['paragraph'] });
  md.inline.ruler.before('strikethrough', 'notoc', notocInline);
}
