// The API's token buckets (src/api/request-limiter.ts), driven by an injected clock.
import { describe, expect, it } from 'vitest';
import { createRequestLimiter } from '../../src/api/request-limiter.js';

function limiterAt(options: { perMinute: number; burst: number; maxKeys?: number }) {
  let now = 1_000_000;
  const limiter = createRequestLimiter({ ...options, now: () => now });
  return { limiter, advance: (ms: number) => void (now += ms) };
}

const allowedCount = (take: () => { allowed: boolean }, tries: number) =>
  Array.from({ length: tries }, take).filter((admission) => admission.allowed).length;

describe('createRequestLimiter', () => {
  it('allows a burst at once, then refuses with the seconds until the next token', () => {
    const { limiter } = limiterAt({ perMinute: 60, burst: 5 });
    expect(allowedCount(() => limiter.take('a'), 5)).toBe(5);
    expect(limiter.take('a')).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
  });

  it.each([
    { perMinute: 60, wait: 1_000, more: 1 },
    { perMinute: 60, wait: 2_500, more: 2 },
    { perMinute: 600, wait: 1_000, more: 10 },
    { perMinute: 6, wait: 9_999, more: 0 },
    { perMinute: 6, wait: 10_000, more: 1 },
  ])('refills $perMinute a minute: after $wait ms, $more more', ({ perMinute, wait, more }) => {
    const { limiter, advance } = limiterAt({ perMinute, burst: 10 });
    expect(allowedCount(() => limiter.take('a'), 11)).toBe(10);
    advance(wait);
    expect(allowedCount(() => limiter.take('a'), 20)).toBe(more);
  });

  it('never holds more than the burst, however long the wait', () => {
    const { limiter, advance } = limiterAt({ perMinute: 60, burst: 4 });
    limiter.take('a');
    advance(3_600_000);
    expect(allowedCount(() => limiter.take('a'), 10)).toBe(4);
  });

  it('says how long to wait when the refill is slow', () => {
    const { limiter, advance } = limiterAt({ perMinute: 2, burst: 1 });
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a')).toMatchObject({ allowed: false, retryAfterSeconds: 30 });
    advance(20_000);
    expect(limiter.take('a')).toMatchObject({ allowed: false, retryAfterSeconds: 10 });
    advance(10_000);
    expect(limiter.take('a').allowed).toBe(true);
  });

  it('keeps a bucket per key', () => {
    const { limiter } = limiterAt({ perMinute: 60, burst: 2 });
    allowedCount(() => limiter.take('a'), 2);
    expect(limiter.take('a').allowed).toBe(false);
    expect(limiter.take('b').allowed).toBe(true);
  });

  it('forgets full buckets when it holds too many keys, and only those', () => {
    const { limiter, advance } = limiterAt({ perMinute: 60, burst: 2, maxKeys: 3 });
    allowedCount(() => limiter.take('busy'), 2);
    limiter.take('x');
    limiter.take('y');
    advance(1_500);
    limiter.take('z'); // x and y are full again and forgotten; busy is not
    expect(limiter.take('busy')).toMatchObject({ allowed: true, remaining: 0 });
    expect(limiter.take('busy').allowed).toBe(false);
  });
});
