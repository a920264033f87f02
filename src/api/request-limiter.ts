// Token buckets for the JSON API: each key (a token, or an IP for anonymous callers) may spend a
// burst at once and then `perMinute` requests a minute. Pure: the clock is injected.
export interface LimiterOptions {
  perMinute: number;
  burst: number;
  now?: () => number;
  /** Buckets kept before full ones are forgotten (a full bucket is the same as no bucket). */
  maxKeys?: number;
}

export type Admission = ({ allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number }) & {
  /** The burst: requests that may come at once. */
  limit: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
};

export interface RequestLimiter {
  take(key: string): Admission;
}

interface Bucket {
  tokens: number;
  at: number;
}

export function createRequestLimiter(options: LimiterOptions): RequestLimiter {
  const now = options.now ?? Date.now;
  const perMs = options.perMinute / 60_000;
  const maxKeys = options.maxKeys ?? 10_000;
  const buckets = new Map<string, Bucket>();

  function refill(bucket: Bucket, at: number): void {
    bucket.tokens = Math.min(options.burst, bucket.tokens + (at - bucket.at) * perMs);
    bucket.at = at;
  }

  function forgetFull(at: number): void {
    for (const [key, bucket] of buckets) {
      refill(bucket, at);
      if (bucket.tokens >= options.burst) buckets.delete(key);
    }
  }

  return {
    take(key) {
      const at = now();
      let bucket = buckets.get(key);
      if (!bucket) {
        if (buckets.size >= maxKeys) forgetFull(at);
        bucket = { tokens: options.burst, at };
        buckets.set(key, bucket);
      }
      refill(bucket, at);
      const allowed = bucket.tokens >= 1;
      if (allowed) bucket.tokens -= 1;
      const common = { limit: options.burst, resetSeconds: Math.ceil((options.burst - bucket.tokens) / perMs / 1000) };
      if (allowed) return { allowed: true, remaining: Math.floor(bucket.tokens), ...common };
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)), ...common };
    },
  };
}
