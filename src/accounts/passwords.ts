// Password hashes: argon2id at OWASP's recommended minimum (m = 19 MiB, t = 2, p = 1), computed a
// few at a time. Each hash holds its memory on a libuv thread for tens of milliseconds, so forty
// simultaneous log-ins once took the server from 93 to 323 MB and starved static files; a small
// queue bounds that, and a request beyond the queue is refused kindly (503, try again) instead.
// Hashes Quire did not make (a DokuWiki import's) go to legacy verifiers; any hash that is not
// today's kind says so, and is replaced at the next successful log-in.
import argon2 from 'argon2';
import { HttpError } from '../errors.js';
import { createTurns } from '../turns.js';

/** OWASP Password Storage Cheat Sheet, argon2id: 19 MiB of memory, 2 passes, 1 lane. */
export const HASH_PARAMS = { memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 } as const;

/** Hashes computed at once (the machine has two cores) and hashes waiting for their turn. */
const RUNNING = 2;
const WAITING = 16;

/** The most memory (KiB) and passes a stored argon2 hash may ask for: a crafted hash cannot take the server's memory. */
const MAX_STORED_MEMORY = 256 * 1024;
const MAX_STORED_PASSES = 16;
const MAX_STORED_LANES = 16;

/**
 * Verifies a hash Quire did not make (DokuWiki's smd5, bcrypt, … from an import): true or false,
 * or null when the hash is not of a form it knows, so the next verifier is asked.
 */
export type LegacyVerifier = (hash: string, password: string) => boolean | null | Promise<boolean | null>;

export interface Verdict {
  ok: boolean;
  /** The password is right but its hash is not of today's kind: store `hash(password)` instead. */
  rehash: boolean;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<Verdict>;
  /** Takes as long as a verification, for a login that does not exist. */
  verifyNobody(password: string): Promise<void>;
  needsRehash(hash: string): boolean;
}

export interface PasswordHasherOptions {
  legacy?: readonly LegacyVerifier[];
  running?: number;
  waiting?: number;
}

/** The hash queue is full: the request is answered 503 with a message to try again. */
export const hashingBusy = () => new HttpError(503, 'busy', 'error.busy');

const isArgon2 = (hash: string): boolean => hash.startsWith('$argon2');

// `$argon2id$v=19$m=65536,t=3,p=4$…` (newer versions write m, p, t): a hash asking for more than
// the bounds is refused unread.
function withinBounds(hash: string): boolean {
  const params = new Map(
    (hash.split('$')[3] ?? '').split(',').map((pair) => {
      const [key = '', value = ''] = pair.split('=');
      return [key, Number(value)] as const;
    }),
  );
  const [memory, passes, lanes] = [params.get('m'), params.get('t'), params.get('p')];
  if (memory === undefined || passes === undefined || lanes === undefined) return false;
  return memory <= MAX_STORED_MEMORY && passes <= MAX_STORED_PASSES && lanes <= MAX_STORED_LANES;
}

export function createPasswordHasher(options: PasswordHasherOptions = {}): PasswordHasher {
  const legacy = options.legacy ?? [];
  const turn = createTurns(options.running ?? RUNNING, options.waiting ?? WAITING, hashingBusy);
  const makeHash = (password: string) => argon2.hash(password, { type: argon2.argon2id, ...HASH_PARAMS });
  let dummy: Promise<string> | null = null;

  function needsRehash(hash: string): boolean {
    if (!hash.startsWith('$argon2id$')) return true;
    try {
      return argon2.needsRehash(hash, HASH_PARAMS);
    } catch {
      return true;
    }
  }

  async function verifyLegacy(hash: string, password: string): Promise<boolean> {
    for (const verifier of legacy) {
      const found = await verifier(hash, password);
      if (found !== null) return found;
    }
    return false;
  }

  return {
    hash: (password) => turn(() => makeHash(password)),
    async verify(hash, password) {
      const ok = await turn(async () => {
        if (!isArgon2(hash)) return verifyLegacy(hash, password);
        if (!withinBounds(hash)) return false;
        return argon2.verify(hash, password).catch(() => false);
      });
      return { ok, rehash: ok && needsRehash(hash) };
    },
    async verifyNobody(password) {
      dummy ??= makeHash('not the password of anyone');
      const hash = await dummy;
      await turn(() => argon2.verify(hash, password).catch(() => false));
    },
    needsRehash,
  };
}
