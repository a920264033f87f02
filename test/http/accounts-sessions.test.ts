// When sessions end (SPEC §5): the user is disabled or deleted by an admin, their password changes
// (their other sessions end, the current one stays), or the session's time is up.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSessionStore, REMEMBER_MS } from '../../src/accounts/sessions.js';
import { createTestWiki, type TestWiki } from '../helpers/wiki.js';
import { addUser, clientAs, passwordHash, SESSION_COOKIE, USER_PASSWORD, whoIsLoggedIn } from './accounts-support.js';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

let wiki: TestWiki;
beforeEach(async () => {
  wiki = await createTestWiki({}, { policy: 'public' });
  await addUser(wiki, { login: 'bob', name: 'Bob', groups: ['devel'] });
});
afterEach(async () => wiki.close());

const sessionOf = (client: { cookies: Map<string, string> }) => ({ [SESSION_COOKIE]: client.cookies.get(SESSION_COOKIE) ?? '' });

describe('an admin ends the sessions of a user', () => {
  it.each([
    ['disables', '/_/admin/users/bob', { name: 'Bob', email: '', groups: 'devel', password: '', disabled: 'on' }],
    ['deletes', '/_/admin/users/bob?do=delete', {}],
  ])('when the admin %s the user', async (_label, url, form) => {
    const bob = await clientAs(wiki, 'bob');
    const bobToo = await clientAs(wiki, 'bob');
    const admin = await clientAs(wiki, 'admin');
    await admin.get('/_/admin/users/bob');
    expect((await admin.post(url, form)).statusCode).toBe(303);
    for (const session of [sessionOf(bob), sessionOf(bobToo)]) {
      expect(await whoIsLoggedIn(wiki.app, session)).toBeNull();
      expect((await wiki.app.inject({ method: 'GET', url: '/_/profile', cookies: session })).statusCode).toBe(401);
    }
    expect(await whoIsLoggedIn(wiki.app, sessionOf(admin))).toBe('Administrator');
  });

  it('when the admin sets a new password for the user', async () => {
    const bob = await clientAs(wiki, 'bob');
    const admin = await clientAs(wiki, 'admin');
    await admin.get('/_/admin/users/bob');
    const response = await admin.post('/_/admin/users/bob', { name: 'Bob', email: '', groups: 'devel', password: 'new-password-2' });
    expect(response.statusCode).toBe(303);
    expect(await whoIsLoggedIn(wiki.app, sessionOf(bob))).toBeNull();
    expect(await whoIsLoggedIn(wiki.app, sessionOf(admin))).toBe('Administrator');
  });

  it('but not when the admin only changes the name or groups', async () => {
    const bob = await clientAs(wiki, 'bob');
    const admin = await clientAs(wiki, 'admin');
    await admin.get('/_/admin/users/bob');
    const response = await admin.post('/_/admin/users/bob', { name: 'Robert', email: '', groups: 'devel, docs', password: '' });
    expect(response.statusCode).toBe(303);
    expect(await whoIsLoggedIn(wiki.app, sessionOf(bob))).toBe('Robert');
  });
});

describe('a password change in the profile', () => {
  it('ends the other sessions of that user and keeps the current one', async () => {
    const laptop = await clientAs(wiki, 'bob');
    const phone = await clientAs(wiki, 'bob');
    const other = await clientAs(wiki, 'admin');
    const before = passwordHash(wiki, 'bob');
    const response = await laptop.post('/_/profile', {
      name: 'Bob',
      email: '',
      lang: '',
      password_current: USER_PASSWORD,
      password_new: 'new-password-2',
      password_confirm: 'new-password-2',
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/_/profile?saved=password');
    expect(passwordHash(wiki, 'bob')).not.toBe(before);
    expect(await whoIsLoggedIn(wiki.app, sessionOf(laptop))).toBe('Bob');
    expect(await whoIsLoggedIn(wiki.app, sessionOf(phone))).toBeNull();
    expect(await whoIsLoggedIn(wiki.app, sessionOf(other))).toBe('Administrator');
    const page = await laptop.get('/_/profile?saved=password');
    expect(page.body).toContain('Your password was changed and your other sessions were ended.');
  });
});

describe('session lifetime (store with an injected clock)', () => {
  it('keeps a "remember me" session 30 days, then drops it', () => {
    let now = Date.UTC(2025, 0, 1);
    const sessions = createSessionStore(wiki.db, () => now);
    const { id, expires } = sessions.create('bob', true);
    expect(expires).toBe(now + REMEMBER_MS);
    now += 30 * DAY - HOUR;
    expect(sessions.get(id)?.login).toBe('bob');
    now += 2 * HOUR;
    expect(sessions.get(id)).toBeNull();
  });

  it('does not extend a "remember me" session when it is used', () => {
    let now = Date.UTC(2025, 0, 1);
    const sessions = createSessionStore(wiki.db, () => now);
    const { id, expires } = sessions.create('bob', true);
    now += 20 * DAY;
    expect(sessions.get(id)?.expires).toBe(expires);
  });

  it('ends a browser session a day after it was last used, and extends it while it is used', () => {
    let now = Date.UTC(2025, 0, 1);
    const sessions = createSessionStore(wiki.db, () => now);
    const { id } = sessions.create('bob', false);
    now += 20 * HOUR;
    expect(sessions.get(id)?.login).toBe('bob');
    now += 20 * HOUR;
    expect(sessions.get(id)?.login).toBe('bob');
    now += 25 * HOUR;
    expect(sessions.get(id)).toBeNull();
  });

  it('does not let an expired session cookie log anyone in', async () => {
    const sessions = createSessionStore(wiki.db, () => Date.now() - 31 * DAY);
    const old = sessions.create('bob', true);
    const recent = createSessionStore(wiki.db, () => Date.now() - 29 * DAY).create('bob', true);
    expect(await whoIsLoggedIn(wiki.app, { [SESSION_COOKIE]: old.id })).toBeNull();
    expect(await whoIsLoggedIn(wiki.app, { [SESSION_COOKIE]: recent.id })).toBe('Bob');
  });

  it('does not accept a made-up session id', async () => {
    expect(await whoIsLoggedIn(wiki.app, { [SESSION_COOKIE]: 'made-up-session-id' })).toBeNull();
  });
});
