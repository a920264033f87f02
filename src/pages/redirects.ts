// Redirects left by renames: a moved page's old id answers 301 to its new id until a page is
// created there. Chains are collapsed as they form, so a redirect is always one hop. All SQL here.
import type { Db } from '../db.js';

export type RedirectStore = ReturnType<typeof createRedirectStore>;

export function createRedirectStore(db: Db, now: () => number = Date.now) {
  const q = {
    target: db.prepare<[string], string>('SELECT to_id FROM redirects WHERE from_id = ?').pluck(),
    upsert: db.prepare(
      `INSERT INTO redirects (from_id, to_id, created) VALUES (?, ?, ?)
       ON CONFLICT (from_id) DO UPDATE SET to_id = excluded.to_id, created = excluded.created`,
    ),
    repoint: db.prepare('UPDATE redirects SET to_id = ? WHERE to_id = ?'),
    remove: db.prepare('DELETE FROM redirects WHERE from_id = ?'),
  };

  return {
    /** Where a missing page moved to, if it was renamed. */
    target: (from: string): string | undefined => q.target.get(from),
    /** Records from → to; redirects to `from` now lead to `to`; `to` itself no longer redirects. */
    add(from: string, to: string): void {
      q.remove.run(to);
      q.repoint.run(to, from);
      q.upsert.run(from, to, now());
    },
    /** A page now exists at `id`: its URL shows that page again. */
    remove(id: string): void {
      q.remove.run(id);
    },
  };
}
