// Logging in and out (SPEC §3, §5): where the log-in leads, the session cookie, failures and their
// rate limit per IP and per login, and a log-out that really ends the session.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, Client, createTestWiki, csrfOf, type TestWiki } from '../helpers/wiki.js';
import {
  addUser,
  anonymousClient,
  formError,
  rawPost,
  SESSION_COOKIE,
  sessionCookieOf,
  shownTo,
  USER_PASSWORD,
  whoIsLoggedIn,
} from './accounts-support.js';
import { expectLayoutPage } from './support.js';

const DAY = 24 * 3600 * 1000;
// Ten failures need ten argon2 verifications: give these tests room on a busy machine.
const SLOW = 60_000;

let wiki: TestWiki;
beforeEach(async () => {
  wiki = await createTestWiki({}, { policy: 'public' });
});
afterEach(async () => wiki.close());

describe('POST /_/login', () => {
  it('shows the form with u, p, remember, return_to and _csrf', async () => {
    const response = await new Client(wiki.app).get('/_/login?return_to=%2Fwiki%2Fsyntax');
    expectLayoutPage(response, 200);
    for (const field of ['u', 'p', 'remember', '_csrf']) expect(response.body).toContain(`name="${field}"`);
    expect(response.body).toContain('<input type="hidden" name="return_to" value="/wiki/syntax">');
  });

  it('logs in and answers 303 to return_to', async () => {
    const client = await anonymousClient(wiki);
    const response = await client.post('/_/login', { u: 'admin', p: ADMIN_PASSWORD, return_to: '/wiki/syntax?rev=1' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/wiki/syntax?rev=1');
    expect(shownTo((await client.get('/')).body)).toBe('Administrator');
  });

  it.each(['https://evil.example/', '//evil.example', '/\\evil', 'evil', 'javascript:alert(1)', ''])(
    'sends return_to %j back to / (only local paths)',
    async (returnTo) => {
      const client = await anonymousClient(wiki);
      const response = await client.post('/_/login', { u: 'admin', p: ADMIN_PASSWORD, return_to: returnTo });
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe('/');
    },
  );

  it('sets an HttpOnly, SameSite=Lax session cookie that ends with the browser without "remember"', async () => {
    const response = await new Client(wiki.app).login('admin', ADMIN_PASSWORD);
    const cookie = sessionCookieOf(response);
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    expect(cookie?.path).toBe('/');
    expect(cookie?.expires).toBeUndefined();
    expect(cookie?.maxAge).toBeUndefined();
    expect(cookie?.secure).toBeUndefined();
  });

  it('keeps the session 30 days with "remember"', async () => {
    const before = Date.now();
    const response = await new Client(wiki.app).login('admin', ADMIN_PASSWORD, true);
    const expires = sessionCookieOf(response)?.expires?.getTime() ?? 0;
    expect(expires).toBeGreaterThan(before + 29 * DAY);
    expect(expires).toBeLessThan(Date.now() + 31 * DAY);
    expect(sessionCookieOf(response)?.httpOnly).toBe(true);
  });

  it('gives a new session id at each log-in and ends the old session', async () => {
    const client = new Client(wiki.app);
    const first = sessionCookieOf(await client.login('admin', ADMIN_PASSWORD))?.value ?? '';
    await client.get('/');
    const again = await client.post('/_/login', { u: 'admin', p: ADMIN_PASSWORD });
    expect(again.statusCode).toBe(303);
    const second = sessionCookieOf(again)?.value ?? '';
    expect(second).not.toBe('');
    expect(second).not.toBe(first);
    expect(await whoIsLoggedIn(wiki.app, { [SESSION_COOKIE]: second })).toBe('Administrator');
    expect(await whoIsLoggedIn(wiki.app, { [SESSION_COOKIE]: first })).toBeNull();
  });

  it('marks the cookie Secure when the wiki is served over https', async () => {
    await wiki.close();
    wiki = await createTestWiki({ QUIRE_TRUST_PROXY: 'true' }, { policy: 'public' });
    const form = await wiki.app.inject({ method: 'GET', url: '/_/login', headers: { 'x-forwarded-proto': 'https' } });
    const visitor = form.cookies.find((cookie) => cookie.name === 'quire_visitor');
    expect(visitor?.secure).toBe(true);
    const response = await wiki.app.inject({
      method: 'POST',
      url: '/_/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-proto': 'https' },
      cookies: { quire_visitor: visitor?.value ?? '' },
      payload: new URLSearchParams({ _csrf: csrfOf(form.body), u: 'admin', p: ADMIN_PASSWORD }).toString(),
    });
    expect(response.statusCode).toBe(303);
    expect(sessionCookieOf(response)?.secure).toBe(true);
  });

  it.each([
    ['a wrong password', 'admin', 'not-the-password'],
    ['an unknown login', 'nobody', ADMIN_PASSWORD],
    ['an invalid login', 'not a login!', ADMIN_PASSWORD],
    ['an empty password', 'admin', ''],
  ])('answers 401 with the form and a message for %s', async (_label, u, p) => {
    const client = await anonymousClient(wiki);
    const response = await client.post('/_/login', { u, p, return_to: '/wiki/syntax' });
    expectLayoutPage(response, 401);
    expect(formError(response.body)).toBe('Wrong login name or password.');
    expect(response.body).toContain('action="/_/login"');
    expect(response.body).toContain('<input type="hidden" name="return_to" value="/wiki/syntax">');
    expect(sessionCookieOf(response)).toBeUndefined();
    expect(shownTo(response.body)).toBeNull();
  });

  it('reads the login case-insensitively', async () => {
    const client = await anonymousClient(wiki);
    const response = await client.post('/_/login', { u: '  ADMIN ', p: ADMIN_PASSWORD });
    expect(response.statusCode).toBe(303);
    expect(shownTo((await client.get('/')).body)).toBe('Administrator');
  });

  it('does not let a disabled user log in', async () => {
    await addUser(wiki, { login: 'gone', name: 'Gone', disabled: true });
    const client = await anonymousClient(wiki);
    const response = await client.post('/_/login', { u: 'gone', p: USER_PASSWORD });
    expectLayoutPage(response, 401);
    expect(sessionCookieOf(response)).toBeUndefined();
  });
});

describe('log-in rate limit: 429 after 10 failures in 5 minutes', () => {
  /** Posts the log-in form from `ip` with a visitor's CSRF token. */
  async function attempt(u: string, p: string, ip: string, visitor: Client) {
    return rawPost(
      wiki.app,
      '/_/login',
      { _csrf: visitor.csrf, u, p },
      { cookies: Object.fromEntries(visitor.cookies), remoteAddress: ip },
    );
  }

  it('blocks a login after 10 failures from different IPs, even with the right password', async () => {
    const visitor = await anonymousClient(wiki);
    for (let i = 1; i <= 10; i++) expect((await attempt('admin', 'wrong-password', `10.0.0.${i}`, visitor)).statusCode).toBe(401);
    const blocked = await attempt('admin', ADMIN_PASSWORD, '10.0.0.99', visitor);
    expectLayoutPage(blocked, 429);
    expect(formError(blocked.body)).toBe('Too many attempts. Wait a few minutes and try again.');
    expect(sessionCookieOf(blocked)).toBeUndefined();
    // Another login from one of those IPs is not blocked.
    await addUser(wiki, { login: 'bob' });
    expect((await attempt('bob', USER_PASSWORD, '10.0.0.1', visitor)).statusCode).toBe(303);
  }, SLOW);

  it('blocks an IP after 10 failures with different logins, even with the right password', async () => {
    const visitor = await anonymousClient(wiki);
    for (let i = 1; i <= 10; i++) expect((await attempt(`user${i}`, 'wrong-password', '192.0.2.7', visitor)).statusCode).toBe(401);
    const blocked = await attempt('admin', ADMIN_PASSWORD, '192.0.2.7', visitor);
    expectLayoutPage(blocked, 429);
    expect(sessionCookieOf(blocked)).toBeUndefined();
    // The same login from another IP is not blocked.
    expect((await attempt('admin', ADMIN_PASSWORD, '192.0.2.8', visitor)).statusCode).toBe(303);
  }, SLOW);

  it('does not count fewer than 10 failures as a block', async () => {
    const visitor = await anonymousClient(wiki);
    for (let i = 1; i <= 9; i++) expect((await attempt('admin', 'wrong-password', '198.51.100.1', visitor)).statusCode).toBe(401);
    expect((await attempt('admin', ADMIN_PASSWORD, '198.51.100.1', visitor)).statusCode).toBe(303);
  }, SLOW);
});

describe('POST /_/logout', () => {
  it('ends the session: 303, the cookie is cleared and replaying it logs in no one', async () => {
    const client = new Client(wiki.app);
    const session = sessionCookieOf(await client.login('admin', ADMIN_PASSWORD))?.value ?? '';
    await client.get('/');
    const response = await client.post('/_/logout');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/');
    const cleared = sessionCookieOf(response);
    expect(cleared?.value).toBe('');
    expect(cleared?.expires?.getTime()).toBeLessThan(Date.now());
    expect(client.cookies.has(SESSION_COOKIE)).toBe(false);
    expect(await whoIsLoggedIn(wiki.app, { [SESSION_COOKIE]: session })).toBeNull();
    const profile = await wiki.app.inject({ method: 'GET', url: '/_/profile', cookies: { [SESSION_COOKIE]: session } });
    expect(profile.statusCode).toBe(401);
  });

  it('does nothing without a valid _csrf (403), the session stays', async () => {
    const client = new Client(wiki.app);
    const session = sessionCookieOf(await client.login('admin', ADMIN_PASSWORD))?.value ?? '';
    const response = await rawPost(wiki.app, '/_/logout', {}, { cookies: { [SESSION_COOKIE]: session } });
    expect(response.statusCode).toBe(403);
    expect(await whoIsLoggedIn(wiki.app, { [SESSION_COOKIE]: session })).toBe('Administrator');
  });
});
