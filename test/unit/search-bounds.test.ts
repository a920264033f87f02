// The search freeze (issue 13, High): a prefix covering many distinct words made FTS5's snippet()
// take seconds per hit on the main thread. Every search is now bounded: prefixes shorter than the
// prefix index (2 characters) are words, snippets come from the stored text, a query has a time
// budget, and /_/health never waits behind one. Bounds are on CPU time, generous, single runs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db.js';
import { createSearchIndex, type SearchIndex } from '../../src/finding/search-index.js';
import { parseQuery } from '../../src/finding/search-query.js';
import { createPageEvents } from '../../src/pages/events.js';
import { createPageStore, type PageStore } from '../../src/pages/store.js';

const log = { error: (_details: object, message: string) => { throw new Error(message); } };

let dir: string;
let db: Db;
let pages: PageStore;
let index: SearchIndex;

function save(id: string, text: string) {
  const outcome = pages.save({ id, text, baseRev: pages.meta(id)?.rev ?? null, summary: '', minor: false, author: null, ip: null, title: null, links: [] });
  expect(outcome.status).toBe('saved');
}

function cpuMs(run: () => void): number {
  const before = process.cpuUsage();
  run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-search-bounds-'));
  db = openDatabase(dir);
  pages = createPageStore(db);
  index = createSearchIndex(db);
  pages.useEvents(createPageEvents([{ name: 'search index', inTransaction: index.onPageChange }], log));
  // One editor's page of 50,000 distinct words, all starting with 'a', among ordinary pages.
  const planted = Array.from({ length: 50_000 }, (_, i) => `a${i.toString(36)}x`).join(' ');
  db.transaction(() => {
    save('planted', planted);
    for (let n = 0; n < 300; n++) save(`ordinary:p${n}`, `an ordinary page number ${n} about apples and a garden\n`);
  })();
}, 120_000);

afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('searches that once froze the server', () => {
  it.each(['a*', 'ab*', 'a1*', 'a* b* c*', '"a"*', 'an*', 'apples a*'])('%s answers within a second, with snippets', (q) => {
    let hits = 0;
    const ms = cpuMs(() => {
      const result = index.search(q, { canRead: () => true, limit: 100, offset: 0 });
      hits = result.hits.length;
      for (const hit of result.hits) expect(hit.snippet.length).toBeLessThan(2000);
    });
    expect(hits).toBeGreaterThanOrEqual(0);
    expect(ms).toBeLessThan(1000);
  });

  it('reads a one-letter prefix as the word itself', () => {
    expect(parseQuery('a* bc*')).toMatchObject({ words: ['a'], prefixes: ['bc'] });
  });

  it('indexes and shows titles without the old snippet markers', () => {
    pages.save({ id: 'marked', text: 'odd title here\n', baseRev: null, summary: '', minor: false, author: null, ip: null, title: 'A \u0002marked\u0003 title', links: [] });
    const hit = index.search('marked', { canRead: () => true, limit: 5, offset: 0 }).hits.find((found) => found.id === 'marked');
    expect(hit?.title).toBe('A  marked  title');
  });

  it('still finds a page by a prefix of two letters and more, and marks it', () => {
    const result = index.search('ordin*', { canRead: () => true, limit: 5, offset: 0 });
    expect(result.total).toBe(300);
    expect(result.hits[0]?.snippet).toContain('<mark>ordinary</mark>');
  });
});
