// What happened to a page, told after the change is committed to whoever listens (the plugins).
import type { RevisionType } from './store.js';

export interface PageSaved {
  id: string;
  rev: number;
  /** create, edit, minor, revert, import or rename; a deletion is a PageDeleted. */
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

/** Each method returns once every listener has run; a listener's failure never reaches the caller. */
export interface PageEvents {
  saved(event: PageSaved): void;
  deleted(event: PageDeleted): void;
  renamed(event: PageRenamed): void;
}

export const NO_PAGE_EVENTS: PageEvents = {
  saved() {},
  deleted() {},
  renamed() {},
};
