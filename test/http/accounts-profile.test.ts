// The profile (SPEC §3): name, e-mail and language; a password change that needs the current
// password; API tokens shown once, listed by name and revoked only by their owner.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTokenStore } from '../../src/accounts/tokens.js';
import { createTestWiki, type TestWiki } from '../helpers/wiki.js';
import { addUser, anonymousClient, clientAs, formError, passwordHash, rawPost, USER_PASSWORD, userOf } from './accounts-support.js';
import { expectErrorPage, expectLayoutPage } from './support.js';

let wiki: TestWiki;
beforeEach(async () => {
  wiki = await createTestWiki({}, { policy: 'public' });
  await addUser(wiki, { login: 'bob', name: 'Bob', email: 'bob@example.org' });
});
afterEach(async () => wiki.close());

const profileForm = { name: 'Bob', email: 'bob@example.org', lang: '' };

function tokenIds(html: string): string[] {
  return [...html.matchAll(/action="\/_\/profile\?do=token_revoke">\s*<input type="hidden" name="_csrf" value="[^"]+">\s*<input type="hidden" name="id" value="(\d+)">/g)].map(
    (match) => match[1] ?? '',
  );
}

describe('anonymous visitors', () => {
  it('get 401 for the profile, with a link to log in', async () => {
    const response = await wiki.app.inject({ method: 'GET', url: '/_/profile' });
    expectErrorPage(response, 401);
    expect(response.body).toContain('href="/_/login?return_to=%2F_%2Fprofile"');
  });

  it('get 401 for a profile POST, even with a valid token', async () => {
    const visitor = await anonymousClient(wiki);
    expectErrorPage(await visitor.post('/_/profile', { ...profileForm, name: 'Mallory' }), 401);
    expect(userOf(wiki, 'bob')?.name).toBe('Bob');
  });
});

describe('name, e-mail and language', () => {
  it('shows the current values in the form', async () => {
    const bob = await clientAs(wiki, 'bob');
    const response = await bob.get('/_/profile');
    expectLayoutPage(response, 200);
    expect(response.body).toContain('name="name" type="text" autocomplete="name" maxlength="200" value="Bob"');
    expect(response.body).toContain('value="bob@example.org"');
  });

  it('saves them (303) and shows the page in the chosen language', async () => {
    const bob = await clientAs(wiki, 'bob');
    const response = await bob.post('/_/profile', { name: 'Robert B.', email: 'robert@example.org', lang: 'fr' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/_/profile?saved=profile');
    expect(userOf(wiki, 'bob')).toMatchObject({ name: 'Robert B.', email: 'robert@example.org', lang: 'fr' });
    const page = await bob.get('/');
    expect(page.body).toContain('<html lang="fr">');
    expect(page.body).toContain('Connecté en tant que Robert B.');
    // Other visitors still get the site language.
    expect((await wiki.app.inject({ method: 'GET', url: '/' })).body).toContain('<html lang="en">');
    // Back to the site language.
    await bob.post('/_/profile', { name: 'Robert B.', email: '', lang: '' });
    expect((await bob.get('/')).body).toContain('<html lang="en">');
    expect(userOf(wiki, 'bob')?.lang).toBeNull();
  });

  it.each([
    ['an invalid e-mail', { email: 'not an email' }, 'This e-mail address is not valid.'],
  ])('refuses %s with 400 and changes nothing', async (_label, change, message) => {
    const bob = await clientAs(wiki, 'bob');
    const response = await bob.post('/_/profile', { ...profileForm, name: 'Changed', ...change });
    expectLayoutPage(response, 400);
    expect(formError(response.body)).toBe(message);
    expect(userOf(wiki, 'bob')).toMatchObject({ name: 'Bob', email: 'bob@example.org', lang: null });
  });

  it.each([
    ['an unknown language', { lang: 'de' }],
    ['a name too long', { name: 'x'.repeat(201) }],
  ])('refuses %s with 400 and changes nothing', async (_label, change) => {
    const bob = await clientAs(wiki, 'bob');
    const response = await bob.post('/_/profile', { ...profileForm, ...change });
    expectLayoutPage(response, 400);
    expect(formError(response.body)).not.toBeNull();
    expect(userOf(wiki, 'bob')).toMatchObject({ name: 'Bob', lang: null });
  });
});

describe('password change', () => {
  const change = { ...profileForm, password_current: USER_PASSWORD, password_new: 'new-password-2', password_confirm: 'new-password-2' };

  it('changes the password with the right current password (303)', async () => {
    const bob = await clientAs(wiki, 'bob');
    const before = passwordHash(wiki, 'bob');
    const response = await bob.post('/_/profile', change);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/_/profile?saved=password');
    expect(passwordHash(wiki, 'bob')).not.toBe(before);
    const fresh = await anonymousClient(wiki);
    expect((await fresh.post('/_/login', { u: 'bob', p: 'new-password-2' })).statusCode).toBe(303);
  });

  it.each([
    ['a wrong current password', { password_current: 'wrong-password' }, 'The current password is wrong.'],
    ['no current password', { password_current: '' }, 'The current password is wrong.'],
    ['different new passwords', { password_confirm: 'other-password-3' }, 'The two passwords differ.'],
    ['a short new password', { password_new: 'short', password_confirm: 'short' }, 'A password has at least 8 characters.'],
    ['a current password but no new one', { password_new: '', password_confirm: '' }, 'A password has at least 8 characters.'],
  ])('refuses %s with 400 and changes nothing', async (_label, fields, message) => {
    const bob = await clientAs(wiki, 'bob');
    const before = passwordHash(wiki, 'bob');
    const response = await bob.post('/_/profile', { ...change, name: 'Changed', ...fields });
    expectLayoutPage(response, 400);
    expect(formError(response.body)).toBe(message);
    expect(passwordHash(wiki, 'bob')).toBe(before);
    expect(userOf(wiki, 'bob')?.name).toBe('Bob');
  });
});

describe('API tokens', () => {
  it('shows a new token once, lists it by name, and revokes it', async () => {
    const bob = await clientAs(wiki, 'bob');
    const created = await bob.post('/_/profile?do=token_create', { name: 'deploy script' });
    expectLayoutPage(created, 200);
    const secret = /<code class="new-token">([^<]+)<\/code>/.exec(created.body)?.[1] ?? '';
    expect(secret).toMatch(/^qt_[A-Za-z0-9_-]{30,}$/);
    const tokens = createTokenStore(wiki.db);
    expect(tokens.resolve(secret)).toBe('bob');

    const listed = await bob.get('/_/profile');
    expect(listed.body).toContain('<strong>deploy script</strong>');
    expect(listed.body).not.toContain(secret);
    const [id] = tokenIds(listed.body);
    expect(id).toBeDefined();

    const revoked = await bob.post('/_/profile?do=token_revoke', { id: id ?? '' });
    expect(revoked.statusCode).toBe(303);
    expect(revoked.headers.location).toBe('/_/profile?saved=token');
    const after = await bob.get('/_/profile?saved=token');
    expect(after.body).not.toContain('deploy script');
    expect(after.body).toContain('You have no tokens.');
    expect(tokens.resolve(secret)).toBeNull();
  });

  it('refuses a token without a name (400) and makes none', async () => {
    const bob = await clientAs(wiki, 'bob');
    const response = await bob.post('/_/profile?do=token_create', { name: '   ' });
    expectLayoutPage(response, 400);
    expect(response.body).not.toContain('class="new-token"');
    expect(createTokenStore(wiki.db).list('bob')).toEqual([]);
  });

  it('cannot revoke the token of another user', async () => {
    const secret = createTokenStore(wiki.db).create('admin', 'admin script');
    const [adminToken] = createTokenStore(wiki.db).list('admin');
    const bob = await clientAs(wiki, 'bob');
    const response = await bob.post('/_/profile?do=token_revoke', { id: String(adminToken?.id) });
    expect(response.statusCode).toBe(404);
    expect(createTokenStore(wiki.db).resolve(secret)).toBe('admin');
    expect(createTokenStore(wiki.db).list('admin').map((token) => token.name)).toEqual(['admin script']);
  });

  it('lists only the user’s own tokens', async () => {
    createTokenStore(wiki.db).create('admin', 'admin script');
    const bob = await clientAs(wiki, 'bob');
    const page = await bob.get('/_/profile');
    expect(page.body).not.toContain('admin script');
    expect(tokenIds(page.body)).toEqual([]);
  });

  it('answers 400 to an unknown profile action', async () => {
    const bob = await clientAs(wiki, 'bob');
    expectErrorPage(await bob.post('/_/profile?do=explode', {}), 400);
  });

  it('refuses token actions without _csrf (403)', async () => {
    const bob = await clientAs(wiki, 'bob');
    const cookies = Object.fromEntries(bob.cookies);
    expect((await rawPost(wiki.app, '/_/profile?do=token_create', { name: 'sneaky' }, { cookies })).statusCode).toBe(403);
    expect(createTokenStore(wiki.db).list('bob')).toEqual([]);
  });
});
