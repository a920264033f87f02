// Accounts under attack and under bad luck (issue 13): log-in attempts counted before hashing, so
// simultaneous guesses are refused instead of all verified; no hard lock of an account; two
// registrations of one login at once; the profile's autofilled current password; API tokens
// revoked with a password; a deleted user's ACL rules; CSV export formulas; confirmation screens.
import argon2 from 'argon2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAclStore } from '../../src/access/acl-store.js';
import { createTokenStore } from '../../src/accounts/tokens.js';
import { ADMIN_PASSWORD, Client, createTestWiki, type TestWiki } from '../helpers/wiki.js';
import { addUser, anonymousClient, clientAs, passwordHash, rawPost, sessionCookieOf, USER_PASSWORD, userOf } from './accounts-support.js';
import { expectLayoutPage } from './support.js';

const SLOW = 60_000;
let wiki: TestWiki;

beforeEach(async () => {
  wiki = await createTestWiki();
});
afterEach(async () => {
  await wiki.close();
});

function attempt(visitor: Client, u: string, p: string, address: string) {
  return rawPost(wiki.app, '/_/login', { _csrf: visitor.csrf, u, p }, { cookies: Object.fromEntries(visitor.cookies), remoteAddress: address });
}

describe('simultaneous log-in attempts', () => {
  it('verifies at most ten of forty from one address; the right password among them is refused too', async () => {
    const visitor = await anonymousClient(wiki);
    const passwords = Array.from({ length: 40 }, (_, i) => (i === 37 ? ADMIN_PASSWORD : `wrong-${i}`));
    const answers = await Promise.all(passwords.map((p) => attempt(visitor, 'admin', p, '198.51.100.1')));
    const statuses = answers.map((answer) => answer.statusCode);
    expect(statuses.filter((status) => status === 401 || status === 303).length).toBeLessThanOrEqual(10);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(30);
    expect(statuses[37]).toBe(429);
    expect(answers[37]!.headers['retry-after']).toMatch(/^\d+$/);
    expect(sessionCookieOf(answers[37]!)).toBeUndefined();
  }, SLOW);

  it('slows guesses at one login from many addresses with a back-off, not a lock', async () => {
    const visitor = await anonymousClient(wiki);
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => attempt(visitor, 'admin', `wrong-${i}`, `203.0.113.${i + 1}`)));
    const verified = answers.filter((answer) => answer.statusCode === 401).length;
    expect(verified).toBeLessThanOrEqual(10);
    const refused = answers.find((answer) => answer.statusCode === 429);
    // A back-off of seconds, not the five minutes of a lock.
    expect(Number(refused?.headers['retry-after'])).toBeLessThanOrEqual(60);
  }, SLOW);
});

describe('registration', () => {
  beforeEach(async () => {
    const admin = await clientAs(wiki, 'admin');
    await admin.post('/_/admin/config', { title: 'Quire', lang: 'en', start: 'start', breadcrumbs: '10', registration: 'on' });
  });

  it('answers two simultaneous registrations of one login with one account and one 409, never a 500', async () => {
    const [first, second] = [await anonymousClient(wiki), await anonymousClient(wiki)];
    const form = { login: 'twin', password: 'twin-password', password_confirm: 'twin-password' };
    const answers = await Promise.all([first.post('/_/register', form), second.post('/_/register', form)]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([303, 409]);
    expect(answers.find((answer) => answer.statusCode === 409)?.body).toContain('This login name is already taken.');
    expect(userOf(wiki, 'twin')).toBeDefined();
  }, SLOW);

  it('gives a new account of a deleted login none of the old one’s ACL rules', async () => {
    await addUser(wiki, { login: 'gone' });
    const acl = createAclStore(wiki.db);
    acl.set({ scope: 'secret:*', subject: 'gone', level: 16 });
    acl.set({ scope: 'secret:*', subject: '@admin', level: 16 });
    const admin = await clientAs(wiki, 'admin');
    const confirm = await admin.get('/_/admin/users/gone?do=delete');
    expectLayoutPage(confirm, 200);
    expect(confirm.body).toContain('<li>secret:* gone 16</li>');
    const deleted = await admin.post('/_/admin/users/gone?do=delete');
    expect(deleted.headers.location).toBe('/_/admin/users?deleted=gone&rules=1');
    expect((await admin.get(deleted.headers.location as string)).body).toContain('with the 1 ACL rules that named them');
    expect(createAclStore(wiki.db).rules().map((rule) => rule.subject)).not.toContain('gone');
    expect(createAclStore(wiki.db).rules().map((rule) => rule.subject)).toContain('@admin');
    const visitor = await anonymousClient(wiki);
    await visitor.get('/_/register');
    expect((await visitor.post('/_/register', { login: 'gone', password: 'new-owner-1', password_confirm: 'new-owner-1' })).statusCode).toBe(303);
    expect(createAclStore(wiki.db).ofLogin('gone')).toEqual([]);
  }, SLOW);
});

describe('passwords', () => {
  it('hashes an old 64 MiB hash again, with today’s parameters, at the next log-in', async () => {
    await addUser(wiki, { login: 'old' });
    wiki.db.prepare('UPDATE users SET password_hash = ? WHERE login = ?').run(await argon2.hash(USER_PASSWORD, { type: argon2.argon2id }), 'old');
    expect(passwordHash(wiki, 'old')).toContain('m=65536');
    const visitor = await anonymousClient(wiki);
    expect((await visitor.post('/_/login', { u: 'old', p: USER_PASSWORD })).statusCode).toBe(303);
    expect(passwordHash(wiki, 'old')).toContain('m=19456');
  }, SLOW);

  it('changes the language when the browser filled in the current password alone', async () => {
    await addUser(wiki, { login: 'bob' });
    const bob = await clientAs(wiki, 'bob');
    const before = passwordHash(wiki, 'bob');
    const response = await bob.post('/_/profile', { name: 'Bob', email: '', lang: 'fr', password_current: USER_PASSWORD, password_new: '', password_confirm: '' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/_/profile?saved=profile');
    expect(userOf(wiki, 'bob')?.lang).toBe('fr');
    expect(passwordHash(wiki, 'bob')).toBe(before);
  });

  it('revokes the API tokens with a password change when asked, and keeps them otherwise', async () => {
    await addUser(wiki, { login: 'bob' });
    const tokens = createTokenStore(wiki.db);
    const kept = tokens.create('bob', 'kept');
    const bob = await clientAs(wiki, 'bob');
    expect((await bob.get('/_/profile')).body).toContain('name="revoke_tokens" type="checkbox" value="on" checked');
    const change = { name: 'Bob', email: '', lang: '', password_current: USER_PASSWORD, password_new: 'second-password', password_confirm: 'second-password' };
    expect((await bob.post('/_/profile', change)).statusCode).toBe(303);
    expect(tokens.resolve(kept)).toBe('bob');
    const again = { ...change, password_current: 'second-password', password_new: 'third-password', password_confirm: 'third-password', revoke_tokens: 'on' };
    expect((await bob.post('/_/profile', again)).statusCode).toBe(303);
    expect(tokens.resolve(kept)).toBeNull();
  }, SLOW);

  it('revokes the API tokens when an admin sets a new password', async () => {
    await addUser(wiki, { login: 'bob', groups: ['devel'] });
    const secret = createTokenStore(wiki.db).create('bob', 'script');
    const admin = await clientAs(wiki, 'admin');
    await admin.get('/_/admin/users/bob');
    const response = await admin.post('/_/admin/users/bob', { name: 'Bob', email: '', groups: 'devel', password: 'reset-password' });
    expect(response.statusCode).toBe(303);
    expect(createTokenStore(wiki.db).resolve(secret)).toBeNull();
  }, SLOW);

  it('throttles guesses at the profile’s current password like log-ins', async () => {
    await addUser(wiki, { login: 'bob' });
    const bob = await clientAs(wiki, 'bob');
    const guess = (i: number) => bob.post('/_/profile', { name: 'Bob', email: '', lang: '', password_current: `guess-${i}`, password_new: 'new-password-9', password_confirm: 'new-password-9' });
    const answers = [];
    for (let i = 0; i < 11; i++) answers.push((await guess(i)).statusCode);
    expect(answers.slice(0, 10)).toEqual(Array(10).fill(400));
    expect(answers[10]).toBe(429);
  }, SLOW);
});

describe('confirmation screens without JavaScript', () => {
  it('asks before revoking a token', async () => {
    await addUser(wiki, { login: 'bob' });
    createTokenStore(wiki.db).create('bob', 'deploy');
    const bob = await clientAs(wiki, 'bob');
    const id = /href="\/_\/profile\?do=token_revoke&amp;id=(\d+)"/.exec((await bob.get('/_/profile')).body)?.[1];
    const confirm = await bob.get(`/_/profile?do=token_revoke&id=${id}`);
    expectLayoutPage(confirm, 200);
    expect(confirm.body).toContain('Scripts using the token “deploy” will stop working.');
    expect(confirm.body).toMatch(/<form method="post" action="\/_\/profile\?do=token_revoke">[\s\S]*name="id" value="\d+"/);
    expect(createTokenStore(wiki.db).list('bob')).toHaveLength(1);
  });
});

describe('CSV export', () => {
  it('writes cells that would start a formula as text', async () => {
    await addUser(wiki, { login: 'eve', name: '=HYPERLINK("http://evil.example","x")', email: '' });
    const admin = await clientAs(wiki, 'admin');
    const csv = (await admin.get('/_/admin/users.csv')).body;
    expect(csv).toContain(`eve,"'=HYPERLINK(""http://evil.example"",""x"")"`);
    await admin.get('/_/admin/users');
    await wiki.db.prepare('DELETE FROM users WHERE login = ?').run('eve');
    const imported = await admin.post('/_/admin/users/import', { csv: `login,name,email,groups,password\neve,"'=1+1",,,eve-password\n` });
    expect(imported.statusCode).toBe(200);
    expect(userOf(wiki, 'eve')?.name).toBe('=1+1');
  }, SLOW);
});
