// Whole screens for anonymous readers, the most common request a wiki gets: the HTML of a URL is
// kept under a stamp that names everything it was made from (the page's revision, the settings,
// the ACL, which pages exist), so a stamp that changed is a miss and a stale screen is never
// served. A screen is kept encoded, as the bytes around the trace's hole (screen.ts): the trace
// differs between visitors and is filled per reply.
import type { Screen } from './screen.js';

interface Entry {
  stamp: string;
  screen: Screen;
  bytes: number;
  /** When it was last served, on the cache's own clock. */
  used: number;
}

export type PageCache = ReturnType<typeof createPageCache>;

export function createPageCache(options: { maxBytes: number }) {
  const entries = new Map<string, Entry>();
  let bytes = 0;
  let hits = 0;
  let misses = 0;
  let clock = 0;

  function forget(key: string): void {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.bytes;
  }

  function leastRecentlyUsed(): string {
    let oldest = '';
    let oldestUsed = Infinity;
    for (const [key, entry] of entries) {
      if (entry.used < oldestUsed) {
        oldest = key;
        oldestUsed = entry.used;
      }
    }
    return oldest;
  }

  return {
    /** The screen kept for `key` if it was made under `stamp`. */
    get(key: string, stamp: string): Screen | undefined {
      const entry = entries.get(key);
      if (entry === undefined || entry.stamp !== stamp) {
        if (entry !== undefined) forget(key);
        misses += 1;
        return undefined;
      }
      hits += 1;
      // A hit only writes a number: moving the entry in the map would make V8 copy the map's
      // table, in the old generation, on every request.
      entry.used = ++clock;
      return entry.screen;
    },
    set(key: string, stamp: string, screen: Screen): void {
      forget(key);
      // The screen's bytes twice: as kept, and as the last body served from it.
      const size = 2 * (key.length + stamp.length + screen.before.length + screen.after.length);
      if (size > options.maxBytes) return;
      entries.set(key, { stamp, screen, bytes: size, used: ++clock });
      bytes += size;
      while (bytes > options.maxBytes) forget(leastRecentlyUsed());
    },
    /** What the cache holds and how often it answered (for tests and diagnostics). */
    stats: () => ({ entries: entries.size, bytes, hits, misses }),
  };
}
