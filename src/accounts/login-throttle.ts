// Throttling password guesses (log-in, and the profile's current-password check). An attempt is
// counted before its password is hashed, so forty simultaneous attempts cannot all be verified;
// a right password forgives it afterwards. Three counts, each over five minutes:
//   - per address: the 11th failure is refused (SPEC §5);
//   - per address and login: the same, so one login is not locked for everyone;
//   - per login from anywhere: from the 10th failure, a back-off (10 s, 20 s, 40 s, then a minute
//     between attempts) instead of a lock, so guesses spread over many addresses slow down while
//     the account's owner waits a minute at most.

const WINDOW_MS = 5 * 60_000;
const PER_ADDRESS = 10;
const BACKOFF_FROM = 10;
const BACKOFF_FIRST_MS = 10_000;
const BACKOFF_MAX_MS = 60_000;

export interface LoginThrottle {
  /**
   * Before a password is checked: counts the attempt as a failure and answers null, or answers
   * the seconds to wait (the attempt is then not counted).
   */
  begin(address: string, login: string): number | null;
  /** The password was right: the attempt counted by begin() is forgiven, and this address's failures on the login forgotten. */
  succeeded(address: string, login: string): void;
  /** The password could not be checked (the server was busy): the attempt counted by begin() is forgiven. */
  cancel(address: string, login: string): void;
}

export function createLoginThrottle(options: { now?: () => number } = {}): LoginThrottle {
  const now = options.now ?? Date.now;
  const attempts = new Map<string, number[]>();

  function recent(key: string): number[] {
    const since = now() - WINDOW_MS;
    const kept = (attempts.get(key) ?? []).filter((at) => at > since);
    if (kept.length === 0) attempts.delete(key);
    else attempts.set(key, kept);
    return kept;
  }

  /** Milliseconds until the key may try again; 0 when it may now. */
  function waitFor(key: string, max: number): number {
    const kept = recent(key);
    return kept.length < max ? 0 : kept[kept.length - max]! + WINDOW_MS - now();
  }

  function backoff(key: string): number {
    const kept = recent(key);
    if (kept.length < BACKOFF_FROM) return 0;
    const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** (kept.length - BACKOFF_FROM));
    return Math.max(0, kept[kept.length - 1]! + delay - now());
  }

  function count(key: string): void {
    const kept = recent(key);
    kept.push(now());
    attempts.set(key, kept);
    // Forget keys nobody has tried lately, so the map cannot grow without bound.
    if (attempts.size > 10_000) for (const stale of [...attempts.keys()]) recent(stale);
  }

  function forgiveLast(key: string): void {
    const kept = recent(key);
    kept.pop();
    if (kept.length === 0) attempts.delete(key);
  }

  const keysOf = (address: string, login: string) => ({
    address: `address:${address}`,
    pair: `pair:${address}\n${login}`,
    login: `login:${login}`,
  });

  return {
    begin(address, login) {
      const keys = keysOf(address, login);
      const wait = Math.max(waitFor(keys.address, PER_ADDRESS), waitFor(keys.pair, PER_ADDRESS), backoff(keys.login));
      if (wait > 0) return Math.ceil(wait / 1000);
      count(keys.address);
      count(keys.pair);
      count(keys.login);
      return null;
    },
    succeeded(address, login) {
      const keys = keysOf(address, login);
      forgiveLast(keys.address);
      forgiveLast(keys.login);
      attempts.delete(keys.pair);
    },
    cancel(address, login) {
      const keys = keysOf(address, login);
      forgiveLast(keys.address);
      forgiveLast(keys.pair);
      forgiveLast(keys.login);
    },
  };
}
