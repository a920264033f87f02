// The lock store (SPEC §6) on an in-memory database with a clock the test moves: 15-minute locks,
// refresh by their holder, takeover after expiry, release, logout and an admin breaking a lock.
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db.js';
import { createLockStore, LOCK_MS, userHolder, visitorHolder, type LockStore } from '../../src/pages/locks.js';

let now: number;
let locks: LockStore;
const ALICE = userHolder('alice');
const BOB = userHolder('bob');

beforeEach(() => {
  now = 1_700_000_000_000;
  locks = createLockStore(openDatabase(':memory:'), () => now);
});

describe('lock store', () => {
  it('locks a free page for 15 minutes', () => {
    expect(locks.acquire('p', ALICE, 'alice')).toEqual({ ok: true, expires: now + LOCK_MS });
    expect(locks.current('p')).toEqual({ pageId: 'p', holder: ALICE, label: 'alice', expires: now + LOCK_MS });
  });

  it('refuses another holder while the lock lives, and names the holder', () => {
    locks.acquire('p', ALICE, 'alice');
    now += LOCK_MS - 1;
    expect(locks.acquire('p', BOB, 'bob')).toEqual({ ok: false, lock: { pageId: 'p', holder: ALICE, label: 'alice', expires: now + 1 } });
    expect(locks.heldByOther('p', BOB)?.label).toBe('alice');
    expect(locks.heldByOther('p', ALICE)).toBeNull();
  });

  it('is refreshed by its holder', () => {
    locks.acquire('p', ALICE, 'alice');
    now += 10 * 60_000;
    expect(locks.acquire('p', ALICE, 'alice')).toEqual({ ok: true, expires: now + LOCK_MS });
    now += 10 * 60_000;
    expect(locks.acquire('p', BOB, 'bob').ok).toBe(false);
  });

  it('can be taken over once expired', () => {
    locks.acquire('p', ALICE, 'alice');
    now += LOCK_MS;
    expect(locks.current('p')).toBeNull();
    expect(locks.heldByOther('p', BOB)).toBeNull();
    expect(locks.acquire('p', BOB, 'bob')).toEqual({ ok: true, expires: now + LOCK_MS });
    expect(locks.current('p')?.holder).toBe(BOB);
  });

  it('blocks a caller without identity (null) with any live lock', () => {
    locks.acquire('p', ALICE, 'alice');
    expect(locks.heldByOther('p', null)?.holder).toBe(ALICE);
    expect(locks.heldByOther('q', null)).toBeNull();
  });

  it('is released by its holder only', () => {
    locks.acquire('p', ALICE, 'alice');
    locks.release('p', BOB);
    expect(locks.current('p')?.holder).toBe(ALICE);
    locks.release('p', ALICE);
    expect(locks.current('p')).toBeNull();
  });

  it('releases every lock of a holder at logout', () => {
    locks.acquire('p', ALICE, 'alice');
    locks.acquire('q', ALICE, 'alice');
    locks.acquire('r', BOB, 'bob');
    locks.releaseAll(ALICE);
    expect([locks.current('p'), locks.current('q'), locks.current('r')?.holder]).toEqual([null, null, BOB]);
  });

  it('is broken by an admin whoever holds it', () => {
    locks.acquire('p', ALICE, 'alice');
    expect(locks.breakLock('p')).toBe(true);
    expect(locks.current('p')).toBeNull();
    expect(locks.breakLock('p')).toBe(false);
  });

  it('purges expired locks', () => {
    locks.acquire('p', ALICE, 'alice');
    locks.acquire('q', BOB, 'bob');
    now += LOCK_MS;
    expect(locks.purgeExpired()).toBe(2);
  });

  it('keeps anonymous identities apart and opaque', () => {
    const one = visitorHolder('cookie-one');
    expect(one).toMatch(/^visitor:[\w-]+$/);
    expect(one).not.toContain('cookie-one');
    expect(visitorHolder('cookie-two')).not.toBe(one);
    expect(visitorHolder('cookie-one')).toBe(one);
  });
});
