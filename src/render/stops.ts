// Where an inline rule's forward scan stops, looked up instead of scanned: a rule tried at every
// position of a long run (`[^[^[^…`), and again by markdown-it's look-ahead, would otherwise rescan
// the same run from each position, which is quadratic in the line's length. The table of next
// stops is built once per inline content, in one backward pass.
import type { StateInline } from 'markdown-it';

export interface StopFinder {
  /** The first index at or after `from` whose character is a stop, or `state.src.length`. */
  (state: StateInline, from: number): number;
}

/** A finder for the characters `stops` (char codes). */
export function createStopFinder(stops: readonly number[]): StopFinder {
  const isStop = new Set(stops);
  const tables = new WeakMap<StateInline, Int32Array>();
  return (state, from) => {
    const { src } = state;
    let next = tables.get(state);
    if (!next) {
      next = new Int32Array(src.length + 1);
      next[src.length] = src.length;
      for (let i = src.length - 1; i >= 0; i--) next[i] = isStop.has(src.charCodeAt(i)) ? i : next[i + 1]!;
      tables.set(state, next);
    }
    return from >= src.length ? src.length : next[from]!;
  };
}
