// Saving a page: refuse while someone else holds the edit lock, derive title and links from the
// text, store everything in one transaction (the store runs the page event steps), then drop the
// saver's lock and draft. The one save path of the editor, the API, the import and the seed.
import type { DraftStore } from './drafts.js';
import type { LockStore } from './locks.js';
import type { PageRenderer } from '../render/page-render.js';
import type { PageStore, SaveOutcome, SaveRequest } from './store.js';

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
}

export type Editing = ReturnType<typeof createEditing>;

export function createEditing(pages: PageStore, pageRenderer: PageRenderer, deps: EditingDeps) {
  const { locks, drafts } = deps;
  return {
    save(request: EditRequest): SaveOutcome {
      const { holder = null, ...edit } = request;
      const lock = locks.heldByOther(edit.id, holder);
      if (lock) return { status: 'locked', holder: lock.label, expires: lock.expires };
      const { title, links } = pageRenderer.analyse(edit.id, edit.text);
      const outcome = pages.save({ ...edit, title, links });
      if (holder !== null && (outcome.status === 'saved' || outcome.status === 'unchanged')) {
        locks.release(edit.id, holder);
        drafts.delete(edit.id, holder);
      }
      return outcome;
    },
  };
}
