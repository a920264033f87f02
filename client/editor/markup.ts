// What the toolbar's buttons do to the text (src/editor/toolbar.ts describes them): each is a change
// of the editor state, so one press is one undo step. Pure: no DOM, tested in Node.
import { EditorSelection, type EditorState, type Line, type TransactionSpec } from '@codemirror/state';
import type { ToolbarAction } from '../../src/editor/toolbar.js';

/** Whether `before`/`after` sit right outside from..to (and a one-character mark is not half of a doubled one: `*` of `**`). */
function wrappedOutside(state: EditorState, from: number, to: number, before: string, after: string): boolean {
  if (state.sliceDoc(from - before.length, from) !== before || state.sliceDoc(to, to + after.length) !== after) return false;
  if (before.length !== 1) return true;
  return state.sliceDoc(from - 2, from - 1) !== before && state.sliceDoc(to + 1, to + 2) !== after;
}

/** `before` and `after` around each selection, or taken away when they are there already. */
export function wrap(state: EditorState, before: string, after: string): TransactionSpec {
  return state.changeByRange((range) => {
    // Marks must touch the words: `**word** ` renders as bold, `**word **` does not.
    const text = state.sliceDoc(range.from, range.to);
    const from = range.from + (text.length - text.trimStart().length);
    const to = Math.max(from, range.to - (text.length - text.trimEnd().length));
    const inner = state.sliceDoc(from, to);
    if (from < to && wrappedOutside(state, from, to, before, after)) {
      return {
        changes: [
          { from: from - before.length, to: from },
          { from: to, to: to + after.length },
        ],
        range: EditorSelection.range(from - before.length, to - before.length),
      };
    }
    if (inner.length > before.length + after.length && inner.startsWith(before) && inner.endsWith(after)) {
      return {
        changes: { from, to, insert: inner.slice(before.length, inner.length - after.length) },
        range: EditorSelection.range(from, to - before.length - after.length),
      };
    }
    return {
      changes: [
        { from, insert: before },
        { from: to, insert: after },
      ],
      range: EditorSelection.range(from + before.length, to + before.length),
    };
  });
}

/** The lines the selections touch, each once, in order. */
function selectedLines(state: EditorState): Line[] {
  const lines = new Map<number, Line>();
  for (const range of state.selection.ranges) {
    const last = state.doc.lineAt(range.to).number;
    for (let n = state.doc.lineAt(range.from).number; n <= last; n++) lines.set(n, state.doc.line(n));
  }
  return [...lines.values()].sort((a, b) => a.number - b.number);
}

const HEADING_MARK = /^#{1,6}[ \t]+/;
const NUMBER_MARK = /^\d+[.)][ \t]+/;

/**
 * `prefix` at the start of every selected line that is not blank (or of the one line the cursor
 * is on), or taken away when all of them have it. A heading prefix replaces another level's marks;
 * a numbered list counts 1., 2., 3.
 */
export function prefixLines(state: EditorState, prefix: string): TransactionSpec {
  const heading = prefix.startsWith('#');
  const numbered = NUMBER_MARK.test(prefix);
  const lines = selectedLines(state);
  const written = lines.filter((line) => line.text.trim() !== '');
  const targets = written.length > 0 ? written : lines;
  const present = (line: Line) => (numbered ? NUMBER_MARK.test(line.text) : line.text.startsWith(prefix));
  const remove = targets.every(present);
  const changes = targets.map((line, index) => {
    if (remove) {
      const mark = numbered ? (NUMBER_MARK.exec(line.text)?.[0] ?? '') : prefix;
      return { from: line.from, to: line.from + mark.length };
    }
    const old = (heading ? HEADING_MARK : numbered ? NUMBER_MARK : null)?.exec(line.text)?.[0] ?? '';
    return { from: line.from, to: line.from + old.length, insert: numbered ? `${index + 1}. ` : prefix };
  });
  const changeSet = state.changes(changes);
  // Cursors at a line's start move past the new prefix rather than staying before it.
  return { changes: changeSet, selection: state.selection.map(changeSet, 1) };
}

/** `before` and `after` on lines of their own around the selection (an empty selection: an empty block to type in). */
export function block(state: EditorState, before: string, after: string): TransactionSpec {
  return state.changeByRange((range) => {
    const lead = range.from === state.doc.lineAt(range.from).from ? '' : '\n';
    const trail = range.to === state.doc.lineAt(range.to).to ? '' : '\n';
    const inner = state.sliceDoc(range.from, range.to);
    const insert = `${lead}${before}\n${inner}\n${after}${trail}`;
    const start = range.from + lead.length + before.length + 1;
    return { changes: { from: range.from, to: range.to, insert }, range: EditorSelection.range(start, start + inner.length) };
  });
}

/** Whether the line holding `pos` is blank, or `pos` is outside the text. */
function blankLineAt(state: EditorState, pos: number): boolean {
  if (pos < 0 || pos > state.doc.length) return true;
  return state.doc.lineAt(pos).text.trim() === '';
}

/**
 * `text` in place of the main selection, as a block of its own: separated by a blank line from the
 * text before and after it, so that a table or a rule is not read as part of a paragraph.
 */
export function insertBlock(state: EditorState, text: string): TransactionSpec {
  const { from, to } = state.selection.main;
  const startLine = state.doc.lineAt(from);
  const endLine = state.doc.lineAt(to);
  const atLineStart = from === startLine.from;
  const atLineEnd = to === endLine.to;
  let lead = '';
  if (!atLineStart) lead = '\n\n';
  else if (startLine.number > 1 && !blankLineAt(state, startLine.from - 1)) lead = '\n';
  // The line break that ends the current line is already there after `to`.
  let trail = '\n';
  if (!atLineEnd) trail = '\n\n';
  else if (endLine.number < state.doc.lines && blankLineAt(state, endLine.to + 1)) trail = '';
  const insert = `${lead}${text}${trail}`;
  const cursor = from + lead.length + text.length;
  return { changes: { from, to, insert }, selection: EditorSelection.cursor(cursor), scrollIntoView: true };
}

/** `[[|label]]` from the selection, or `[[]]`; the cursor goes where the target is typed. */
export function link(state: EditorState): TransactionSpec {
  return state.changeByRange((range) => {
    const label = state.sliceDoc(range.from, range.to).trim();
    const insert = label === '' ? '[[]]' : `[[|${label}]]`;
    return { changes: { from: range.from, to: range.to, insert }, range: EditorSelection.cursor(range.from + 2) };
  });
}

/** The change of a toolbar action; null for the ones that are not a change of text (media). */
export function actionChange(state: EditorState, action: ToolbarAction): TransactionSpec | null {
  switch (action.kind) {
    case 'wrap':
      return wrap(state, action.before, action.after);
    case 'lines':
      return prefixLines(state, action.prefix);
    case 'block':
      return block(state, action.before, action.after);
    case 'insert':
      return insertBlock(state, action.text);
    case 'link':
      return link(state);
    case 'media':
      return null;
  }
}

/** `{{id}}` for a file, written so that it reads the same from any page (`{{:file}}` in the root). */
export function mediaMarkup(id: string, options: { width?: number | null; alt?: string } = {}): string {
  const target = id.includes(':') ? id : `:${id}`;
  const size = options.width ? `?${options.width}` : '';
  const alt = options.alt?.trim().replace(/[|{}\n]/g, ' ') ?? '';
  return `{{${target}${size}${alt === '' ? '' : `|${alt}`}}}`;
}
