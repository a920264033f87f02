// Counting failures per key in a sliding window (log-in attempts per IP and per login).
export interface FailureLimiter {
  /** True once `max` failures were counted for the key within the window. */
  blocked(key: string): boolean;
  fail(key: string): void;
  reset(key: string): void;
}

export function createFailureLimiter(options: { max: number; windowMs: number; now?: () => number }): FailureLimiter {
  const now = options.now ?? Date.now;
  const failures = new Map<string, number[]>();

  function recent(key: string): number[] {
    const since = now() - options.windowMs;
    const kept = (failures.get(key) ?? []).filter((at) => at > since);
    if (kept.length === 0) failures.delete(key);
    else failures.set(key, kept);
    return kept;
  }

  return {
    blocked: (key) => recent(key).length >= options.max,
    fail(key) {
      const kept = recent(key);
      kept.push(now());
      failures.set(key, kept);
      // Forget keys nobody has failed with lately, so the map cannot grow without bound.
      if (failures.size > 10_000) for (const k of failures.keys()) recent(k);
    },
    reset: (key) => void failures.delete(key),
  };
}
