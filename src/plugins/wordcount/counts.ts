// The word count of a page's current revision: the one the save hook stored, or — when the page
// changed while the plugin was disabled and its hooks did not run — counted afresh in memory. A
// view never writes: only the hooks (on save, delete and rename) change the table.
import type { PluginHost } from '../plugin.js';
import { createWordStore, type WordCount } from './store.js';
import { countWords } from './words.js';

export type WordCounts = ReturnType<typeof createWordCounts>;

/** Counts of recent (page, revision) pairs kept in memory: a revision's text never changes. */
const REMEMBERED = 2000;

export function createWordCounts(host: PluginHost) {
  const store = createWordStore(host.db);
  const remembered = new Map<string, WordCount>();
  return {
    store,
    /** The count of revision `rev` of a page that exists (the page tool, on every page view). */
    atRevision(pageId: string, rev: number): WordCount | null {
      const key = `${rev}:${pageId}`;
      const known = remembered.get(key);
      if (known) return known;
      const count = this.current(pageId);
      if (count?.rev !== rev) return count;
      if (remembered.size >= REMEMBERED) remembered.delete(remembered.keys().next().value as string);
      remembered.set(key, count);
      return count;
    },
    /** null for a page that does not exist. */
    current(pageId: string): WordCount | null {
      const meta = host.pages.meta(pageId);
      if (!meta) return null;
      const stored = store.get(pageId);
      if (stored?.rev === meta.rev) return stored;
      return { pageId, rev: meta.rev, words: countWords(host.pages.get(pageId)?.text ?? '') };
    },
  };
}
