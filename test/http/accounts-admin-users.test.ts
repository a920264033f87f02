// The user manager (SPEC §3 /_/admin/users): list, search and pages of 50, add, edit, disable,
// delete, the last-admin guard, and CSV export and import.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/accounts/csv.js';
import { createTokenStore } from '../../src/accounts/tokens.js';
import { createUserStore } from '../../src/accounts/users.js';
import { Client, createTestWiki, type TestWiki } from '../helpers/wiki.js';
import { addUser, addUsers, clientAs, formError, passwordHash, snapshot, userOf } from './accounts-support.js';
import { expectErrorPage, expectLayoutPage } from './support.js';

let wiki: TestWiki;
let admin: Client;
beforeEach(async () => {
  wiki = await createTestWiki({}, { policy: 'public' });
  await addUser(wiki, { login: 'bob', name: 'Bob', email: 'bob@example.org', groups: ['devel'] });
  admin = await clientAs(wiki, 'admin');
});
afterEach(async () => wiki.close());

/** The logins listed in the user table, in order. */
function listedLogins(html: string): string[] {
  return [...html.matchAll(/<td><a href="\/_\/admin\/users\/[^"]+">([^<]+)<\/a><\/td>/g)].map((match) => match[1] ?? '');
}

describe('the list', () => {
  it('lists every user with name, e-mail, groups and status', async () => {
    await addUser(wiki, { login: 'old', name: 'Old Timer', disabled: true });
    const response = await admin.get('/_/admin/users');
    expectLayoutPage(response, 200);
    expect(listedLogins(response.body)).toEqual(['admin', 'bob', 'old']);
    expect(response.body).toContain('3 users');
    expect(response.body).toMatch(/<tr>\s*<td><a href="\/_\/admin\/users\/bob">bob<\/a><\/td>\s*<td>Bob<\/td>\s*<td>bob@example.org<\/td>\s*<td>devel<\/td>\s*<td>active<\/td>/);
    expect(response.body).toMatch(/<tr class="is-disabled">\s*<td><a href="\/_\/admin\/users\/old">old<\/a><\/td>[\s\S]*?<td>disabled<\/td>/);
  });

  it.each([
    ['a login', 'bo', ['bob']],
    ['a name', 'timer', ['old']],
    ['an e-mail', 'example.org', ['bob']],
    ['nothing matching', 'zzz', []],
    ['a LIKE wildcard taken literally', '%', []],
    ['an underscore taken literally', '_', []],
  ])('searches by %s', async (_label, q, logins) => {
    await addUser(wiki, { login: 'old', name: 'Old Timer' });
    const response = await admin.get(`/_/admin/users?q=${encodeURIComponent(q)}`);
    expectLayoutPage(response, 200);
    expect(listedLogins(response.body)).toEqual(logins);
  });

  it('shows 50 users a page, with links to the next and previous ones', async () => {
    await addUsers(
      wiki,
      Array.from({ length: 60 }, (_, i) => ({ login: `user${String(i + 1).padStart(2, '0')}` })),
    );
    const first = await admin.get('/_/admin/users');
    const firstLogins = listedLogins(first.body);
    expect(firstLogins).toHaveLength(50);
    expect(firstLogins.slice(0, 3)).toEqual(['admin', 'bob', 'user01']);
    expect(first.body).toContain('62 users');
    expect(first.body).toContain('href="/_/admin/users?q=&amp;first=50"');
    expect(first.body).not.toContain('first=0"');

    const second = await admin.get('/_/admin/users?q=&first=50');
    expect(listedLogins(second.body)).toEqual(Array.from({ length: 12 }, (_, i) => `user${i + 49}`));
    expect(second.body).toContain('href="/_/admin/users?q=&amp;first=0"');
    expect(second.body).not.toContain('first=100');

    const searched = await admin.get('/_/admin/users?q=user0');
    expect(listedLogins(searched.body)).toHaveLength(9);
    expect(searched.body).toContain('9 users');
  });
});

describe('adding a user', () => {
  const form = { login: 'Carol', name: 'Carol C.', email: 'carol@example.org', password: 'carol-password', groups: 'devel, @Editors ,devel,user' };

  it('adds the user (303) with their groups, and they can log in', async () => {
    await admin.get('/_/admin/users');
    const response = await admin.post('/_/admin/users', form);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/_/admin/users?added=carol');
    expect(userOf(wiki, 'carol')).toMatchObject({ login: 'carol', name: 'Carol C.', email: 'carol@example.org', groups: ['devel', 'editors'], disabled: false });
    expect(await createUserStore(wiki.db).verify('carol', 'carol-password')).not.toBeNull();
    const list = await admin.get('/_/admin/users?added=carol');
    expect(list.body).toContain('User carol was added.');
    expect(listedLogins(list.body)).toContain('carol');
  });

  it.each([
    ['an invalid login', { login: 'carol c' }, 'A login name has 1 to 64 characters'],
    ['an empty login', { login: '' }, 'A login name has 1 to 64 characters'],
    ['a login too long', { login: 'c'.repeat(65) }, 'A login name has 1 to 64 characters'],
    ['a short password', { password: 'short' }, 'A password has at least 8 characters.'],
    ['no password', { password: '' }, 'A password has at least 8 characters.'],
    ['an invalid e-mail', { email: 'carol at example' }, 'This e-mail address is not valid.'],
  ])('refuses %s with 400 and a message, keeping what was typed', async (_label, change, message) => {
    await admin.get('/_/admin/users');
    const before = snapshot(wiki);
    const response = await admin.post('/_/admin/users', { ...form, ...change });
    expectLayoutPage(response, 400);
    expect(formError(response.body)).toContain(message);
    expect(response.body).toContain('value="Carol C."');
    expect(response.body).not.toContain('carol-password');
    expect(snapshot(wiki)).toEqual(before);
  });

  it.each(['bob', 'BOB', ' admin '])('refuses the existing login %j with 409', async (login) => {
    await admin.get('/_/admin/users');
    const before = snapshot(wiki);
    const response = await admin.post('/_/admin/users', { ...form, login });
    expectLayoutPage(response, 409);
    expect(formError(response.body)).toBe('This login name is already taken.');
    expect(snapshot(wiki)).toEqual(before);
  });
});

describe('editing a user', () => {
  it('shows the user in a form', async () => {
    const response = await admin.get('/_/admin/users/bob');
    expectLayoutPage(response, 200);
    expect(response.body).toContain('<h1>User: bob</h1>');
    expect(response.body).toContain('value="bob@example.org"');
    expect(response.body).toContain('name="groups" type="text" aria-describedby="edit-groups-hint" value="devel"');
    expect(response.body).toContain('action="/_/admin/users/bob?do=delete"');
  });

  it('changes name, e-mail and groups and keeps the password when it is empty', async () => {
    await admin.get('/_/admin/users/bob');
    const hash = passwordHash(wiki, 'bob');
    const response = await admin.post('/_/admin/users/bob', { name: 'Robert', email: 'robert@example.org', groups: 'docs, admin', password: '' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/_/admin/users/bob?saved=1');
    expect(userOf(wiki, 'bob')).toMatchObject({ name: 'Robert', email: 'robert@example.org', groups: ['admin', 'docs'], disabled: false });
    expect(passwordHash(wiki, 'bob')).toBe(hash);
    expect((await admin.get('/_/admin/users/bob?saved=1')).body).toContain('User bob was saved.');
  });

  it('sets a new password when one is given', async () => {
    await admin.get('/_/admin/users/bob');
    const response = await admin.post('/_/admin/users/bob', { name: 'Bob', email: '', groups: 'devel', password: 'new-password-2' });
    expect(response.statusCode).toBe(303);
    expect(await createUserStore(wiki.db).verify('bob', 'new-password-2')).not.toBeNull();
  });

  it('disables and enables the user', async () => {
    await admin.get('/_/admin/users/bob');
    const fields = { name: 'Bob', email: 'bob@example.org', groups: 'devel', password: '' };
    expect((await admin.post('/_/admin/users/bob', { ...fields, disabled: 'on' })).statusCode).toBe(303);
    expect(userOf(wiki, 'bob')?.disabled).toBe(true);
    expect((await admin.get('/_/admin/users/bob')).body).toMatch(/name="disabled" value="on" checked/);
    expect((await admin.post('/_/admin/users/bob', fields)).statusCode).toBe(303);
    expect(userOf(wiki, 'bob')?.disabled).toBe(false);
  });

  it.each([
    ['a short password', { password: 'short' }, 'A password has at least 8 characters.'],
    ['an invalid e-mail', { email: 'bob at example' }, 'This e-mail address is not valid.'],
  ])('refuses %s with 400 and changes nothing', async (_label, change, message) => {
    await admin.get('/_/admin/users/bob');
    const before = snapshot(wiki);
    const response = await admin.post('/_/admin/users/bob', { name: 'Robert', email: '', groups: '', password: '', disabled: 'on', ...change });
    expectLayoutPage(response, 400);
    expect(formError(response.body)).toBe(message);
    expect(snapshot(wiki)).toEqual(before);
  });

  it.each([
    ['GET', '/_/admin/users/nobody'],
    ['POST', '/_/admin/users/nobody'],
    ['POST', '/_/admin/users/nobody?do=delete'],
  ])('answers 404 to %s %s', async (method, url) => {
    const response = method === 'GET' ? await admin.get(url) : await admin.post(url, { name: '', email: '', groups: '', password: '' });
    expectErrorPage(response, 404);
  });
});

describe('deleting a user', () => {
  it('deletes the user, their sessions and their tokens (303)', async () => {
    const token = createTokenStore(wiki.db).create('bob', 'script');
    await clientAs(wiki, 'bob');
    await admin.get('/_/admin/users/bob');
    const response = await admin.post('/_/admin/users/bob?do=delete');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/_/admin/users?deleted=bob');
    expect(userOf(wiki, 'bob')).toBeUndefined();
    expect(createTokenStore(wiki.db).resolve(token)).toBeNull();
    expect(snapshot(wiki).sessions).toHaveLength(1);
    const list = await admin.get('/_/admin/users?deleted=bob');
    expect(list.body).toContain('User bob was deleted.');
    expect(listedLogins(list.body)).toEqual(['admin']);
  });
});

describe('the last admin', () => {
  const selfChanges = [
    ['delete themselves', '/_/admin/users/admin?do=delete', {}],
    ['disable themselves', '/_/admin/users/admin', { name: 'Administrator', email: '', groups: 'admin', password: '', disabled: 'on' }],
    ['leave the admin group', '/_/admin/users/admin', { name: 'Administrator', email: '', groups: 'devel', password: '' }],
  ] as const;

  it.each(selfChanges)('cannot %s when no other admin exists (409, nothing changed)', async (_label, url, form) => {
    await admin.get('/_/admin/users/admin');
    const before = snapshot(wiki);
    const response = await admin.post(url, form);
    expectLayoutPage(response, 409);
    expect(formError(response.body)).toBe('This would leave the wiki without an active administrator.');
    expect(snapshot(wiki)).toEqual(before);
  });

  it.each(selfChanges)('cannot %s when the only other admin is disabled (409)', async (_label, url, form) => {
    await addUser(wiki, { login: 'boss', groups: ['admin'], disabled: true });
    await admin.get('/_/admin/users/admin');
    const before = snapshot(wiki);
    expect((await admin.post(url, form)).statusCode).toBe(409);
    expect(snapshot(wiki)).toEqual(before);
  });

  it.each(selfChanges)('can %s when another admin exists (303)', async (label, url, form) => {
    await addUser(wiki, { login: 'boss', groups: ['admin'] });
    await admin.get('/_/admin/users/admin');
    const response = await admin.post(url, form);
    expect(response.statusCode).toBe(303);
    const user = userOf(wiki, 'admin');
    if (label === 'delete themselves') expect(user).toBeUndefined();
    else if (label === 'disable themselves') expect(user?.disabled).toBe(true);
    else expect(user?.groups).toEqual(['devel']);
  });

  it('can still change other users and their own name', async () => {
    await admin.get('/_/admin/users/admin');
    const response = await admin.post('/_/admin/users/admin', { name: 'Chief', email: 'chief@example.org', groups: 'admin', password: '' });
    expect(response.statusCode).toBe(303);
    expect(userOf(wiki, 'admin')).toMatchObject({ name: 'Chief', groups: ['admin'], disabled: false });
  });
});

describe('CSV', () => {
  it('exports a header and one line per user', async () => {
    await addUser(wiki, { login: 'old', name: 'Old, "Timer"', disabled: true, groups: ['docs', 'devel'] });
    const response = await admin.get('/_/admin/users.csv');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toContain('attachment');
    const lines = response.body.split('\r\n');
    expect(lines.pop()).toBe('');
    expect(lines).toEqual([
      'login,name,email,groups,disabled',
      'admin,Administrator,,admin,',
      'bob,Bob,bob@example.org,devel,',
      'old,"Old, ""Timer""",,"devel,docs",disabled',
    ]);
    expect(parseCsv(response.body)[3]).toEqual(['old', 'Old, "Timer"', '', 'devel,docs', 'disabled']);
  });

  it('imports the good rows and reports the refused ones', async () => {
    await admin.get('/_/admin/users');
    const csv = [
      'login,name,email,groups,password',
      'alice,"Alice, A.",alice@example.org,"devel,editors",alice-password',
      'Bad Login,Bad,,,bad-password',
      'shorty,,,,short',
      'bob,Bob Again,,,bob-password',
      'carol,Carol',
      'dave,,dave@example.org,,dave-password',
    ].join('\r\n');
    const response = await admin.post('/_/admin/users/import', { csv });
    expectLayoutPage(response, 200);
    expect(response.body).toContain('2 users imported, 4 lines refused.');
    const report = [...response.body.matchAll(/<li>(Line \d+: [^<]*)<\/li>/g)].map((match) => match[1] ?? '');
    expect(report).toHaveLength(4);
    expect(report[0]).toContain('A login name has 1 to 64 characters');
    expect(report[1]).toContain('A password has at least 8 characters.');
    expect(report[2]).toContain('This login name is already taken.');
    expect(report[3]).toContain('it needs 5 columns');

    expect(userOf(wiki, 'alice')).toMatchObject({ name: 'Alice, A.', email: 'alice@example.org', groups: ['devel', 'editors'] });
    expect(userOf(wiki, 'dave')).toMatchObject({ email: 'dave@example.org', groups: [] });
    expect(await createUserStore(wiki.db).verify('alice', 'alice-password')).not.toBeNull();
    for (const login of ['bad login', 'shorty', 'carol']) expect(userOf(wiki, login)).toBeUndefined();
    expect(userOf(wiki, 'bob')?.name).toBe('Bob');
    expect(createUserStore(wiki.db).count()).toBe(4);
  });
});

describe('CSV round trip', () => {
  it('re-imports an export with passwords added, keeping groups and the disabled flag', async () => {
    await addUser(wiki, { login: 'old', name: 'Old', disabled: true, groups: ['docs', 'devel'] });
    const exported = (await admin.get('/_/admin/users.csv')).body;
    const rows = parseCsv(exported);
    const withPasswords = [
      [...(rows[0] ?? []), 'password'],
      ...rows.slice(1).map((row) => [...row, 'fresh-password']),
    ];
    const other = await createTestWiki();
    try {
      const client = await clientAs(other, 'admin');
      await client.get('/_/admin/users');
      const text = withPasswords.map((row) => row.map((cell) => `"${cell}"`).join(',')).join('\n');
      const response = await client.post('/_/admin/users/import', { csv: text });
      expect(response.body).toContain('users imported, 1 lines refused.'); // admin exists there already
      expect(userOf(other, 'old')).toMatchObject({ disabled: true, groups: ['devel', 'docs'] });
    } finally {
      await other.close();
    }
  });

  it('refuses a group name with a space, which no ACL rule could name', async () => {
    await admin.get('/_/admin/users');
    const response = await admin.post('/_/admin/users', { login: 'eve', name: '', email: '', password: 'eve-password', groups: 'dev team' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('A group name has letters');
    expect(userOf(wiki, 'eve')).toBeUndefined();
  });
});
