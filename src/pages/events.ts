// What follows a change to a page — a save, a deletion, a rename — as one list of steps run in
// order (the list itself is written once, in wiki.ts). A step may act inside the change's
// transaction (what must commit with the page or not at all: links, the search index) and once
// the change is committed (what may only follow a committed change: caches, the plugins' hooks).
// The page store runs the list; nothing else listens to page changes.
import type { RevisionType } from './store.js';

export type PageChange =
  | {
      kind: 'saved';
      id: string;
      rev: number;
      /** create, edit, minor, revert or import; a deletion is 'deleted', a move 'renamed'. */
      type: RevisionType;
      /** The page did not exist before this revision. */
      created: boolean;
      text: string;
      title: string | null;
      links: readonly string[];
      author: string | null;
    }
  | { kind: 'deleted'; id: string; rev: number; author: string | null }
  | {
      kind: 'renamed';
      from: string;
      to: string;
      /** The 'rename' revision at the new id. */
      rev: number;
      text: string;
      title: string | null;
      links: readonly string[];
      author: string | null;
    };

export interface PageEventStep {
  /** Names the step in logs (and in the test of the list's order). */
  name: string;
  /** Inside the change's transaction: a throw undoes the change. */
  inTransaction?(change: PageChange): void;
  /** Once the change is committed: a throw is logged, and the next steps still run. */
  afterCommit?(change: PageChange): void;
}

export interface PageEvents {
  readonly steps: readonly PageEventStep[];
  inTransaction(change: PageChange): void;
  afterCommit(change: PageChange): void;
}

export interface PageEventLog {
  error(details: object, message: string): void;
}

export function createPageEvents(steps: readonly PageEventStep[], log: PageEventLog): PageEvents {
  return {
    steps,
    inTransaction(change) {
      for (const step of steps) step.inTransaction?.(change);
    },
    afterCommit(change) {
      for (const step of steps) {
        try {
          step.afterCommit?.(change);
        } catch (error) {
          log.error({ err: error, step: step.name }, 'page event step failed');
        }
      }
    },
  };
}

export const NO_PAGE_EVENTS: PageEvents = createPageEvents([], { error() {} });

// What plugins' hooks receive (src/plugins/plugin.ts): the change, as the plugin contract names it.

export interface PageSaved {
  id: string;
  rev: number;
  /** create, edit, minor, revert or import; a deletion is a PageDeleted. */
  type: RevisionType;
  text: string;
  title: string | null;
  author: string | null;
}

export interface PageDeleted {
  id: string;
  /** The revision that recorded the deletion. */
  rev: number;
  author: string | null;
}

export interface PageRenamed {
  from: string;
  to: string;
  author: string | null;
}
