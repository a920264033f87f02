// The outbox (SPEC §14): a claim is one atomic UPDATE … RETURNING, so two connections on the same
// database file (two server processes) never take the same row, nor two rows of one destination at
// once; leases run out or are released; digests keep one pending row per key; retries go back in.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db.js';
import { createOutbox, type Outbox } from '../../src/notifications/outbox.js';
import { createWorker } from '../../src/notifications/worker.js';

let dir: string;
let first: Db;
let second: Db;
let a: Outbox;
let b: Outbox;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-outbox-'));
  first = openDatabase(dir);
  second = openDatabase(dir);
  a = createOutbox(first);
  b = createOutbox(second);
});
afterEach(() => {
  first.close();
  second.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const NOW = 1_000_000;
const queue = (outbox: Outbox, destination: string, n: number, extra: { dedupe?: string } = {}) => {
  for (let i = 0; i < n; i++) outbox.enqueue({ destination, kind: 'webhook', payload: { i }, dueAt: NOW, ...extra }, NOW);
};

describe('claims', () => {
  it('give each row to one worker only, one row of a destination at a time', () => {
    queue(a, 'webhook:1', 3);
    queue(a, 'webhook:2', 1);
    const one = a.claim('webhook:1', 'worker-a', NOW, NOW + 1000);
    // Another process: the destination is busy while the first holds a live lease.
    expect(b.claim('webhook:1', 'worker-b', NOW, NOW + 1000)).toBeNull();
    const other = b.claim('webhook:2', 'worker-b', NOW, NOW + 1000);
    expect(one?.destination).toBe('webhook:1');
    expect(other?.destination).toBe('webhook:2');
    a.settle(one!, 'worker-a', { result: 'sent', status: 200 }, NOW + 1);
    const next = b.claim('webhook:1', 'worker-b', NOW + 2, NOW + 1000);
    expect(next?.id).not.toBe(one?.id);
    expect(next?.attempts).toBe(1);
  });

  it('hand out every row exactly once when two processes race for them', () => {
    const destinations = ['mail', 'webhook:1', 'webhook:2', 'webhook:3'];
    for (const destination of destinations) queue(a, destination, 25);
    const taken: number[] = [];
    let time = NOW;
    for (let round = 0; round < 60; round++) {
      for (const [outbox, worker] of [[a, 'wa'], [b, 'wb']] as const) {
        for (const destination of destinations) {
          const row = outbox.claim(destination, worker, time, time + 1000);
          if (!row) continue;
          taken.push(row.id);
          outbox.settle(row, worker, { result: 'sent' }, time);
        }
      }
      time += 1;
    }
    expect(taken).toHaveLength(100);
    expect(new Set(taken).size).toBe(100);
  });

  it('take a row back once its lease ran out, or at once when its worker is known to be gone', () => {
    queue(a, 'mail', 1);
    const held = a.claim('mail', 'dead-worker', NOW, NOW + 1000);
    expect(held).not.toBeNull();
    expect(b.claim('mail', 'wb', NOW + 500, NOW + 1500)).toBeNull();
    const again = b.claim('mail', 'wb', NOW + 1001, NOW + 2000);
    expect(again?.id).toBe(held?.id);
    expect(again?.attempts).toBe(2);
    // The first worker's late answer changes nothing: the row is someone else's now.
    a.settle(held!, 'dead-worker', { result: 'sent' }, NOW + 1002);
    expect(a.get(held!.id)?.state).toBe('sending');

    queue(a, 'webhook:9', 1);
    a.claim('webhook:9', 'host:1:gone', NOW, NOW + 100_000);
    expect(b.leaseHolders()).toContain('host:1:gone');
    expect(b.release('host:1:gone')).toBe(1);
    expect(b.claim('webhook:9', 'wb', NOW + 1, NOW + 1000)).not.toBeNull();
  });

  it('wait until a row is due', () => {
    a.enqueue({ destination: 'mail', kind: 'digest', payload: {}, dueAt: NOW + 5000 }, NOW);
    expect(a.dueDestinations(NOW)).toEqual([]);
    expect(a.claim('mail', 'wa', NOW, NOW + 1000)).toBeNull();
    expect(a.dueDestinations(NOW + 5000)).toEqual(['mail']);
  });
});

describe('outcomes', () => {
  it('put a retried row back with its next time, and finish the others', () => {
    queue(a, 'mail', 3);
    const one = a.claim('mail', 'w', NOW, NOW + 10);
    a.settle(one!, 'w', { result: 'retry', status: 451, error: 'try later', retryAt: NOW + 30_000 }, NOW);
    expect(a.get(one!.id)).toMatchObject({ state: 'pending', dueAt: NOW + 30_000, lastStatus: 451, lastError: 'try later' });
    const next = a.claim('mail', 'w', NOW, NOW + 10);
    a.settle(next!, 'w', { result: 'retry', error: 'gave up', retryAt: null }, NOW);
    expect(a.get(next!.id)).toMatchObject({ state: 'failed', lastError: 'gave up' });
    const last = a.claim('mail', 'w', NOW, NOW + 10);
    a.settle(last!, 'w', { result: 'skipped', reason: 'nobody to tell' }, NOW);
    expect(a.get(last!.id)).toMatchObject({ state: 'skipped', lastError: 'nobody to tell' });
    expect(a.counts('mail')).toMatchObject({ pending: 1, failed: 1, skipped: 1 });
  });

  it('keep one pending digest per key, and merge a retried digest with a newer one', () => {
    queue(a, 'mail', 3, { dedupe: 'digest:1:p' });
    expect(a.counts('mail').pending).toBe(1);
    const claimed = a.claim('mail', 'w', NOW, NOW + 10);
    // A change while the digest is being sent queues the next one.
    queue(a, 'mail', 1, { dedupe: 'digest:1:p' });
    expect(a.counts('mail')).toMatchObject({ pending: 1, sending: 1 });
    expect(a.lastClaim('digest:1:p')).toBe(NOW);
    a.settle(claimed!, 'w', { result: 'retry', error: 'down', retryAt: NOW + 100 }, NOW);
    expect(a.counts('mail')).toMatchObject({ pending: 1, sending: 0 });
  });

  it('redeliver a finished row with the same delivery id', () => {
    queue(a, 'webhook:1', 1);
    const row = a.claim('webhook:1', 'w', NOW, NOW + 10);
    expect(a.redeliver(row!.id, NOW)).toBe(false);
    a.settle(row!, 'w', { result: 'sent', status: 200 }, NOW);
    expect(a.redeliver(row!.id, NOW + 5)).toBe(true);
    const again = a.claim('webhook:1', 'w', NOW + 5, NOW + 10);
    expect(again?.delivery).toBe(row?.delivery);
  });
});

describe('the worker', () => {
  it('sends each destination in order, one at a time, and every destination at once', async () => {
    for (let i = 0; i < 3; i++) {
      a.enqueue({ destination: 'webhook:1', kind: 'webhook', payload: { i }, dueAt: NOW }, NOW);
      a.enqueue({ destination: 'webhook:2', kind: 'webhook', payload: { i }, dueAt: NOW }, NOW);
    }
    const log: string[] = [];
    const inFlight: Record<string, number> = {};
    let most = 0;
    const worker = createWorker({
      outbox: a,
      now: () => NOW,
      log: { error: () => undefined },
      deliver: async (row) => {
        inFlight[row.destination] = (inFlight[row.destination] ?? 0) + 1;
        most = Math.max(most, ...Object.values(inFlight));
        await new Promise((resolve) => setImmediate(resolve));
        log.push(`${row.destination} ${(JSON.parse(row.payload) as { i: number }).i}`);
        inFlight[row.destination] = (inFlight[row.destination] ?? 1) - 1;
        return { result: 'sent' };
      },
    });
    await worker.drain();
    await worker.stop();
    expect(most).toBe(1);
    expect(log.filter((line) => line.startsWith('webhook:1'))).toEqual(['webhook:1 0', 'webhook:1 1', 'webhook:1 2']);
    expect(log).toHaveLength(6);
  });

  it('records a delivery that threw as one to try again', async () => {
    queue(a, 'mail', 1);
    const errors: string[] = [];
    const worker = createWorker({ outbox: a, now: () => NOW, log: { error: (_details, message) => void errors.push(message) }, deliver: async () => Promise.reject(new Error('boom')) });
    await worker.drain();
    expect(a.counts('mail').pending).toBe(1);
    expect(errors).toEqual(['delivery failed unexpectedly']);
  });
});
