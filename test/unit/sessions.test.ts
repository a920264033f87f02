// Server-side sessions (SPEC §5): a browser session ends a day after its last use, "remember me"
// lasts 30 days from log-in, ending them works per session and per user, and only a hash of the
// id is ever stored. Driven by an injected clock on an in-memory database.
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db.js';
import { BROWSER_SESSION_MS, createSessionStore, hashSecret, REMEMBER_MS, type SessionStore } from '../../src/accounts/sessions.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 0, 1);

let db: Db;
let clock: number;
let sessions: SessionStore;

/** Sessions belong to users (a foreign key): the fixture adds the rows a user store would. */
function addUser(login: string): void {
  db.prepare("INSERT INTO users (login, password_hash, created) VALUES (?, 'not-a-hash', 0)").run(login);
}

function storedRows(): { id_hash: string; login: string }[] {
  return db.prepare('SELECT id_hash, login FROM sessions').all() as { id_hash: string; login: string }[];
}

beforeEach(() => {
  db = openDatabase(':memory:');
  clock = T0;
  sessions = createSessionStore(db, () => clock);
  addUser('alice');
  addUser('bob');
});

describe('create and get', () => {
  it.each([
    { remember: false, lifetime: BROWSER_SESSION_MS },
    { remember: true, lifetime: REMEMBER_MS },
  ])('remember=$remember: a new session lasts $lifetime ms', ({ remember, lifetime }) => {
    const session = sessions.create('alice', remember);
    expect(session.expires).toBe(T0 + lifetime);
    expect(sessions.get(session.id)).toEqual({ login: 'alice', expires: T0 + lifetime, persistent: remember });
  });

  it('remembers for 30 days and keeps a browser session a day', () => {
    expect(REMEMBER_MS).toBe(30 * DAY);
    expect(BROWSER_SESSION_MS).toBe(DAY);
  });

  it('gives every session a new random id', () => {
    const ids = new Set(Array.from({ length: 20 }, () => sessions.create('alice', false).id));
    expect(ids.size).toBe(20);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it.each(['', 'unknown', 'a'.repeat(43)])('knows no session %j', (id) => {
    sessions.create('alice', false);
    expect(sessions.get(id)).toBeNull();
  });
});

describe('expiry', () => {
  it.each([
    { remember: false, after: BROWSER_SESSION_MS - 1, live: true },
    { remember: false, after: BROWSER_SESSION_MS, live: false },
    { remember: false, after: 2 * DAY, live: false },
    { remember: true, after: BROWSER_SESSION_MS + 1, live: true },
    { remember: true, after: 29 * DAY, live: true },
    { remember: true, after: REMEMBER_MS - 1, live: true },
    { remember: true, after: REMEMBER_MS, live: false },
    { remember: true, after: 31 * DAY, live: false },
  ])('remember=$remember, unused for $after ms: live=$live', ({ remember, after, live }) => {
    const { id } = sessions.create('alice', remember);
    clock = T0 + after;
    expect(sessions.get(id) !== null).toBe(live);
  });

  it('forgets an expired session when it is asked for', () => {
    const { id } = sessions.create('alice', false);
    clock = T0 + BROWSER_SESSION_MS;
    expect(sessions.get(id)).toBeNull();
    expect(storedRows()).toEqual([]);
  });
});

describe('sliding expiry of browser sessions', () => {
  it('extends a browser session each time it is used', () => {
    const { id } = sessions.create('alice', false);
    for (let use = 1; use <= 6; use++) {
      clock = T0 + use * 20 * HOUR; // used every 20 hours: well past the first day
      expect(sessions.get(id), `use ${use}`).not.toBeNull();
    }
    clock += BROWSER_SESSION_MS - 1;
    expect(sessions.get(id)).not.toBeNull();
  });

  it('ends a day after the last use', () => {
    const { id } = sessions.create('alice', false);
    clock = T0 + 2 * HOUR;
    expect(sessions.get(id)).not.toBeNull();
    clock = T0 + 2 * HOUR + BROWSER_SESSION_MS;
    expect(sessions.get(id)).toBeNull();
  });

  it('writes the extension at most once an hour', () => {
    const { id } = sessions.create('alice', false);
    const expiresAt = () => db.prepare('SELECT expires FROM sessions').pluck().get() as number;
    clock = T0 + 30 * 60_000;
    sessions.get(id);
    expect(expiresAt()).toBe(T0 + BROWSER_SESSION_MS);
    clock = T0 + 2 * HOUR;
    sessions.get(id);
    expect(expiresAt()).toBe(T0 + 2 * HOUR + BROWSER_SESSION_MS);
  });

  it('never extends a remembered session: 30 days from log-in, used or not', () => {
    const { id } = sessions.create('alice', true);
    for (let day = 1; day < 30; day++) {
      clock = T0 + day * DAY;
      expect(sessions.get(id), `day ${day}`).not.toBeNull();
    }
    clock = T0 + REMEMBER_MS;
    expect(sessions.get(id)).toBeNull();
  });
});

describe('ending sessions', () => {
  it('end drops that session only', () => {
    const first = sessions.create('alice', false);
    const second = sessions.create('alice', true);
    sessions.end(first.id);
    expect(sessions.get(first.id)).toBeNull();
    expect(sessions.get(second.id)).not.toBeNull();
  });

  it('end of an unknown id changes nothing', () => {
    const session = sessions.create('alice', false);
    sessions.end('unknown');
    expect(sessions.get(session.id)).not.toBeNull();
  });

  it.each([
    { keep: null, aliceLeft: 0 },
    { keep: 'second', aliceLeft: 1 },
  ] as const)('endAllFor alice keeping $keep leaves $aliceLeft of hers and all of bob’s', ({ keep, aliceLeft }) => {
    const alice = { first: sessions.create('alice', false), second: sessions.create('alice', true) };
    const bob = sessions.create('bob', false);
    sessions.endAllFor('alice', keep === null ? null : alice[keep].id);
    expect(sessions.get(alice.first.id)).toBeNull();
    expect(sessions.get(alice.second.id) !== null).toBe(keep === 'second');
    expect(storedRows().filter((row) => row.login === 'alice')).toHaveLength(aliceLeft);
    expect(sessions.get(bob.id)).not.toBeNull();
  });

  it('drops the sessions of a deleted user', () => {
    const session = sessions.create('alice', true);
    db.prepare('DELETE FROM users WHERE login = ?').run('alice');
    expect(sessions.get(session.id)).toBeNull();
  });
});

describe('purgeExpired', () => {
  it.each([
    { after: 0, purged: 0 },
    { after: BROWSER_SESSION_MS - 1, purged: 0 },
    { after: BROWSER_SESSION_MS, purged: 2 },
    { after: REMEMBER_MS - 1, purged: 2 },
    { after: REMEMBER_MS, purged: 3 },
  ])('after $after ms removes $purged of 3 sessions', ({ after, purged }) => {
    sessions.create('alice', false);
    sessions.create('bob', false);
    sessions.create('bob', true);
    clock = T0 + after;
    expect(sessions.purgeExpired()).toBe(purged);
    expect(storedRows()).toHaveLength(3 - purged);
    expect(sessions.purgeExpired()).toBe(0);
  });
});

describe('storage', () => {
  it('stores only a hash of the id', () => {
    const { id } = sessions.create('alice', true);
    const rows = db.prepare('SELECT * FROM sessions').all();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(id);
    expect(storedRows()[0]?.id_hash).toBe(hashSecret(id));
  });

  it('does not accept the stored hash as an id', () => {
    const { id } = sessions.create('alice', true);
    expect(sessions.get(hashSecret(id))).toBeNull();
  });
});
