// Saving a page: refuse while someone else holds the edit lock, derive title and links from the
// text, store everything in one transaction, then drop the saver's lock and draft, and tell the
// renderer when the set of existing pages changed and the page events (the plugins' hooks) what
// was committed. The one save path of the editor and the API.
import type { DraftStore } from './drafts.js';
import type { LockStore } from './locks.js';
import { NO_PAGE_EVENTS, type PageEvents } from './events.js';
import type { PageRenderer } from '../render/page-render.js';
import { normaliseText, type PageStore, type SaveOutcome, type SaveRequest } from './store.js';

export type EditRequest = Omit<SaveRequest, 'title' | 'links'> & {
  /**
   * The saver's lock identity (locks.ts userHolder / visitorHolder): their own lock does not
   * block them, and a save releases it and deletes their draft. Absent or null: any live lock blocks.
   */
  holder?: string | null;
};

export interface EditingDeps {
  locks: LockStore;
  drafts: DraftStore;
  /** Told of every committed save, deletion and rename (the plugins' hooks). */
  events?: PageEvents;
}

export type Editing = ReturnType<typeof createEditing>;

export function createEditing(pages: PageStore, pageRenderer: PageRenderer, deps: EditingDeps) {
  const { locks, drafts, events = NO_PAGE_EVENTS } = deps;
  return {
    save(request: EditRequest): SaveOutcome {
      const { holder = null, ...edit } = request;
      const lock = locks.heldByOther(edit.id, holder);
      if (lock) return { status: 'locked', holder: lock.label, expires: lock.expires };
      const existed = pages.exists(edit.id);
      const { title, links } = pageRenderer.analyse(edit.id, edit.text);
      const outcome = pages.save({ ...edit, title, links });
      if (outcome.status === 'saved' && existed !== (outcome.type !== 'delete')) pageRenderer.existenceChanged();
      if (holder !== null && (outcome.status === 'saved' || outcome.status === 'unchanged')) {
        locks.release(edit.id, holder);
        drafts.delete(edit.id, holder);
      }
      if (outcome.status === 'saved') {
        const { id, author } = edit;
        if (outcome.type === 'delete') events.deleted({ id, rev: outcome.rev, author });
        else events.saved({ id, rev: outcome.rev, type: outcome.type, text: normaliseText(edit.text), title, author });
      }
      return outcome;
    },
    /** Call once a rename is committed (rename.ts), so the plugins' `renamed` hooks run. */
    renamed(from: string, to: string, author: string | null): void {
      events.renamed({ from, to, author });
    },
  };
}
