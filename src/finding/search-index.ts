// The search index (SPEC §3 /_/search): an FTS5 table of every current page's title and text, kept
// in the save transaction by its page event step; page-name matches first, then bm25-ranked hits filtered
// by read permission before paging, each with a snippet whose hits are marked. All search SQL.
import Database from 'better-sqlite3';
import type { Db } from '../db.js';
import type { PageChange } from '../pages/events.js';
import {
  HIT_END,
  HIT_START,
  inNamespaces,
  matchExpression,
  MAX_QUERY_LENGTH,
  nameMatcher,
  parseQuery,
  searchTerms,
  snippetHtml,
  type NameMatch,
} from './search-query.js';

export { MAX_QUERY_LENGTH, parseQuery, type ParsedQuery } from './search-query.js';

export interface SearchHit {
  id: string;
  title: string | null;
  /** Higher is better (bm25, sign turned). */
  score: number;
  /** HTML-escaped text with hits wrapped in <mark>…</mark>. */
  snippet: string;
}

export interface SearchResult {
  /** Readable pages whose id holds every word (at most PAGE_NAMES_MAX), in id order. */
  pageNames: string[];
  /** One page of readable full-text hits, best first. */
  hits: SearchHit[];
  /** Readable full-text hits in all. */
  total: number;
  /** What was searched for: words, prefixes and phrases. */
  terms: string[];
}

export interface SearchOptions {
  canRead: (id: string) => boolean;
  limit: number;
  offset: number;
}

export type SearchIndex = ReturnType<typeof createSearchIndex>;

export const PAGE_NAMES_MAX = 100;
// Listing every match costs far less than ranking it (bm25 is about a microsecond a page), so the
// total and the permission filter use the plain list and only the best few are ranked. The lists
// of common queries are kept until the next write, ours or another connection's.
const CACHED_QUERIES = 8;
const CACHE_FROM = 200;
const SNIPPET_WORDS = 24;

interface RankedHit {
  doc: number;
  id: string;
  bm25: number;
}

interface Matches {
  /** Every matching page id, in no particular order. */
  ids: string[];
  /** The best of them, best first (bm25, then id). */
  ranked: RankedHit[];
  /** Whether `ranked` holds every match. */
  complete: boolean;
}

/** The indexed form of a text: the snippet markers may never come from the text itself. */
function indexable(text: string): string {
  return text.replace(/[\u0002\u0003]/g, ' ');
}

export function createSearchIndex(db: Db) {
  const q = {
    docOf: db.prepare<[string], number>('SELECT doc FROM search_docs WHERE id = ?').pluck(),
    addDoc: db.prepare<[string]>('INSERT INTO search_docs (id) VALUES (?)'),
    removeDoc: db.prepare<[number]>('DELETE FROM search_docs WHERE doc = ?'),
    addText: db.prepare<[number, string, string]>('INSERT INTO search_index (rowid, title, text) VALUES (?, ?, ?)'),
    // FTS5 ignores a rowid bound as a float (as JS numbers are): the CASTs make it an integer.
    removeText: db.prepare<[number]>('DELETE FROM search_index WHERE rowid = CAST(? AS INTEGER)'),
    matching: db
      .prepare<[string], string>('SELECT d.id FROM search_index JOIN search_docs d ON d.doc = search_index.rowid WHERE search_index MATCH ?')
      .pluck(),
    // LIMIT -1: all of them.
    best: db
      .prepare<[string, number], [number, string, number]>(
        `SELECT d.doc, d.id, bm25(search_index, 5.0, 1.0) AS score FROM search_index
         JOIN search_docs d ON d.doc = search_index.rowid WHERE search_index MATCH ? ORDER BY score, d.id LIMIT ?`,
      )
      .raw(),
    snippet: db.prepare<[string, number], { title: string; snippet: string }>(
      `SELECT title, snippet(search_index, -1, '${HIT_START}', '${HIT_END}', '…', ${SNIPPET_WORDS}) AS snippet
       FROM search_index WHERE search_index MATCH ? AND rowid = CAST(? AS INTEGER)`,
    ),
    idsHolding: db.prepare<[string], string>('SELECT id FROM search_docs WHERE instr(id, ?) > 0 ORDER BY id').pluck(),
    clearDocs: db.prepare('DELETE FROM search_docs'),
    clearIndex: db.prepare('DELETE FROM search_index'),
    fillDocs: db.prepare('INSERT INTO search_docs (id) SELECT id FROM pages ORDER BY id'),
    fillIndex: db.prepare(
      `INSERT INTO search_index (rowid, title, text)
       SELECT d.doc, COALESCE(p.title, ''), replace(replace(p.text, char(2), ' '), char(3), ' ')
       FROM search_docs d JOIN pages p ON p.id = d.id`,
    ),
    dataVersion: db.prepare('PRAGMA data_version').pluck(),
  };

  // Cleared by our own writes (the listener) and when another connection (the CLI) wrote.
  const cache = new Map<string, Matches>();
  let seenVersion: unknown = null;

  function matchesOf(expression: string): Matches {
    const version = q.dataVersion.get();
    if (version !== seenVersion) {
      cache.clear();
      seenVersion = version;
    }
    const cached = cache.get(expression);
    if (cached) {
      cache.delete(expression);
      cache.set(expression, cached);
      return cached;
    }
    let ids: string[];
    try {
      ids = q.matching.all(expression);
    } catch (error) {
      // The expression holds only quoted strings; should FTS5 still refuse one, it finds nothing.
      if (error instanceof Database.SqliteError) return { ids: [], ranked: [], complete: true };
      throw error;
    }
    const matches: Matches = { ids, ranked: [], complete: ids.length === 0 };
    if (ids.length >= CACHE_FROM) {
      cache.set(expression, matches);
      for (const oldest of cache.keys()) {
        if (cache.size <= CACHED_QUERIES) break;
        cache.delete(oldest);
      }
    }
    return matches;
  }

  /** At least the best `count` matches, best first (ranked once, longer when paging asks for more). */
  function best(matches: Matches, expression: string, count: number): RankedHit[] {
    if (matches.complete || matches.ranked.length >= count) return matches.ranked;
    const limit = count >= matches.ids.length ? -1 : count;
    matches.ranked = q.best.all(expression, limit).map(([doc, id, bm25]) => ({ doc, id, bm25 }));
    matches.complete = limit === -1;
    return matches.ranked;
  }

  function pageNames(match: NameMatch | null, visible: (id: string) => boolean): string[] {
    if (!match) return [];
    const names: string[] = [];
    for (const id of q.idsHolding.iterate(match.longest)) {
      if (!match.matches(id) || !visible(id)) continue;
      names.push(id);
      if (names.length >= PAGE_NAMES_MAX) break;
    }
    return names;
  }

  function remove(id: string): void {
    const doc = q.docOf.get(id);
    if (doc === undefined) return;
    q.removeText.run(doc);
    q.removeDoc.run(doc);
  }

  function index(id: string, title: string | null, text: string): void {
    const doc = q.docOf.get(id);
    if (doc !== undefined) q.removeText.run(doc);
    const indexed = doc ?? Number(q.addDoc.run(id).lastInsertRowid);
    q.addText.run(indexed, title ?? '', indexable(text));
  }

  /** The 'search index' page event step: kept inside the change's transaction. */
  function onPageChange(change: PageChange): void {
    cache.clear();
    if (change.kind === 'saved') index(change.id, change.title, change.text);
    else if (change.kind === 'deleted') remove(change.id);
    else {
      remove(change.from);
      index(change.to, change.title, change.text);
    }
  }

  const rebuild = db.transaction((): number => {
    cache.clear();
    q.clearIndex.run();
    q.clearDocs.run();
    q.fillDocs.run();
    return q.fillIndex.run().changes;
  });

  return {
    search(text: string, options: SearchOptions): SearchResult {
      const query = parseQuery(text.length > MAX_QUERY_LENGTH ? '' : text);
      const terms = searchTerms(query);
      const visible = (id: string) => inNamespaces(query, id) && options.canRead(id);
      const names = pageNames(nameMatcher(query), visible);
      const expression = matchExpression(query);
      if (expression === null) return { pageNames: names, hits: [], total: 0, terms };

      const matches = matchesOf(expression);
      let total = 0;
      for (const id of matches.ids) if (visible(id)) total += 1;
      // Among the best (offset + limit + hidden) matches are at least offset + limit visible ones.
      const hidden = matches.ids.length - total;
      const chosen: RankedHit[] = [];
      let skipped = 0;
      if (options.limit > 0 && options.offset < total) {
        for (const hit of best(matches, expression, options.offset + options.limit + hidden)) {
          if (!visible(hit.id)) continue;
          if (skipped < options.offset) {
            skipped += 1;
            continue;
          }
          chosen.push(hit);
          if (chosen.length >= options.limit) break;
        }
      }
      const hits = chosen.map((hit): SearchHit => {
        const row = q.snippet.get(expression, hit.doc);
        return { id: hit.id, title: row?.title ? row.title : null, score: -hit.bm25, snippet: snippetHtml(row?.snippet ?? '') };
      });
      return { pageNames: names, hits, total, terms };
    },
    /** Rebuilds the whole index from the current pages; returns how many pages it holds. */
    reindex: (): number => rebuild.immediate(),
    onPageChange,
  };
}
