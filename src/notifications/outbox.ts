// The outbox (SPEC §14): every mail and webhook delivery is a row written in the transaction of the
// change that causes it, then claimed and sent by a worker. A claim is one atomic UPDATE … RETURNING,
// so several server processes on one database never send a row twice, and never two rows of the same
// destination at once. All outbox SQL lives here.
import crypto from 'node:crypto';
import type { Db } from '../db.js';

export type OutboxState = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped';

export interface OutboxRow {
  id: number;
  delivery: string;
  destination: string;
  kind: string;
  payload: string;
  state: OutboxState;
  dedupe: string | null;
  attempts: number;
  created: number;
  dueAt: number;
  claimedBy: string | null;
  claimedAt: number | null;
  leaseUntil: number | null;
  doneAt: number | null;
  lastStatus: number | null;
  lastError: string | null;
}

interface Row {
  id: number;
  delivery: string;
  destination: string;
  kind: string;
  payload: string;
  state: OutboxState;
  dedupe: string | null;
  attempts: number;
  created: number;
  due_at: number;
  claimed_by: string | null;
  claimed_at: number | null;
  lease_until: number | null;
  done_at: number | null;
  last_status: number | null;
  last_error: string | null;
}

const toRow = (row: Row): OutboxRow => ({
  id: row.id,
  delivery: row.delivery,
  destination: row.destination,
  kind: row.kind,
  payload: row.payload,
  state: row.state,
  dedupe: row.dedupe,
  attempts: row.attempts,
  created: row.created,
  dueAt: row.due_at,
  claimedBy: row.claimed_by,
  claimedAt: row.claimed_at,
  leaseUntil: row.lease_until,
  doneAt: row.done_at,
  lastStatus: row.last_status,
  lastError: row.last_error,
});

export interface NewDelivery {
  destination: string;
  kind: string;
  payload: unknown;
  dueAt: number;
  /** At most one pending row per key: a second enqueue with the same key adds nothing. */
  dedupe?: string;
}

/** How an attempt ended. */
export type Outcome =
  | { result: 'sent'; status?: number }
  | { result: 'skipped'; reason: string }
  /** Try again at `retryAt`; null: no more tries (the row fails). */
  | { result: 'retry'; status?: number; error: string; retryAt: number | null }
  | { result: 'failed'; status?: number; error: string };

export const MAIL_DESTINATION = 'mail';
export const webhookDestination = (id: number) => `webhook:${id}`;

const COLUMNS = 'id, delivery, destination, kind, payload, state, dedupe, attempts, created, due_at, claimed_by, claimed_at, lease_until, done_at, last_status, last_error';

export type Outbox = ReturnType<typeof createOutbox>;

export function createOutbox(db: Db) {
  const q = {
    insert: db.prepare(
      `INSERT INTO outbox (delivery, destination, kind, payload, dedupe, created, due_at)
       VALUES (@delivery, @destination, @kind, @payload, @dedupe, @created, @dueAt)
       ON CONFLICT (dedupe) WHERE state = 'pending' AND dedupe IS NOT NULL DO NOTHING`,
    ),
    dueDestinations: db.prepare<{ now: number }, string>(
      `SELECT DISTINCT destination FROM outbox
       WHERE (state = 'pending' AND due_at <= @now) OR (state = 'sending' AND lease_until < @now)`,
    ).pluck(),
    // The oldest due row of a destination, unless one of its rows is being sent under a live lease.
    claim: db.prepare<{ destination: string; now: number; leaseUntil: number; worker: string }, Row>(
      `UPDATE outbox SET state = 'sending', claimed_by = @worker, claimed_at = @now, lease_until = @leaseUntil, attempts = attempts + 1
       WHERE id = (
         SELECT id FROM outbox
         WHERE destination = @destination
           AND ((state = 'pending' AND due_at <= @now) OR (state = 'sending' AND lease_until < @now))
           AND NOT EXISTS (SELECT 1 FROM outbox busy WHERE busy.destination = @destination AND busy.state = 'sending' AND busy.lease_until >= @now)
         ORDER BY due_at, id LIMIT 1)
       RETURNING ${COLUMNS}`,
    ),
    finish: db.prepare(
      `UPDATE outbox SET state = @state, done_at = @now, lease_until = NULL, last_status = @status, last_error = @error
       WHERE id = @id AND claimed_by = @worker AND state = 'sending'`,
    ),
    retry: db.prepare(
      `UPDATE outbox SET state = 'pending', due_at = @dueAt, lease_until = NULL, last_status = @status, last_error = @error
       WHERE id = @id AND claimed_by = @worker AND state = 'sending'`,
    ),
    dropPendingTwin: db.prepare("DELETE FROM outbox WHERE dedupe = ? AND state = 'pending' AND id <> ?"),
    scrub: db.prepare('UPDATE outbox SET payload = ? WHERE id = ?'),
    get: db.prepare<[number], Row>(`SELECT ${COLUMNS} FROM outbox WHERE id = ?`),
    byDestination: db.prepare<[string, number], Row>(`SELECT ${COLUMNS} FROM outbox WHERE destination = ? ORDER BY id DESC LIMIT ?`),
    redeliver: db.prepare("UPDATE outbox SET state = 'pending', due_at = ?, created = ?, lease_until = NULL WHERE id = ? AND state IN ('sent', 'failed', 'skipped')"),
    lastClaim: db.prepare<[string], number | null>(
      "SELECT MAX(claimed_at) FROM outbox WHERE dedupe = ? AND state IN ('sending', 'sent', 'skipped', 'failed')",
    ).pluck(),
    counts: db.prepare<[string], { state: OutboxState; n: number }>('SELECT state, COUNT(*) AS n FROM outbox WHERE destination LIKE ? GROUP BY state'),
    // Leases of workers that are gone, on this machine: their rows are taken again at once.
    leaseHolders: db.prepare<[], string>("SELECT DISTINCT claimed_by FROM outbox WHERE state = 'sending' AND claimed_by IS NOT NULL").pluck(),
    release: db.prepare("UPDATE outbox SET lease_until = 0 WHERE state = 'sending' AND claimed_by = ?"),
    prune: db.prepare("DELETE FROM outbox WHERE state IN ('sent', 'skipped', 'failed') AND done_at < ?"),
    removeDestination: db.prepare("DELETE FROM outbox WHERE destination = ? AND state IN ('pending', 'failed', 'skipped', 'sent')"),
  };

  const retryInTransaction = db.transaction((row: OutboxRow, worker: string, dueAt: number, status: number | null, error: string) => {
    // A digest retried while a newer one waits: this older one covers the newer one's changes too.
    if (row.dedupe !== null) q.dropPendingTwin.run(row.dedupe, row.id);
    q.retry.run({ id: row.id, worker, dueAt, status, error: error.slice(0, 500) });
  });

  return {
    /** Adds a delivery (inside the caller's transaction); false when a pending row with its dedupe key exists. */
    enqueue(delivery: NewDelivery, now = Date.now()): boolean {
      const result = q.insert.run({
        delivery: crypto.randomUUID(),
        destination: delivery.destination,
        kind: delivery.kind,
        payload: JSON.stringify(delivery.payload),
        dedupe: delivery.dedupe ?? null,
        created: now,
        dueAt: delivery.dueAt,
      });
      return result.changes > 0;
    },
    /** The destinations with a row to send now. */
    dueDestinations: (now: number): string[] => q.dueDestinations.all({ now }),
    /** Claims the next row of `destination` for `worker` until `leaseUntil`, or null. */
    claim(destination: string, worker: string, now: number, leaseUntil: number): OutboxRow | null {
      const row = q.claim.get({ destination, worker, now, leaseUntil });
      return row ? toRow(row) : null;
    },
    /** Records an attempt's outcome on a row this worker holds. */
    settle(row: OutboxRow, worker: string, outcome: Outcome, now: number): void {
      const status = 'status' in outcome ? (outcome.status ?? null) : null;
      if (outcome.result === 'retry' && outcome.retryAt !== null) {
        retryInTransaction(row, worker, outcome.retryAt, status, outcome.error);
        return;
      }
      const state = outcome.result === 'retry' ? 'failed' : outcome.result;
      const error = outcome.result === 'sent' ? null : outcome.result === 'skipped' ? outcome.reason : outcome.error.slice(0, 500);
      q.finish.run({ id: row.id, worker, state, now, status, error });
    },
    /** Replaces a row's payload (a mailed token is not kept once the mail is out). */
    scrub(id: number, payload: unknown): void {
      q.scrub.run(JSON.stringify(payload), id);
    },
    get(id: number): OutboxRow | undefined {
      const row = q.get.get(id);
      return row ? toRow(row) : undefined;
    },
    /** The latest rows of a destination, newest first (a webhook's delivery log). */
    recent: (destination: string, limit: number): OutboxRow[] => q.byDestination.all(destination, limit).map(toRow),
    /** Sends a finished row again, with the same delivery id and body; false when it is not finished. */
    redeliver: (id: number, now: number): boolean => q.redeliver.run(now, now, id).changes > 0,
    /** When the last row with this dedupe key was taken to be sent (null: never). */
    lastClaim: (dedupe: string): number | null => q.lastClaim.get(dedupe) ?? null,
    /** Rows by state for destinations matching a LIKE pattern ('mail', 'webhook:%'). */
    counts(pattern: string): Record<OutboxState, number> {
      const counts: Record<OutboxState, number> = { pending: 0, sending: 0, sent: 0, failed: 0, skipped: 0 };
      for (const row of q.counts.all(pattern)) counts[row.state] = row.n;
      return counts;
    },
    /** The workers holding leases now. */
    leaseHolders: (): string[] => q.leaseHolders.all(),
    /** Makes the rows a worker holds claimable again at once (the worker is known to be gone). */
    release: (worker: string): number => q.release.run(worker).changes,
    /** Forgets finished rows older than `before`. */
    prune: (before: number): number => q.prune.run(before).changes,
    /** Forgets a destination's rows (its webhook was removed); a row being sent finishes first. */
    removeDestination: (destination: string): void => void q.removeDestination.run(destination),
  };
}
