// Subscriptions (DokuWiki's do=subscribe, SPEC §14): a user follows a page ('ns:page'), a namespace
// ('ns:') or the whole wiki (':'), with a style — a mail per change, a digest per page, or a list of
// changed pages. All subscription SQL lives here; the targets that match a page id are pure.
import type { Db } from '../db.js';
import { parentsOf } from '../pages/page-id.js';

export const STYLES = ['every', 'digest', 'list'] as const;
export type Style = (typeof STYLES)[number];

/** The target that stands for the whole wiki. */
export const WHOLE_WIKI = ':';

export interface Subscription {
  id: number;
  login: string;
  target: string;
  style: Style;
  /** Minor edits are mailed too. */
  minor: boolean;
  created: number;
}

interface Row {
  id: number;
  login: string;
  target: string;
  style: Style;
  minor: number;
  created: number;
}

const toSubscription = (row: Row): Subscription => ({ id: row.id, login: row.login, target: row.target, style: row.style, minor: row.minor === 1, created: row.created });

export const isNamespaceTarget = (target: string) => target.endsWith(':');

/** The namespace a namespace target names ('' for the whole wiki). */
export const namespaceOfTarget = (target: string) => target.slice(0, -1);

/** Every target a change to `id` concerns, most specific first: the page, its namespaces upwards, the whole wiki. */
export function targetsOf(id: string): string[] {
  return [id, ...parentsOf(id).reverse().map((ns) => `${ns}:`), WHOLE_WIKI];
}

/** Whether `id` is inside the namespace target (or is the page target). */
export function covers(target: string, id: string): boolean {
  if (!isNamespaceTarget(target)) return target === id;
  return target === WHOLE_WIKI || id.startsWith(target);
}

/**
 * Of each user's subscriptions that match a change, the one that decides: the most specific target
 * (a page over its namespace, a namespace over its parents), `ranked` listing targets from the most
 * specific (targetsOf the page; for a rename, those of the new id then of the old one).
 */
export function mostSpecific(matching: readonly Subscription[], ranked: readonly string[]): Subscription[] {
  const rank = new Map<string, number>();
  ranked.forEach((target, i) => {
    if (!rank.has(target)) rank.set(target, i);
  });
  const best = new Map<string, Subscription>();
  for (const subscription of matching) {
    const current = best.get(subscription.login);
    if (!current || (rank.get(subscription.target) ?? ranked.length) < (rank.get(current.target) ?? ranked.length)) best.set(subscription.login, subscription);
  }
  return [...best.values()];
}

export type SubscriptionStore = ReturnType<typeof createSubscriptionStore>;

export function createSubscriptionStore(db: Db) {
  const COLUMNS = 'id, login, target, style, minor, created';
  const q = {
    upsert: db.prepare(
      `INSERT INTO subscriptions (login, target, style, minor, created) VALUES (@login, @target, @style, @minor, @created)
       ON CONFLICT (login, target) DO UPDATE SET style = excluded.style, minor = excluded.minor`,
    ),
    remove: db.prepare('DELETE FROM subscriptions WHERE login = ? AND target = ?'),
    ofUser: db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM subscriptions WHERE login = ? ORDER BY target`),
    get: db.prepare<[number], Row>(`SELECT ${COLUMNS} FROM subscriptions WHERE id = ?`),
    matching: db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM subscriptions WHERE target IN (SELECT value FROM json_each(?))`),
    count: db.prepare<[], number>('SELECT COUNT(*) FROM subscriptions').pluck(),
    byStyle: db.prepare<[], { style: Style; n: number }>('SELECT style, COUNT(*) AS n FROM subscriptions GROUP BY style'),
    byTarget: db.prepare<[number], { target: string; n: number }>('SELECT target, COUNT(*) AS n FROM subscriptions GROUP BY target ORDER BY n DESC, target LIMIT ?'),
    subscribers: db.prepare<[], number>('SELECT COUNT(DISTINCT login) FROM subscriptions').pluck(),
    movePage: db.prepare('UPDATE OR IGNORE subscriptions SET target = ? WHERE target = ?'),
    dropPage: db.prepare('DELETE FROM subscriptions WHERE target = ?'),
  };

  return {
    /** Subscribes, or changes the style of an existing subscription to the same target. */
    subscribe(login: string, target: string, style: Style, minor: boolean, now = Date.now()): void {
      q.upsert.run({ login, target, style, minor: minor ? 1 : 0, created: now });
    },
    unsubscribe: (login: string, target: string): boolean => q.remove.run(login, target).changes > 0,
    ofUser: (login: string): Subscription[] => q.ofUser.all(login).map(toSubscription),
    get(id: number): Subscription | undefined {
      const row = q.get.get(id);
      return row ? toSubscription(row) : undefined;
    },
    /** Every subscription whose target concerns page `id`. */
    matching: (id: string): Subscription[] => q.matching.all(JSON.stringify(targetsOf(id))).map(toSubscription),
    /** A renamed page's subscriptions follow it (those already on the new id stay as they are). */
    movePage(from: string, to: string): void {
      q.movePage.run(to, from);
      q.dropPage.run(from);
    },
    /** What admins see: how many, of which style, on which targets. */
    summary(top = 20): { total: number; subscribers: number; byStyle: Record<Style, number>; byTarget: { target: string; count: number }[] } {
      const byStyle: Record<Style, number> = { every: 0, digest: 0, list: 0 };
      for (const row of q.byStyle.all()) byStyle[row.style] = row.n;
      return {
        total: q.count.get() ?? 0,
        subscribers: q.subscribers.get() ?? 0,
        byStyle,
        byTarget: q.byTarget.all(top).map((row) => ({ target: row.target, count: row.n })),
      };
    },
  };
}
