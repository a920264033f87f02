// Editor drafts (SPEC §6): the text an editor autosaves, one per page and owner (a lock identity),
// offered back when the owner reopens the editor. All draft SQL lives here.
import type { Db } from '../db.js';

export interface Draft {
  pageId: string;
  owner: string;
  text: string;
  summary: string;
  minor: boolean;
  /** The revision the editor was opened on; null for a page that did not exist. */
  baseRev: number | null;
  saved: number;
}

export type DraftInput = Pick<Draft, 'text' | 'summary' | 'minor' | 'baseRev'>;

interface DraftRow {
  page_id: string;
  owner: string;
  text: string;
  summary: string;
  minor: number;
  base_rev: number | null;
  saved: number;
}

const toDraft = (row: DraftRow): Draft => ({
  pageId: row.page_id,
  owner: row.owner,
  text: row.text,
  summary: row.summary,
  minor: row.minor === 1,
  baseRev: row.base_rev,
  saved: row.saved,
});

export type DraftStore = ReturnType<typeof createDraftStore>;

export function createDraftStore(db: Db, now: () => number = Date.now) {
  const q = {
    get: db.prepare<[string, string], DraftRow>(
      'SELECT page_id, owner, text, summary, minor, base_rev, saved FROM drafts WHERE page_id = ? AND owner = ?',
    ),
    upsert: db.prepare(
      `INSERT INTO drafts (page_id, owner, text, summary, minor, base_rev, saved) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (page_id, owner) DO UPDATE SET text = excluded.text, summary = excluded.summary,
         minor = excluded.minor, base_rev = excluded.base_rev, saved = excluded.saved`,
    ),
    delete: db.prepare('DELETE FROM drafts WHERE page_id = ? AND owner = ?'),
    // A draft already waiting at the new id wins; the moved one would be based on another page.
    move: db.prepare(
      `INSERT OR IGNORE INTO drafts (page_id, owner, text, summary, minor, base_rev, saved)
       SELECT ?, owner, text, summary, minor, base_rev + ?, saved FROM drafts WHERE page_id = ?`,
    ),
    deleteAll: db.prepare('DELETE FROM drafts WHERE page_id = ?'),
    purge: db.prepare('DELETE FROM drafts WHERE saved <= ?'),
  };

  return {
    get(id: string, owner: string): Draft | undefined {
      const row = q.get.get(id, owner);
      return row ? toDraft(row) : undefined;
    },
    /** Stores the owner's draft of a page, replacing the previous one; returns when (ms). */
    save(id: string, owner: string, draft: DraftInput): number {
      const saved = now();
      q.upsert.run(id, owner, draft.text, draft.summary, draft.minor ? 1 : 0, draft.baseRev, saved);
      return saved;
    },
    delete(id: string, owner: string): void {
      q.delete.run(id, owner);
    },
    /** A renamed page takes its drafts along; `revOffset` follows the renumbered revisions. */
    move(from: string, to: string, revOffset: number): void {
      q.move.run(to, revOffset, from);
      q.deleteAll.run(from);
    },
    /** Forgets drafts not touched for `ageMs`. */
    purgeOlderThan(ageMs: number): number {
      return q.purge.run(now() - ageMs).changes;
    },
  };
}
