// API tokens: random secrets shown once, stored as hashes, listed and revoked per user.
import crypto from 'node:crypto';
import type { Db } from '../db.js';
import { hashSecret } from './sessions.js';

export interface TokenInfo {
  id: number;
  name: string;
  created: number;
  lastUsed: number | null;
}

export type TokenStore = ReturnType<typeof createTokenStore>;

export function createTokenStore(db: Db) {
  const q = {
    insert: db.prepare('INSERT INTO api_tokens (login, name, token_hash, created) VALUES (?, ?, ?, ?)'),
    list: db.prepare<[string], { id: number; name: string; created: number; last_used: number | null }>(
      'SELECT id, name, created, last_used FROM api_tokens WHERE login = ? ORDER BY id DESC',
    ),
    revoke: db.prepare('DELETE FROM api_tokens WHERE id = ? AND login = ?'),
    find: db.prepare<[string], { id: number; login: string; last_used: number | null }>(
      `SELECT t.id, t.login, t.last_used FROM api_tokens t JOIN users u ON u.login = t.login
       WHERE t.token_hash = ? AND u.disabled = 0`,
    ),
    used: db.prepare('UPDATE api_tokens SET last_used = ? WHERE id = ?'),
  };
  return {
    /** Makes a token for `login`; the secret is returned once and never stored. */
    create(login: string, name: string): string {
      const secret = `qt_${crypto.randomBytes(30).toString('base64url')}`;
      q.insert.run(login, name.trim() || 'token', hashSecret(secret), Date.now());
      return secret;
    },
    list: (login: string): TokenInfo[] =>
      q.list.all(login).map((row) => ({ id: row.id, name: row.name, created: row.created, lastUsed: row.last_used })),
    revoke: (login: string, id: number): boolean => q.revoke.run(id, login).changes > 0,
    /** The login a bearer token belongs to (an enabled user), or null. */
    resolve(secret: string): string | null {
      const row = q.find.get(hashSecret(secret));
      if (!row) return null;
      const now = Date.now();
      if (row.last_used === null || now - row.last_used > 60_000) q.used.run(now, row.id);
      return row.login;
    },
  };
}
