// Whole screens for anonymous readers, the most common request a wiki gets: the HTML of a URL is
// kept under a stamp that names everything it was made from (the page's revision, the settings,
// the ACL, which pages exist), so a stamp that changed is a miss and a stale screen is never
// served. The part that differs between visitors (the trace) is not in it: a cached screen is
// kept, encoded once, as the bytes before that hole and the bytes after it.

export interface CachedScreen {
  before: Buffer;
  after: Buffer;
  /** The last whole body served from this screen, and the trace it was served with. */
  last?: { trace: string; body: Buffer };
}

interface Entry {
  stamp: string;
  screen: CachedScreen;
  bytes: number;
  /** When it was last served, on the cache's own clock. */
  used: number;
}

/** A screen to keep: the HTML before and after the trace's hole. */
export function screenOf(before: string, after: string): CachedScreen {
  return { before: Buffer.from(before), after: Buffer.from(after) };
}

/**
 * The body of `screen` with a trace in its hole. `trace` names the trace (its page ids) and
 * `drawTrace` draws it: readers with the same trace — most often, just this page — get the bytes
 * served last, not a new copy.
 */
export function bodyOf(screen: CachedScreen, trace: string, drawTrace: () => string): Buffer {
  if (screen.last?.trace === trace) return screen.last.body;
  const body = Buffer.concat([screen.before, Buffer.from(drawTrace()), screen.after]);
  screen.last = { trace, body };
  return body;
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
    get(key: string, stamp: string): CachedScreen | undefined {
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
    set(key: string, stamp: string, screen: CachedScreen): void {
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
