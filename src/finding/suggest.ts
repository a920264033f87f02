// Link suggestions for the editor's `[[` (SPEC §12): the pages whose id or title hold what is
// typed, folded as ids are (case, accents, punctuation), best matches first. Pure: the caller
// gives the pages and says which the viewer may read.
import { cleanId, nameOf, namespaceOf } from '../pages/page-id.js';
import type { TitledPage } from './page-index.js';

export const SUGGESTIONS = 20;

/** How well a page matches, lower is better; null: it does not. */
function rank(page: TitledPage, wanted: string): number | null {
  if (wanted === '') return 5;
  const name = nameOf(page.id);
  const title = page.title === null ? '' : cleanId(page.title);
  if (page.id === wanted || name === wanted) return 0;
  if (name.startsWith(wanted)) return 1;
  if (title.startsWith(wanted)) return 2;
  if (page.id.includes(wanted)) return 3;
  if (title.includes(wanted)) return 4;
  return null;
}

/**
 * The readable pages matching `query`, at most `limit`: exact names first, then names and titles
 * starting with it, then holding it; among equals, pages beside the one being edited (`near`, its
 * namespace) first, then shorter ids. An empty query gives the pages beside it first.
 */
export function suggestPages(
  pages: Iterable<TitledPage>,
  query: string,
  options: { near: string; canRead: (id: string) => boolean; limit?: number },
): TitledPage[] {
  const wanted = cleanId(query);
  const found: Array<{ page: TitledPage; rank: number; far: number }> = [];
  for (const page of pages) {
    const score = rank(page, wanted);
    if (score === null || !options.canRead(page.id)) continue;
    found.push({ page: { id: page.id, title: page.title }, rank: score, far: namespaceOf(page.id) === options.near ? 0 : 1 });
  }
  found.sort((a, b) => a.rank - b.rank || a.far - b.far || a.page.id.length - b.page.id.length || (a.page.id < b.page.id ? -1 : 1));
  return found.slice(0, options.limit ?? SUGGESTIONS).map((entry) => entry.page);
}
