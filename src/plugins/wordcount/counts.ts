// The word count of a page's current revision: the stored one, or counted afresh when the page
// changed while the plugin was disabled (its hooks did not run then).
import type { PluginHost } from '../plugin.js';
import { createWordStore, type WordCount } from './store.js';
import { countWords } from './words.js';

export type WordCounts = ReturnType<typeof createWordCounts>;

export function createWordCounts(host: PluginHost) {
  const store = createWordStore(host.db);
  return {
    store,
    /** null for a page that does not exist. */
    current(pageId: string): WordCount | null {
      const meta = host.pages.meta(pageId);
      if (!meta) return null;
      const stored = store.get(pageId);
      if (stored?.rev === meta.rev) return stored;
      const words = countWords(host.pages.get(pageId)?.text ?? '');
      store.set(pageId, meta.rev, words);
      return { pageId, rev: meta.rev, words };
    },
  };
}
