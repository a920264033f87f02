// Line diffs between two revisions, as data for the revisions screen (inline and side by side,
// DokuWiki style: changed lines carry word-level segments), and the three-way merge behind
// edit-conflict recovery. Pure: the templates turn segments into <del>/<ins>.
import { diffArrays, diffWordsWithSpace } from 'diff';

export interface Segment { kind: 'same' | 'del' | 'ins'; text: string }
/** gap = unchanged lines left out; its line numbers are those of the first line skipped. */
export interface InlineRow { kind: 'same' | 'del' | 'ins' | 'gap'; oldLine: number | null; newLine: number | null; segments: Segment[] }
export interface SideRow {
  kind: 'same' | 'change' | 'del' | 'ins' | 'gap';
  oldLine: number | null;
  newLine: number | null;
  left: Segment[] | null;
  right: Segment[] | null;
}
export interface DiffResult { inline: InlineRow[]; sideBySide: SideRow[]; added: number; removed: number; identical: boolean }

/** Longer paired lines are marked whole: a word diff of huge lines costs more than it shows. */
const WORD_DIFF_MAX_CHARS = 10_000;
/** Characters word-diffed per comparison; past it (a rewritten page) paired lines are marked whole. */
const WORD_DIFF_BUDGET = 200_000;
/**
 * Myers' cost grows with the square of the edit count. Past this many line edits the page was
 * rewritten anyway, so its differing middle is shown as one block: old lines out, new lines in
 * (bounds a 2 MB rewrite to about half a second; for a merge it means a conflict).
 */
const MAX_EDIT_LENGTH = 2_000;

/** Old lines [oldStart, oldEnd) replaced by new lines [newStart, newEnd); 0-based. */
interface Hunk { oldStart: number; oldEnd: number; newStart: number; newEnd: number }

function toLines(text: string): string[] {
  const normalised = text.replace(/\r\n/g, '\n');
  if (normalised === '') return [];
  const lines = normalised.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function diffHunks(oldLines: readonly string[], newLines: readonly string[]): Hunk[] {
  // Trimming the common head and tail first leaves Myers only the edited middle of a big page.
  const shorter = Math.min(oldLines.length, newLines.length);
  let head = 0;
  while (head < shorter && oldLines[head] === newLines[head]) head++;
  let tail = 0;
  while (tail < shorter - head && oldLines[oldLines.length - 1 - tail] === newLines[newLines.length - 1 - tail]) tail++;
  const oldEnd = oldLines.length - tail;
  const newEnd = newLines.length - tail;
  if (head === oldEnd && head === newEnd) return [];

  const changes = diffArrays(oldLines.slice(head, oldEnd), newLines.slice(head, newEnd), { maxEditLength: MAX_EDIT_LENGTH });
  if (!changes) return [{ oldStart: head, oldEnd, newStart: head, newEnd }];

  const hunks: Hunk[] = [];
  let oldPos = head;
  let newPos = head;
  let current: Hunk | null = null;
  for (const change of changes) {
    if (!change.added && !change.removed) {
      oldPos += change.count;
      newPos += change.count;
      current = null;
      continue;
    }
    if (!current) hunks.push((current = { oldStart: oldPos, oldEnd: oldPos, newStart: newPos, newEnd: newPos }));
    if (change.removed) current.oldEnd = oldPos += change.count;
    else current.newEnd = newPos += change.count;
  }
  return hunks;
}

function whole(kind: Segment['kind'], text: string): Segment[] {
  return text === '' ? [] : [{ kind, text }];
}

/** Word-level segments of a deleted line (left) paired with the inserted line that replaced it (right). */
function wordSegments(oldLine: string, newLine: string, wordDiff: boolean): { left: Segment[]; right: Segment[] } {
  if (!wordDiff || Math.max(oldLine.length, newLine.length) > WORD_DIFF_MAX_CHARS) {
    return { left: whole('del', oldLine), right: whole('ins', newLine) };
  }
  const left: Segment[] = [];
  const right: Segment[] = [];
  for (const part of diffWordsWithSpace(oldLine, newLine)) {
    if (!part.added) left.push({ kind: part.removed ? 'del' : 'same', text: part.value });
    if (!part.removed) right.push({ kind: part.added ? 'ins' : 'same', text: part.value });
  }
  return { left, right };
}

/** Line diff of two texts with `context` unchanged lines kept around each change (default 3; Infinity keeps all). */
export function diffTexts(oldText: string, newText: string, context = 3): DiffResult {
  const oldLines = toLines(oldText);
  const newLines = toLines(newText);
  const hunks = diffHunks(oldLines, newLines);
  const keepAround = Math.max(0, Number.isNaN(context) ? 3 : context);
  const result: DiffResult = { inline: [], sideBySide: [], added: 0, removed: 0, identical: hunks.length === 0 };
  const { inline, sideBySide } = result;
  let wordBudget = WORD_DIFF_BUDGET;

  const same = (oldIndex: number, newIndex: number): void => {
    const segments = whole('same', oldLines[oldIndex] ?? '');
    const lines = { oldLine: oldIndex + 1, newLine: newIndex + 1 };
    inline.push({ kind: 'same', ...lines, segments });
    sideBySide.push({ kind: 'same', ...lines, left: segments, right: segments });
  };

  // An unchanged run keeps `context` lines next to each neighbouring change; a gap row stands
  // for what is skipped before a kept line (nothing is said about skipped trailing lines).
  const unchangedRun = (oldStart: number, newStart: number, length: number, changeBefore: boolean, changeAfter: boolean): void => {
    const all = keepAround === Infinity;
    const keepHead = changeBefore || all ? Math.min(keepAround, length) : 0;
    const keepTail = changeAfter || all ? Math.min(keepAround, length) : 0;
    if (keepHead + keepTail >= length) {
      for (let i = 0; i < length; i++) same(oldStart + i, newStart + i);
      return;
    }
    for (let i = 0; i < keepHead; i++) same(oldStart + i, newStart + i);
    if (!changeAfter) return;
    const gap = { oldLine: oldStart + keepHead + 1, newLine: newStart + keepHead + 1 };
    inline.push({ kind: 'gap', ...gap, segments: [] });
    sideBySide.push({ kind: 'gap', ...gap, left: null, right: null });
    for (let i = length - keepTail; i < length; i++) same(oldStart + i, newStart + i);
  };

  const changedBlock = (hunk: Hunk): void => {
    const deleted = oldLines.slice(hunk.oldStart, hunk.oldEnd);
    const inserted = newLines.slice(hunk.newStart, hunk.newEnd);
    result.removed += deleted.length;
    result.added += inserted.length;
    const paired = Math.min(deleted.length, inserted.length);
    const lefts: Segment[][] = [];
    const rights: Segment[][] = [];
    for (let i = 0; i < paired; i++) {
      const oldLine = deleted[i] ?? '';
      const newLine = inserted[i] ?? '';
      wordBudget -= oldLine.length + newLine.length;
      const { left, right } = wordSegments(oldLine, newLine, wordBudget >= 0);
      lefts.push(left);
      rights.push(right);
      sideBySide.push({ kind: 'change', oldLine: hunk.oldStart + i + 1, newLine: hunk.newStart + i + 1, left, right });
    }
    deleted.forEach((line, i) => {
      const segments = lefts[i] ?? whole('del', line);
      inline.push({ kind: 'del', oldLine: hunk.oldStart + i + 1, newLine: null, segments });
      if (i >= paired) sideBySide.push({ kind: 'del', oldLine: hunk.oldStart + i + 1, newLine: null, left: segments, right: null });
    });
    inserted.forEach((line, i) => {
      const segments = rights[i] ?? whole('ins', line);
      inline.push({ kind: 'ins', oldLine: null, newLine: hunk.newStart + i + 1, segments });
      if (i >= paired) sideBySide.push({ kind: 'ins', oldLine: null, newLine: hunk.newStart + i + 1, left: null, right: segments });
    });
  };

  let oldPos = 0;
  let newPos = 0;
  hunks.forEach((hunk, i) => {
    unchangedRun(oldPos, newPos, hunk.oldStart - oldPos, i > 0, true);
    changedBlock(hunk);
    oldPos = hunk.oldEnd;
    newPos = hunk.newEnd;
  });
  unchangedRun(oldPos, newPos, oldLines.length - oldPos, hunks.length > 0, false);
  return result;
}

function sameReplacement(a: Hunk, b: Hunk, aLines: readonly string[], bLines: readonly string[]): boolean {
  if (a.oldStart !== b.oldStart || a.oldEnd !== b.oldEnd || a.newEnd - a.newStart !== b.newEnd - b.newStart) return false;
  for (let i = 0; i < a.newEnd - a.newStart; i++) if (aLines[a.newStart + i] !== bLines[b.newStart + i]) return false;
  return true;
}

/**
 * Three-way merge at line level: the merged text when ours and theirs changed disjoint line
 * ranges of base (touching ranges count as a conflict, identical changes do not), else null.
 * CRLF is normalised to LF; a trailing newline is kept as a line of its own.
 */
export function mergeThreeWay(base: string, ours: string, theirs: string): string | null {
  const [baseText, oursText, theirsText] = [base, ours, theirs].map((text) => text.replace(/\r\n/g, '\n')) as [string, string, string];
  if (oursText === theirsText || theirsText === baseText) return oursText;
  if (oursText === baseText) return theirsText;

  const baseLines = baseText.split('\n');
  const oursLines = oursText.split('\n');
  const theirsLines = theirsText.split('\n');
  const oursHunks = diffHunks(baseLines, oursLines);
  const theirsHunks = diffHunks(baseLines, theirsLines);

  const merged: string[] = [];
  let basePos = 0;
  const apply = (hunk: Hunk, lines: readonly string[]): void => {
    for (let i = basePos; i < hunk.oldStart; i++) merged.push(baseLines[i] ?? '');
    for (let i = hunk.newStart; i < hunk.newEnd; i++) merged.push(lines[i] ?? '');
    basePos = hunk.oldEnd;
  };

  let o = 0;
  let t = 0;
  while (o < oursHunks.length || t < theirsHunks.length) {
    const mine = oursHunks[o];
    const other = theirsHunks[t];
    if (mine && other && mine.oldStart <= other.oldEnd && other.oldStart <= mine.oldEnd) {
      if (!sameReplacement(mine, other, oursLines, theirsLines)) return null;
      apply(mine, oursLines);
      o++;
      t++;
    } else if (mine && (!other || mine.oldStart < other.oldStart)) {
      apply(mine, oursLines);
      o++;
    } else if (other) {
      apply(other, theirsLines);
      t++;
    }
  }
  for (let i = basePos; i < baseLines.length; i++) merged.push(baseLines[i] ?? '');
  return merged.join('\n');
}
