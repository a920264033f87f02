// Whole screens for anonymous readers, the most common request a wiki gets: the HTML of a URL is
// kept under a stamp that names everything it was made from (the page's revision, the settings,
// the ACL, which pages exist), so a stamp that changed is a miss and a stale screen is never
// served. The part that differs between visitors (the trace) is not in it: a cached screen is
// kept as the HTML before that hole and the HTML after it.

export interface CachedScreen {
  before: string;
  after: string;
}

interface Entry {
  stamp: string;
  screen: CachedScreen;
  bytes: number;
}

export type PageCache = ReturnType<typeof createPageCache>;

export function createPageCache(options: { maxBytes: number }) {
  const entries = new Map<string, Entry>();
  let bytes = 0;
  let hits = 0;
  let misses = 0;

  function forget(key: string): void {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.bytes;
  }

  return {
    /** The screen kept for `key` if it was made under `stamp`. */
    get(key: string, stamp: string): CachedScreen | undefined {
      const entry = entries.get(key);
      if (entry === undefined || entry.stamp !== stamp) {
        if (entry !== undefined) forget(key);
        misses += 1;
        return undefined;
      }
      hits += 1;
      // Most recently used last, so the eviction below drops the least recently used first.
      entries.delete(key);
      entries.set(key, entry);
      return entry.screen;
    },
    set(key: string, stamp: string, screen: CachedScreen): void {
      forget(key);
      // V8 keeps strings with characters beyond Latin-1 at two bytes per character.
      const size = 2 * (key.length + stamp.length + screen.before.length + screen.after.length);
      if (size > options.maxBytes) return;
      entries.set(key, { stamp, screen, bytes: size });
      bytes += size;
      for (const oldest of entries.keys()) {
        if (bytes <= options.maxBytes) break;
        forget(oldest);
      }
    },
    /** What the cache holds and how often it answered (for tests and diagnostics). */
    stats: () => ({ entries: entries.size, bytes, hits, misses }),
  };
}
