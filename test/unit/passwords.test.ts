// Password hashing (issue 13): argon2id at OWASP's minimum, old hashes still accepted and marked
// for re-hashing, legacy verifiers for imported hashes, and a queue that refuses beyond its length.
import argon2 from 'argon2';
import { describe, expect, it } from 'vitest';
import { createPasswordHasher, HASH_PARAMS } from '../../src/accounts/passwords.js';
import { HttpError } from '../../src/errors.js';

describe('password hashes', () => {
  const hasher = createPasswordHasher();

  it('hashes with argon2id, m = 19 MiB, t = 2, p = 1, and verifies', async () => {
    const hash = await hasher.hash('correct horse');
    expect(hash).toMatch(/^\$argon2id\$v=19\$/);
    for (const param of ['m=19456', 't=2', 'p=1']) expect(hash.split('$')[3]!.split(',')).toContain(param);
    expect(await hasher.verify(hash, 'correct horse')).toEqual({ ok: true, rehash: false });
    expect(await hasher.verify(hash, 'wrong horse')).toEqual({ ok: false, rehash: false });
    expect(hasher.needsRehash(hash)).toBe(false);
  });

  it('accepts a hash made with the old parameters (64 MiB) and asks for a new one', async () => {
    const old = await argon2.hash('old password', { type: argon2.argon2id });
    expect(old.split('$')[3]!.split(',')).toContain('m=65536');
    expect(await hasher.verify(old, 'old password')).toEqual({ ok: true, rehash: true });
    expect(await hasher.verify(old, 'other')).toEqual({ ok: false, rehash: false });
  });

  it('refuses, without computing it, a stored hash asking for gigabytes', async () => {
    const greedy = (await hasher.hash('x')).replace('m=19456', 'm=4194304');
    expect(await hasher.verify(greedy, 'x')).toEqual({ ok: false, rehash: false });
  });

  it('spends a verification on an unknown login', async () => {
    await expect(hasher.verifyNobody('anything')).resolves.toBeUndefined();
  });
});

describe('legacy verifiers', () => {
  const seen: string[] = [];
  const hasher = createPasswordHasher({
    legacy: [
      (hash) => (hash.startsWith('$other$') ? null : null),
      (hash, password) => {
        seen.push(hash);
        return hash.startsWith('{plain}') ? hash === `{plain}${password}` : null;
      },
    ],
  });

  it('verifies a hash Quire did not make through the first verifier that knows it, and asks for a re-hash', async () => {
    expect(await hasher.verify('{plain}secret', 'secret')).toEqual({ ok: true, rehash: true });
    expect(await hasher.verify('{plain}secret', 'nope')).toEqual({ ok: false, rehash: false });
    expect(seen).toEqual(['{plain}secret', '{plain}secret']);
  });

  it('refuses a hash no verifier knows', async () => {
    expect(await hasher.verify('$1$unknown', 'secret')).toEqual({ ok: false, rehash: false });
  });
});

describe('the hashing queue', () => {
  it('runs at most `running` hashes at once and refuses beyond `waiting` with a 503', async () => {
    let active = 0;
    let most = 0;
    const releases: (() => void)[] = [];
    const slow = async () => {
      active++;
      most = Math.max(most, active);
      await new Promise<void>((resolve) => releases.push(resolve));
      active--;
      return true;
    };
    const hasher = createPasswordHasher({ legacy: [slow], running: 2, waiting: 1 });
    const first = hasher.verify('legacy-a', 'p');
    const second = hasher.verify('legacy-b', 'p');
    const third = hasher.verify('legacy-c', 'p');
    const fourth = hasher.verify('legacy-d', 'p');
    await expect(fourth).rejects.toSatisfy((error) => error instanceof HttpError && error.status === 503 && error.messageKey === 'error.busy');
    // Let each started task finish in turn; the waiting one starts when a slot frees.
    while (releases.length > 0 || active > 0) {
      await new Promise((resolve) => setImmediate(resolve));
      releases.shift()?.();
    }
    expect(await Promise.all([first, second, third])).toEqual([
      { ok: true, rehash: true },
      { ok: true, rehash: true },
      { ok: true, rehash: true },
    ]);
    expect(most).toBe(2);
  });

  it('uses the parameters it announces', () => {
    expect(HASH_PARAMS).toEqual({ memoryCost: 19456, timeCost: 2, parallelism: 1 });
  });
});
