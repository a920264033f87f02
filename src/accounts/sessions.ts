// Server-side sessions: random ids in a cookie, only their hashes stored, expiry enforced here.
import crypto from 'node:crypto';
import type { Db } from '../db.js';

export const SESSION_COOKIE = 'quire_session';
/** "Remember me" keeps a session 30 days; otherwise it lasts for the browser session (capped server side). */
export const REMEMBER_MS = 30 * 24 * 3600 * 1000;
export const BROWSER_SESSION_MS = 24 * 3600 * 1000;

export const hashSecret = (secret: string) => crypto.createHash('sha256').update(secret).digest('base64url');

export interface Session {
  login: string;
  expires: number;
  persistent: boolean;
}

export type SessionStore = ReturnType<typeof createSessionStore>;

export function createSessionStore(db: Db, now: () => number = Date.now) {
  const q = {
    insert: db.prepare('INSERT INTO sessions (id_hash, login, created, expires, persistent) VALUES (?, ?, ?, ?, ?)'),
    get: db.prepare<[string], { login: string; expires: number; persistent: number }>(
      'SELECT login, expires, persistent FROM sessions WHERE id_hash = ?',
    ),
    touch: db.prepare('UPDATE sessions SET expires = ? WHERE id_hash = ?'),
    delete: db.prepare('DELETE FROM sessions WHERE id_hash = ?'),
    deleteForUser: db.prepare('DELETE FROM sessions WHERE login = ? AND id_hash != ?'),
    purge: db.prepare('DELETE FROM sessions WHERE expires <= ?'),
  };

  return {
    /** Starts a session and returns its id (the cookie value); only its hash is stored. */
    create(login: string, persistent: boolean): { id: string; expires: number } {
      const id = crypto.randomBytes(32).toString('base64url');
      const expires = now() + (persistent ? REMEMBER_MS : BROWSER_SESSION_MS);
      q.insert.run(hashSecret(id), login, now(), expires, persistent ? 1 : 0);
      return { id, expires };
    },
    /** The live session of this id; a browser session's life is extended while it is used. */
    get(id: string): Session | null {
      const key = hashSecret(id);
      const row = q.get.get(key);
      if (!row) return null;
      const time = now();
      if (row.expires <= time) {
        q.delete.run(key);
        return null;
      }
      // Sliding expiry for browser sessions, written at most once an hour.
      if (row.persistent === 0 && row.expires - time < BROWSER_SESSION_MS - 3600_000) {
        q.touch.run(time + BROWSER_SESSION_MS, key);
      }
      return { login: row.login, expires: row.expires, persistent: row.persistent === 1 };
    },
    end(id: string): void {
      q.delete.run(hashSecret(id));
    },
    /** Ends every session of a user but the one given (after a password change), or all of them. */
    endAllFor(login: string, exceptId: string | null = null): void {
      q.deleteForUser.run(login, exceptId === null ? '' : hashSecret(exceptId));
    },
    purgeExpired(): number {
      return q.purge.run(now()).changes;
    },
  };
}
