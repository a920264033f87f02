// One-time links mailed to a user (SPEC §14): a password reset, or the confirmation of a new
// account's e-mail address. The token is random and shown once, in the mail; only its hash is
// stored, it expires, and using it deletes it. All account-token SQL lives here.
import crypto from 'node:crypto';
import type { Db } from '../db.js';
import { hashSecret } from './sessions.js';

export type TokenPurpose = 'reset' | 'confirm';

/** A reset or confirmation link stays valid for 3 days. */
export const ACCOUNT_TOKEN_MS = 3 * 24 * 3600 * 1000;

export type AccountTokenStore = ReturnType<typeof createAccountTokenStore>;

export function createAccountTokenStore(db: Db, now: () => number = Date.now) {
  const q = {
    insert: db.prepare('INSERT INTO account_tokens (token_hash, login, purpose, created, expires) VALUES (?, ?, ?, ?, ?)'),
    find: db.prepare<[string, TokenPurpose], { login: string; expires: number }>(
      'SELECT login, expires FROM account_tokens WHERE token_hash = ? AND purpose = ?',
    ),
    remove: db.prepare('DELETE FROM account_tokens WHERE token_hash = ?'),
    removeFor: db.prepare('DELETE FROM account_tokens WHERE login = ? AND purpose = ?'),
    purge: db.prepare('DELETE FROM account_tokens WHERE expires <= ?'),
  };

  function find(token: string, purpose: TokenPurpose): string | null {
    if (token.length < 20 || token.length > 100) return null;
    const row = q.find.get(hashSecret(token), purpose);
    return row && row.expires > now() ? row.login : null;
  }

  return {
    /** A new token for `login`; the secret is returned once and never stored. */
    issue(login: string, purpose: TokenPurpose): string {
      const token = crypto.randomBytes(32).toString('base64url');
      q.insert.run(hashSecret(token), login, purpose, now(), now() + ACCOUNT_TOKEN_MS);
      return token;
    },
    /** The login a live token belongs to, or null; the token stays usable. */
    peek: find,
    /** Uses a token: the login it belonged to, or null; every token of that user for that purpose is gone after. */
    consume(token: string, purpose: TokenPurpose): string | null {
      return db.transaction(() => {
        const login = find(token, purpose);
        if (login === null) return null;
        q.removeFor.run(login, purpose);
        return login;
      }).immediate();
    },
    purgeExpired: (): number => q.purge.run(now()).changes,
  };
}
