// The page cache: a screen is served only under the stamp it was made with, the least recently
// used screens go first when it is full, and nothing larger than the cache is kept; a kept screen
// is served with each reader's trace in its hole.
import { describe, expect, it } from 'vitest';
import { bodyOf, createPageCache, screenOf } from '../../src/page-cache.js';

const screen = (text: string) => screenOf(`<p>${text}</p>`, '</body>');

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
    cache.set('/big', 's', screenOf('x'.repeat(200), ''));
    expect(cache.get('/big', 's')).toBeUndefined();
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0 });
  });
});

describe('bodyOf', () => {
  const kept = () => screenOf('<header>é</header>', '<main>à</main>');

  it('puts the trace in the hole, encoded as UTF-8', () => {
    const body = bodyOf(kept(), 'a|b', () => '<nav>a b</nav>');
    expect(body.toString('utf8')).toBe('<header>é</header><nav>a b</nav><main>à</main>');
  });

  it('serves the same bytes again for the same trace without drawing it, and draws a different one', () => {
    const screen = kept();
    let drawn = 0;
    const draw = (html: string) => () => {
      drawn += 1;
      return html;
    };
    const first = bodyOf(screen, 'a', draw('<nav>a</nav>'));
    expect(bodyOf(screen, 'a', draw('<nav>a</nav>'))).toBe(first);
    expect(drawn).toBe(1);
    expect(bodyOf(screen, 'b', draw('<nav>b</nav>')).toString()).toBe('<header>é</header><nav>b</nav><main>à</main>');
    expect(drawn).toBe(2);
  });
});
