// The failure limiter behind log-in throttling (SPEC §5: 429 after 10 failures in 5 minutes, per
// IP and per login), driven by an injected clock.
import { beforeEach, describe, expect, it } from 'vitest';
import { createFailureLimiter, type FailureLimiter } from '../../src/accounts/rate-limit.js';

const WINDOW = 5 * 60_000;
const MAX = 10;

let clock: number;
let limiter: FailureLimiter;

beforeEach(() => {
  clock = 1_000_000;
  limiter = createFailureLimiter({ max: MAX, windowMs: WINDOW, now: () => clock });
});

function failTimes(key: string, count: number, spacingMs = 0): void {
  for (let i = 0; i < count; i++) {
    limiter.fail(key);
    clock += spacingMs;
  }
}

describe('blocking', () => {
  it.each([
    { failures: 0, blocked: false },
    { failures: 1, blocked: false },
    { failures: MAX - 1, blocked: false },
    { failures: MAX, blocked: true },
    { failures: MAX + 5, blocked: true },
  ])('$failures failures in the window: blocked=$blocked', ({ failures, blocked }) => {
    failTimes('ip:1.2.3.4', failures);
    expect(limiter.blocked('ip:1.2.3.4')).toBe(blocked);
  });

  it.each([1, 3, 10])('respects a max of %i', (max) => {
    const small = createFailureLimiter({ max, windowMs: WINDOW, now: () => clock });
    for (let i = 0; i < max - 1; i++) small.fail('k');
    expect(small.blocked('k')).toBe(false);
    small.fail('k');
    expect(small.blocked('k')).toBe(true);
  });
});

describe('the window slides', () => {
  it.each([
    { later: 0, blocked: true },
    { later: WINDOW - 1, blocked: true },
    { later: WINDOW, blocked: false },
    { later: 2 * WINDOW, blocked: false },
  ])('failures all at once, $later ms later: blocked=$blocked', ({ later, blocked }) => {
    failTimes('login:alice', MAX);
    clock += later;
    expect(limiter.blocked('login:alice')).toBe(blocked);
  });

  it('unblocks as the oldest failures leave the window, one at a time', () => {
    const start = clock;
    failTimes('login:alice', MAX, 1000); // failures at start, start+1s, … start+9s
    expect(limiter.blocked('login:alice')).toBe(true);
    clock = start + WINDOW - 1;
    expect(limiter.blocked('login:alice')).toBe(true);
    clock = start + WINDOW; // the first failure is out
    expect(limiter.blocked('login:alice')).toBe(false);
    limiter.fail('login:alice'); // one more brings it back to MAX within the window
    expect(limiter.blocked('login:alice')).toBe(true);
  });

  it('never blocks failures spread wider than the window', () => {
    for (let i = 0; i < 5 * MAX; i++) {
      limiter.fail('ip:1.2.3.4');
      expect(limiter.blocked('ip:1.2.3.4')).toBe(false);
      clock += WINDOW / (MAX - 1) + 1;
    }
  });
});

describe('keys', () => {
  it('reset forgets the failures of a key', () => {
    failTimes('login:alice', MAX);
    limiter.reset('login:alice');
    expect(limiter.blocked('login:alice')).toBe(false);
    failTimes('login:alice', MAX - 1);
    expect(limiter.blocked('login:alice')).toBe(false);
  });

  it('reset of an unknown key is harmless', () => {
    expect(() => limiter.reset('never-seen')).not.toThrow();
    expect(limiter.blocked('never-seen')).toBe(false);
  });

  it('counts each key on its own', () => {
    failTimes('ip:1.2.3.4', MAX);
    failTimes('login:alice', MAX - 1);
    expect(limiter.blocked('ip:1.2.3.4')).toBe(true);
    expect(limiter.blocked('login:alice')).toBe(false);
    expect(limiter.blocked('ip:5.6.7.8')).toBe(false);
    limiter.reset('ip:1.2.3.4');
    limiter.fail('login:alice');
    expect(limiter.blocked('ip:1.2.3.4')).toBe(false);
    expect(limiter.blocked('login:alice')).toBe(true);
  });

  it('keeps counting correctly with many keys', () => {
    for (let i = 0; i < 10_050; i++) limiter.fail(`ip:${i}`);
    failTimes('ip:7', MAX - 1);
    expect(limiter.blocked('ip:7')).toBe(true);
    expect(limiter.blocked('ip:8')).toBe(false);
  });
});
