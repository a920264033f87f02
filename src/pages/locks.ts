// Edit locks (SPEC §6): opening the editor locks a page for its editor for 15 minutes, refreshed while
// the editor stays open. All lock SQL lives here; the clock is injected so expiry can be tested.
import { hashSecret } from '../accounts/sessions.js';
import type { Db } from '../db.js';

export const LOCK_MS = 15 * 60 * 1000;

/** A live lock: who holds it (identity), how to name them (login or IP), until when (ms). */
export interface PageLock {
  pageId: string;
  holder: string;
  label: string;
  expires: number;
}

export type Acquired = { ok: true; expires: number } | { ok: false; lock: PageLock };

/** The lock identity of a logged-in user: every browser of theirs shares it, as in DokuWiki. */
export const userHolder = (login: string): string => `user:${login}`;

/** The lock identity of an anonymous editor: their visitor cookie, hashed so the table opens nothing. */
export const visitorHolder = (visitorCookie: string): string => `visitor:${hashSecret(visitorCookie)}`;

export const isAnonymousHolder = (holder: string): boolean => holder.startsWith('visitor:');

interface LockRow {
  page_id: string;
  holder: string;
  label: string;
  expires: number;
}

const toLock = (row: LockRow): PageLock => ({ pageId: row.page_id, holder: row.holder, label: row.label, expires: row.expires });

export type LockStore = ReturnType<typeof createLockStore>;

export function createLockStore(db: Db, now: () => number = Date.now) {
  const q = {
    get: db.prepare<[string], LockRow>('SELECT page_id, holder, label, expires FROM locks WHERE page_id = ?'),
    holderOf: db.prepare<[string], string>('SELECT holder FROM locks WHERE page_id = ?').pluck(),
    upsert: db.prepare(
      `INSERT INTO locks (page_id, holder, label, expires) VALUES (?, ?, ?, ?)
       ON CONFLICT (page_id) DO UPDATE SET holder = excluded.holder, label = excluded.label, expires = excluded.expires`,
    ),
    release: db.prepare('DELETE FROM locks WHERE page_id = ? AND holder = ?'),
    releaseAll: db.prepare('DELETE FROM locks WHERE holder = ?'),
    breakLock: db.prepare('DELETE FROM locks WHERE page_id = ?'),
    purge: db.prepare('DELETE FROM locks WHERE expires <= ?'),
  };

  function live(id: string): PageLock | null {
    const row = q.get.get(id);
    return row && row.expires > now() ? toLock(row) : null;
  }

  // Check and write in one transaction, so two editors opening at once cannot both win.
  const acquireInTransaction = db.transaction((id: string, holder: string, label: string): Acquired => {
    const lock = live(id);
    if (lock && lock.holder !== holder) return { ok: false, lock };
    const expires = now() + LOCK_MS;
    q.upsert.run(id, holder, label, expires);
    return { ok: true, expires };
  });

  return {
    /** The live lock on a page, whoever holds it. */
    current: live,
    /** Locks the page for `holder` (or refreshes their lock); refused while someone else holds a live one. */
    acquire: (id: string, holder: string, label: string): Acquired => acquireInTransaction.immediate(id, holder, label),
    /** The live lock of someone other than `holder` (null: nobody's, so anyone is blocked by any lock). */
    heldByOther(id: string, holder: string | null): PageLock | null {
      const lock = live(id);
      return lock && lock.holder !== holder ? lock : null;
    },
    /** Drops the holder's own lock on a page; read first so a page view writes nothing when there is none. */
    release(id: string, holder: string): void {
      if (q.holderOf.get(id) === holder) q.release.run(id, holder);
    },
    /** Drops every lock of a holder (logging out). */
    releaseAll(holder: string): void {
      q.releaseAll.run(holder);
    },
    /** An admin removes whoever's lock it is. */
    breakLock(id: string): boolean {
      return q.breakLock.run(id).changes > 0;
    },
    purgeExpired(): number {
      return q.purge.run(now()).changes;
    },
  };
}
