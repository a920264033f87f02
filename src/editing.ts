// Saving a page: derive title and links from the text, store everything in one transaction,
// and tell the renderer when the set of existing pages changed.
import type { PageRenderer } from './page-render.js';
import type { PageStore, SaveOutcome, SaveRequest } from './pages.js';

export type EditRequest = Omit<SaveRequest, 'title' | 'links'>;

export type Editing = ReturnType<typeof createEditing>;

export function createEditing(pages: PageStore, pageRenderer: PageRenderer) {
  return {
    save(request: EditRequest): SaveOutcome {
      const existed = pages.exists(request.id);
      const { title, links } = pageRenderer.analyse(request.id, request.text);
      const outcome = pages.save({ ...request, title, links });
      if (outcome.status === 'saved' && existed !== (outcome.type !== 'delete')) pageRenderer.existenceChanged();
      return outcome;
    },
  };
}
