// The background worker that empties the outbox: it claims due rows (each destination one at a time,
// every destination in parallel), hands each to `deliver`, and records the outcome — sent, skipped,
// failed, or tried again later with exponential backoff for up to 24 hours. Nothing here runs in a
// request: a save only nudges it. Several processes on one database each run one; the outbox's
// atomic claim keeps them from sending a row twice.
import crypto from 'node:crypto';
import os from 'node:os';
import type { Outbox, OutboxRow, Outcome } from './outbox.js';

/** A claim lasts longer than any one attempt can (mail and webhook time limits are well below). */
export const LEASE_MS = 2 * 60 * 1000;
/** Rows are looked for this often even without a nudge (retries, digests, other processes' rows). */
export const POLL_MS = 5_000;
/** Retries stop this long after a row was queued. */
export const RETRY_WINDOW_MS = 24 * 3600 * 1000;
const FIRST_RETRY_MS = 30_000;
const LONGEST_WAIT_MS = 4 * 3600 * 1000;
/** Finished rows are kept this long (the delivery log), then forgotten. */
export const KEEP_FINISHED_MS = 30 * 24 * 3600 * 1000;

/**
 * When to try again after the `attempts`-th try failed: 30 s, 1 min, 2 min … doubling up to 4 h
 * between tries, never later than 24 h after the row was queued (null: give up).
 */
export function retryAt(attempts: number, created: number, now: number): number | null {
  const wait = Math.min(LONGEST_WAIT_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
  const at = now + wait;
  return at > created + RETRY_WINDOW_MS ? null : at;
}

export type Deliver = (row: OutboxRow, now: number) => Promise<Outcome>;

export interface WorkerOptions {
  outbox: Outbox;
  deliver: Deliver;
  log: { error(details: object, message: string): void; info?(details: object, message: string): void };
  now?: () => number;
  pollMs?: number;
  leaseMs?: number;
  /** Sends only when drain() is called (tests that change things between a save and its mails). */
  manual?: boolean;
}

/** `host:pid:random`: whose lease a row carries, so a worker that is gone can be recognised. */
function workerId(): string {
  return `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString('hex')}`;
}

/** A lease holder on this machine whose process has ended. */
function isGone(holder: string): boolean {
  const [host, pid] = holder.split(':');
  if (host !== os.hostname() || !pid || !/^\d+$/.test(pid) || Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export type Worker = ReturnType<typeof createWorker>;

export function createWorker(options: WorkerOptions) {
  const { outbox, deliver, log } = options;
  const now = options.now ?? Date.now;
  const leaseMs = options.leaseMs ?? LEASE_MS;
  const id = workerId();
  const running = new Map<string, Promise<void>>();
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let scheduled = false;
  let lastPrune = 0;

  async function drainDestination(destination: string): Promise<void> {
    while (!stopped) {
      const at = now();
      const row = outbox.claim(destination, id, at, at + leaseMs);
      if (!row) return;
      let outcome: Outcome;
      try {
        outcome = await deliver(row, at);
      } catch (error) {
        log.error({ err: error, delivery: row.delivery }, 'delivery failed unexpectedly');
        outcome = { result: 'retry', error: error instanceof Error ? error.message : String(error), retryAt: retryAt(row.attempts, row.created, now()) };
      }
      outbox.settle(row, id, outcome, now());
    }
  }

  /** Starts a sender for every destination with due rows that has none running here. */
  function tick(): void {
    scheduled = false;
    if (stopped) return;
    const at = now();
    if (at - lastPrune > 3600_000) {
      lastPrune = at;
      outbox.prune(at - KEEP_FINISHED_MS);
    }
    for (const destination of outbox.dueDestinations(at)) {
      if (running.has(destination)) continue;
      const run = drainDestination(destination)
        .catch((error: unknown) => log.error({ err: error, destination }, 'outbox worker failed'))
        .finally(() => running.delete(destination));
      running.set(destination, run);
    }
  }

  return {
    id,
    /** Takes back the rows of workers of this machine that died, then looks for work every few seconds. */
    start(): void {
      if (options.manual) return;
      for (const holder of outbox.leaseHolders()) {
        if (isGone(holder) && outbox.release(holder) > 0) log.info?.({ holder }, 'took back the deliveries of a stopped process');
      }
      timer = setInterval(tick, options.pollMs ?? POLL_MS);
      timer.unref();
      tick();
    },
    /** Something was queued: look now rather than at the next poll. */
    nudge(): void {
      if (stopped || scheduled || options.manual) return;
      scheduled = true;
      setImmediate(tick);
    },
    /** Runs until nothing is due and nothing is being sent (tests, and `now` moved on by a test clock). */
    async drain(): Promise<void> {
      for (;;) {
        tick();
        if (running.size === 0) return;
        await Promise.all(running.values());
      }
    },
    /** Stops looking for work and waits for the deliveries in progress to finish. */
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearInterval(timer);
      await Promise.all(running.values());
    },
  };
}
