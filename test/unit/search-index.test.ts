// The search store (src/search.ts): filled from existing pages by its migration, kept in the save
// transaction by its listener (saves, deletes, renames, rollbacks), rebuilt by reindex(), and never
// stale when another connection (the command line) writes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Db } from '../../src/db.js';
import { createPageStore, type PageStore } from '../../src/pages/store.js';
import { createSearchIndex, type SearchIndex } from '../../src/finding/search-index.js';
import { createPageEvents } from '../../src/pages/events.js';

const log = { error: (details: object, message: string) => { throw new Error(message); } };

const MIGRATIONS = new URL('../../migrations/', import.meta.url);
const everyone = { canRead: () => true, limit: 20, offset: 0 };

let dir: string;
let db: Db;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-search-'));
});
afterEach(() => {
  db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function save(pages: PageStore, id: string, text: string, title: string | null = null) {
  const outcome = pages.save({ id, text, baseRev: pages.meta(id)?.rev ?? null, summary: '', minor: false, author: null, ip: null, title, links: [] });
  expect(outcome.status).toBe('saved');
}

const ids = (index: SearchIndex, q: string) => index.search(q, everyone).hits.map((hit) => hit.id);

describe('the migration', () => {
  it('indexes the pages that existed before it', () => {
    // A database from before search: only the first two migrations.
    const before = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-migrations-'));
    for (const name of ['001-pages.sql', '002-accounts.sql']) fs.copyFileSync(new URL(name, MIGRATIONS), path.join(before, name));
    db = new Database(':memory:');
    migrate(db, pathToFileURL(`${before}/`));
    fs.rmSync(before, { recursive: true, force: true });
    // Rows as that schema holds them (today's store reads columns later migrations add): a page,
    // and a deleted one, which has revisions but no row in pages.
    const revision = db.prepare("INSERT INTO revisions (page_id, rev, modified, summary, type, size, size_delta, text) VALUES (?, ?, 1, '', ?, ?, ?, ?)");
    db.prepare("INSERT INTO pages (id, rev, title, text, size, modified) VALUES ('old:page', 1, 'Old title', ?, 22, 1)").run('An élève from before.\n');
    revision.run('old:page', 1, 'create', 22, 22, 'An élève from before.\n');
    revision.run('old:gone', 1, 'create', 31, 31, 'Deleted before search existed.\n');
    revision.run('old:gone', 2, 'delete', 0, -31, '');

    expect(migrate(db)).toContain('003-search.sql');
    const index = createSearchIndex(db);
    expect(ids(index, 'eleve')).toEqual(['old:page']);
    expect(index.search('title', everyone).hits[0]?.title).toBe('Old title');
    expect(ids(index, 'deleted')).toEqual([]);
  });
});

describe('the listener', () => {
  let pages: PageStore;
  let index: SearchIndex;

  beforeEach(() => {
    db = openDatabase(dir);
    pages = createPageStore(db);
    index = createSearchIndex(db);
    pages.useEvents(createPageEvents([{ name: 'search index', inTransaction: index.onPageChange }], log));
  });

  it('indexes a save, replaces the text on an edit and removes a deleted page', () => {
    save(pages, 'a', 'first words\n');
    expect(ids(index, 'first')).toEqual(['a']);
    save(pages, 'a', 'second words\n');
    expect(ids(index, 'first')).toEqual([]);
    expect(ids(index, 'second')).toEqual(['a']);
    save(pages, 'a', '');
    expect(ids(index, 'words')).toEqual([]);
    expect(index.search('a', everyone).pageNames).toEqual([]);
    save(pages, 'a', 'back again\n');
    expect(ids(index, 'back')).toEqual(['a']);
  });

  it('follows a rename: the old id is gone, the new one found', () => {
    save(pages, 'old:name', 'moving text\n');
    const outcome = pages.rename({ from: 'old:name', to: 'new:name', text: 'moving text\n', summary: '', author: null, ip: null, title: null, links: [] });
    expect(outcome.status).toBe('renamed');
    expect(ids(index, 'moving')).toEqual(['new:name']);
  });

  it('is rolled back with a save that fails', () => {
    pages.useEvents(
      createPageEvents(
        [
          { name: 'search index', inTransaction: index.onPageChange },
          {
            name: 'failing',
            inTransaction() {
              throw new Error('a later listener fails');
            },
          },
        ],
        log,
      ),
    );
    expect(() => save(pages, 'b', 'rolled back words\n')).toThrow('a later listener fails');
    expect(ids(index, 'rolled')).toEqual([]);
    expect(pages.exists('b')).toBe(false);
  });

  it('gives each hit the title and snippet of its own page', () => {
    for (const n of [1, 2, 3, 4]) save(pages, `garden:bed-${n}`, `zucchini in bed number ${n}\n`, `Bed ${n}`);
    const hits = index.search('zucchini', everyone).hits;
    expect(hits).toHaveLength(4);
    for (const hit of hits) {
      expect(hit.title).toBe(`Bed ${hit.id.slice(-1)}`);
      expect(hit.snippet).toBe(`<mark>zucchini</mark> in bed number ${hit.id.slice(-1)}`);
    }
  });

  it('removes only the edited page from the index', () => {
    for (const n of [1, 2, 3]) save(pages, `p${n}`, `kept words ${n}\n`);
    save(pages, 'p2', 'other words\n');
    expect(ids(index, 'kept').sort()).toEqual(['p1', 'p3']);
    save(pages, 'p3', '');
    expect(ids(index, 'kept')).toEqual(['p1']);
    expect(ids(index, 'other')).toEqual(['p2']);
  });

  it('keeps snippet markers out of the indexed text', () => {
    save(pages, 'c', 'odd \u0002control\u0003 characters\n');
    expect(index.search('control', everyone).hits[0]?.snippet).toBe('odd <mark>control</mark> characters');
  });

  it('reindex() rebuilds the index from the pages', () => {
    save(pages, 'd', 'reindexed words\n');
    db.exec('DELETE FROM search_index; DELETE FROM search_docs;');
    expect(ids(index, 'reindexed')).toEqual([]);
    expect(index.reindex()).toBe(1);
    expect(ids(index, 'reindexed')).toEqual(['d']);
  });

  it('sees what another connection wrote, even for a cached list', () => {
    for (let n = 0; n < 250; n++) save(pages, `bulk:p${n}`, `common word ${n}\n`);
    expect(index.search('common', everyone).total).toBe(250);
    const other = openDatabase(dir);
    const otherPages = createPageStore(other);
    otherPages.useEvents(createPageEvents([{ name: 'search index', inTransaction: createSearchIndex(other).onPageChange }], log));
    save(otherPages, 'bulk:extra', 'common word extra\n');
    other.close();
    expect(index.search('common', everyone).total).toBe(251);
  });

  it('filters by permission before paging, and leaves hidden pages out of the total', () => {
    for (let n = 0; n < 30; n++) save(pages, `${n % 2 ? 'open' : 'shut'}:p${String(n).padStart(2, '0')}`, `shared ${'shared '.repeat(n)}\n`);
    const canRead = (id: string) => id.startsWith('open:');
    const first = index.search('shared', { canRead, limit: 10, offset: 0 });
    const second = index.search('shared', { canRead, limit: 10, offset: 10 });
    expect(first.total).toBe(15);
    expect(first.hits).toHaveLength(10);
    expect(second.hits).toHaveLength(5);
    expect([...first.hits, ...second.hits].every((hit) => hit.id.startsWith('open:'))).toBe(true);
    expect(first.hits[0]?.id).toBe('open:p29');
    expect(first.hits.map((hit) => hit.score)).toEqual([...first.hits.map((hit) => hit.score)].sort((a, b) => b - a));
    expect(index.search('shut', { canRead, limit: 10, offset: 0 }).pageNames).toEqual([]);
  });

  it('pages through a long (cached) list in rank order, hidden pages never counted', () => {
    for (let n = 0; n < 260; n++) save(pages, `${n % 2 ? 'open' : 'shut'}:p${String(n).padStart(3, '0')}`, `lots ${'lots '.repeat(n % 37)}filler ${n}\n`);
    const canRead = (id: string) => id.startsWith('open:');
    const seen: { id: string; score: number }[] = [];
    for (let offset = 0; offset < 140; offset += 25) {
      const result = index.search('lots', { canRead, limit: 25, offset });
      expect(result.total).toBe(130);
      seen.push(...result.hits.map(({ id, score }) => ({ id, score })));
    }
    expect(seen).toHaveLength(130);
    expect(new Set(seen.map((hit) => hit.id)).size).toBe(130);
    expect(seen.every((hit) => hit.id.startsWith('open:'))).toBe(true);
    const scores = seen.map((hit) => hit.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // Asking for one late page first gives the same hits as paging there.
    const fresh = createSearchIndex(db);
    expect(fresh.search('lots', { canRead, limit: 25, offset: 100 }).hits.map((hit) => hit.id)).toEqual(seen.slice(100, 125).map((hit) => hit.id));
    expect(index.search('lots', { canRead, limit: 25, offset: 130 }).hits).toEqual([]);
  });

  it('finds nothing for a query longer than MAX_QUERY_LENGTH', () => {
    save(pages, 'e', 'long\n');
    expect(index.search(`long ${'x'.repeat(600)}`, everyone)).toEqual({ pageNames: [], hits: [], total: 0, terms: [] });
  });
});
