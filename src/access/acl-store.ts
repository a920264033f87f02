// ACL rules in the database, with a version number that changes on every write so the compiled
// permission check (access.ts) knows when to rebuild.
import type { AclRule } from './acl.js';
import type { Db } from '../db.js';

export const POLICIES = {
  open: [{ scope: '*', subject: '@ALL', level: 8 }],
  public: [
    { scope: '*', subject: '@ALL', level: 1 },
    { scope: '*', subject: '@user', level: 8 },
  ],
  closed: [
    { scope: '*', subject: '@ALL', level: 0 },
    { scope: '*', subject: '@user', level: 8 },
  ],
} as const satisfies Record<string, readonly AclRule[]>;

export type Policy = keyof typeof POLICIES;

export type AclStore = ReturnType<typeof createAclStore>;

export function createAclStore(db: Db) {
  const q = {
    all: db.prepare<[], AclRule>('SELECT scope, subject, level FROM acl_rules ORDER BY scope, subject'),
    upsert: db.prepare(
      'INSERT INTO acl_rules (scope, subject, level) VALUES (?, ?, ?) ON CONFLICT (scope, subject) DO UPDATE SET level = excluded.level',
    ),
    delete: db.prepare('DELETE FROM acl_rules WHERE scope = ? AND subject = ?'),
    clear: db.prepare('DELETE FROM acl_rules'),
  };
  let version = 0;
  let rules = q.all.all();
  const changed = () => {
    rules = q.all.all();
    version += 1;
  };
  return {
    rules: (): readonly AclRule[] => rules,
    version: (): number => version,
    /** Adds a rule, or changes the level of the rule with the same scope and subject. */
    set(rule: AclRule): void {
      q.upsert.run(rule.scope, rule.subject, rule.level);
      changed();
    },
    delete(scope: string, subject: string): boolean {
      const removed = q.delete.run(scope, subject).changes > 0;
      changed();
      return removed;
    },
    applyPolicy(policy: Policy): void {
      db.transaction(() => {
        q.clear.run();
        for (const rule of POLICIES[policy]) q.upsert.run(rule.scope, rule.subject, rule.level);
      })();
      changed();
    },
  };
}
