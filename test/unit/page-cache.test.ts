// The page cache: a screen is served only under the stamp it was made with, the least recently
// used screens go first when it is full, and nothing larger than the cache is kept.
import { describe, expect, it } from 'vitest';
import { createPageCache } from '../../src/web/page-cache.js';
import { screenOf, TRACE_HOLE } from '../../src/web/screen.js';

const screen = (text: string) => screenOf(`<p>${text}</p>${TRACE_HOLE}</body>`);

describe('createPageCache', () => {
  it('answers with the screen kept under the same stamp, and counts hits and misses', () => {
    const cache = createPageCache({ maxBytes: 10_000 });
    expect(cache.get('/a', 's1')).toBeUndefined();
    cache.set('/a', 's1', screen('a'));
    expect(cache.get('/a', 's1')).toEqual(screen('a'));
    expect(cache.stats()).toMatchObject({ entries: 1, hits: 1, misses: 1 });
  });

  it('drops a screen asked for under another stamp: what it was made from changed', () => {
    const cache = createPageCache({ maxBytes: 10_000 });
    cache.set('/a', 's1', screen('a'));
    expect(cache.get('/a', 's2')).toBeUndefined();
    expect(cache.get('/a', 's1')).toBeUndefined();
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0 });
  });

  it('replaces the screen of a key set again', () => {
    const cache = createPageCache({ maxBytes: 10_000 });
    cache.set('/a', 's1', screen('old'));
    cache.set('/a', 's2', screen('new'));
    expect(cache.get('/a', 's2')).toEqual(screen('new'));
    expect(cache.stats().entries).toBe(1);
  });

  it('evicts the least recently used screens to stay within its size', () => {
    const one = 2 * ('/k'.length + 's'.length + screen('x').before.length + screen('x').after.length);
    const cache = createPageCache({ maxBytes: one * 2 });
    cache.set('/a', 's', screen('x'));
    cache.set('/b', 's', screen('x'));
    expect(cache.get('/a', 's')).toBeDefined(); // /a is now the most recently used
    cache.set('/c', 's', screen('x'));
    expect(cache.get('/b', 's')).toBeUndefined();
    expect(cache.get('/a', 's')).toBeDefined();
    expect(cache.get('/c', 's')).toBeDefined();
    expect(cache.stats().bytes).toBeLessThanOrEqual(one * 2);
  });

  it('keeps nothing larger than the whole cache', () => {
    const cache = createPageCache({ maxBytes: 100 });
    cache.set('/big', 's', screenOf('x'.repeat(200)));
    expect(cache.get('/big', 's')).toBeUndefined();
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0 });
  });
});
