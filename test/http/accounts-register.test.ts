// Self-registration (SPEC §3): off on a new wiki, turned on in the site settings; a new account
// is logged in at once and belongs to no group but the implicit `user`.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUserStore } from '../../src/accounts/users.js';
import { createTestWiki, type TestWiki } from '../helpers/wiki.js';
import { anonymousClient, clientAs, formError, rawPost, sessionCookieOf, shownTo, userOf } from './accounts-support.js';
import { expectErrorPage, expectLayoutPage } from './support.js';

let wiki: TestWiki;
beforeEach(async () => {
  wiki = await createTestWiki({}, { policy: 'public' });
});
afterEach(async () => wiki.close());

async function enableRegistration(): Promise<void> {
  const admin = await clientAs(wiki, 'admin');
  await admin.get('/_/admin/config');
  const response = await admin.post('/_/admin/config', { title: 'Quire', lang: 'en', start: 'start', breadcrumbs: '10', registration: 'on' });
  expect(response.statusCode).toBe(303);
}

const goodForm = { login: 'carol', name: 'Carol C.', email: 'carol@example.org', password: 'carol-password', password_confirm: 'carol-password' };

describe('registration off (the default)', () => {
  it('answers 404 at /_/register and shows no Register link', async () => {
    expectErrorPage(await wiki.app.inject({ method: 'GET', url: '/_/register' }), 404);
    for (const url of ['/', '/_/login']) {
      const page = await wiki.app.inject({ method: 'GET', url });
      expect(page.body).not.toContain('href="/_/register"');
    }
  });

  it('refuses a POST with 404 and creates nobody', async () => {
    const visitor = await anonymousClient(wiki);
    expectErrorPage(await visitor.post('/_/register', goodForm), 404);
    expect(userOf(wiki, 'carol')).toBeUndefined();
  });
});

describe('registration on', () => {
  beforeEach(enableRegistration);

  it('shows the Register link and the form', async () => {
    for (const url of ['/', '/_/login']) {
      expect((await wiki.app.inject({ method: 'GET', url })).body).toContain('href="/_/register"');
    }
    const form = await wiki.app.inject({ method: 'GET', url: '/_/register' });
    expectLayoutPage(form, 200);
    for (const field of ['login', 'name', 'email', 'password', 'password_confirm', '_csrf']) expect(form.body).toContain(`name="${field}"`);
  });

  it('creates the account and logs it in (303)', async () => {
    const visitor = await anonymousClient(wiki);
    await visitor.get('/_/register');
    const response = await visitor.post('/_/register', { ...goodForm, login: 'Carol' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/');
    expect(sessionCookieOf(response)?.httpOnly).toBe(true);
    expect(shownTo((await visitor.get('/')).body)).toBe('Carol C.');
    const carol = userOf(wiki, 'carol');
    expect(carol).toMatchObject({ login: 'carol', name: 'Carol C.', email: 'carol@example.org', groups: [], disabled: false });
    expect(await createUserStore(wiki.db).verify('carol', 'carol-password')).not.toBeNull();
    // A registered user edits under the public policy but is no admin.
    expect((await visitor.get('/_/admin')).statusCode).toBe(403);
  });

  it.each([
    ['a login that exists', { login: 'admin' }, 409, 'This login name is already taken.'],
    ['a login that exists in other case', { login: 'ADMIN' }, 409, 'This login name is already taken.'],
    ['an invalid login', { login: 'carol c' }, 400, 'A login name has 1 to 64 characters'],
    ['an empty login', { login: '' }, 400, 'A login name has 1 to 64 characters'],
    ['an invalid e-mail', { email: 'not-an-email' }, 400, 'This e-mail address is not valid.'],
    ['a short password', { password: 'short', password_confirm: 'short' }, 400, 'A password has at least 8 characters.'],
    ['different passwords', { password_confirm: 'other-password' }, 400, 'The two passwords differ.'],
  ])('refuses %s with the form and a message, and logs no one in', async (_label, change, status, message) => {
    const visitor = await anonymousClient(wiki);
    await visitor.get('/_/register');
    const users = createUserStore(wiki.db).count();
    const response = await visitor.post('/_/register', { ...goodForm, ...change });
    expectLayoutPage(response, status);
    expect(formError(response.body)).toContain(message);
    expect(response.body).toContain('action="/_/register"');
    expect(sessionCookieOf(response)).toBeUndefined();
    expect(createUserStore(wiki.db).count()).toBe(users);
    expect(userOf(wiki, 'carol')).toBeUndefined();
  });

  it('keeps what was typed (but not the password) when the form comes back', async () => {
    const visitor = await anonymousClient(wiki);
    await visitor.get('/_/register');
    const response = await visitor.post('/_/register', { ...goodForm, password_confirm: 'other-password' });
    expect(response.body).toContain('value="carol"');
    expect(response.body).toContain('value="carol@example.org"');
    expect(response.body).not.toContain('carol-password');
  });

  it('refuses a POST without _csrf (403)', async () => {
    const response = await rawPost(wiki.app, '/_/register', goodForm);
    expect(response.statusCode).toBe(403);
    expect(userOf(wiki, 'carol')).toBeUndefined();
  });
});
