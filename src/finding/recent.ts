// Recent changes (SPEC §3 /_/recent, /_/feed, the API): every revision of every page, newest
// first, read from the revisions index in batches so that read permission, the namespace and the
// minor-edit filters apply before paging. All recent-changes SQL.
import type { Db } from '../db.js';
import type { RevisionType } from '../pages/store.js';

export interface RecentChange {
  id: string;
  rev: number;
  modified: number;
  author: string | null;
  ip: string | null;
  summary: string;
  type: RevisionType;
  minor: boolean;
  sizeDelta: number;
}

export interface RecentOptions {
  /** Only pages inside this namespace (a clean id, '' or absent: everywhere). */
  ns?: string;
  /** Only changes at or after this time (ms since epoch). */
  since?: number;
  includeMinor: boolean;
  canRead: (id: string) => boolean;
  limit: number;
  offset: number;
}

export type RecentChanges = ReturnType<typeof createRecentChanges>;

interface Row {
  rowid: number;
  page_id: string;
  rev: number;
  modified: number;
  author: string | null;
  ip: string | null;
  summary: string;
  minor: number;
  type: RevisionType;
  size_delta: number;
}

const FIRST_BATCH = 64;
const MAX_BATCH = 4096;
// Sorts after every id inside a namespace: ids never hold ';' (cleanId turns it into ':').
const AFTER_NAMESPACE = ';';

function toChange(row: Row): RecentChange {
  return {
    id: row.page_id,
    rev: row.rev,
    modified: row.modified,
    author: row.author,
    ip: row.ip,
    summary: row.summary,
    type: row.type,
    minor: row.minor === 1,
    sizeDelta: row.size_delta,
  };
}

export function createRecentChanges(db: Db) {
  const columns = 'rowid, page_id, rev, modified, author, ip, summary, minor, type, size_delta';
  // Keyset paging on (modified, rowid): each batch continues below the last row of the one before.
  const q = {
    everywhere: db.prepare<{ since: number; modified: number; rowid: number; minor: number; limit: number }, Row>(
      `SELECT ${columns} FROM revisions
       WHERE modified >= @since AND (modified, rowid) < (@modified, @rowid) AND minor <= @minor
       ORDER BY modified DESC, rowid DESC LIMIT @limit`,
    ),
    inside: db.prepare<{ since: number; modified: number; rowid: number; minor: number; limit: number; from: string; to: string }, Row>(
      `SELECT ${columns} FROM revisions
       WHERE page_id > @from AND page_id < @to
         AND modified >= @since AND (modified, rowid) < (@modified, @rowid) AND minor <= @minor
       ORDER BY modified DESC, rowid DESC LIMIT @limit`,
    ),
  };

  return {
    /** Changes newest first, those the reader may not read left out before `offset` and `limit` apply. */
    list(options: RecentOptions): RecentChange[] {
      const { canRead, limit, offset } = options;
      const ns = options.ns ?? '';
      const found: RecentChange[] = [];
      if (limit <= 0) return found;
      let skipped = 0;
      let cursor = { modified: Number.MAX_SAFE_INTEGER, rowid: Number.MAX_SAFE_INTEGER };
      let batch = Math.min(MAX_BATCH, Math.max(FIRST_BATCH, offset + limit + 1));
      for (;;) {
        const params = { since: options.since ?? 0, ...cursor, minor: options.includeMinor ? 1 : 0, limit: batch };
        const rows = ns === '' ? q.everywhere.all(params) : q.inside.all({ ...params, from: `${ns}:`, to: `${ns}${AFTER_NAMESPACE}` });
        for (const row of rows) {
          if (!canRead(row.page_id)) continue;
          if (skipped < offset) {
            skipped += 1;
            continue;
          }
          found.push(toChange(row));
          if (found.length >= limit) return found;
        }
        const last = rows.at(-1);
        if (!last || rows.length < batch) return found;
        cursor = { modified: last.modified, rowid: last.rowid };
        batch = Math.min(MAX_BATCH, batch * 2);
      }
    },
  };
}
