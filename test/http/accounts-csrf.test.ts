// CSRF (SPEC §5): every account and admin POST without a valid `_csrf` — missing, empty, or
// another visitor's — answers 403 and changes nothing; with the sender's own token it goes through.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SETUP_TOKEN_FILE } from '../../src/accounts/setup.js';
import { createTokenStore } from '../../src/accounts/tokens.js';
import { ADMIN_PASSWORD, Client, createTestWiki, type TestWiki } from '../helpers/wiki.js';
import { addUser, anonymousClient, clientAs, rawPost, snapshot, userOf } from './accounts-support.js';
import { expectErrorPage } from './support.js';

type Sender = 'anonymous' | 'bob' | 'admin';

interface Case {
  label: string;
  sender: Sender;
  url: string;
  form: Record<string, string>;
}

const cases: Case[] = [
  { label: 'log in', sender: 'anonymous', url: '/_/login', form: { u: 'admin', p: ADMIN_PASSWORD } },
  { label: 'register', sender: 'anonymous', url: '/_/register', form: { login: 'carol', password: 'carol-password', password_confirm: 'carol-password' } },
  { label: 'log out', sender: 'bob', url: '/_/logout', form: {} },
  { label: 'save the profile', sender: 'bob', url: '/_/profile', form: { name: 'Changed', email: 'changed@example.org', lang: 'fr' } },
  {
    label: 'change the password',
    sender: 'bob',
    url: '/_/profile',
    form: { name: 'Bob', email: '', lang: '', password_current: 'user-password-1', password_new: 'new-password-2', password_confirm: 'new-password-2' },
  },
  { label: 'create a token', sender: 'bob', url: '/_/profile?do=token_create', form: { name: 'sneaky' } },
  { label: 'revoke a token', sender: 'bob', url: '/_/profile?do=token_revoke', form: { id: '1' } },
  { label: 'save a page', sender: 'bob', url: '/start?do=save', form: { text: 'Defaced\n', summary: '', base_rev: '1' } },
  { label: 'add a user', sender: 'admin', url: '/_/admin/users', form: { login: 'mallory', password: 'mallory-password', groups: 'admin' } },
  { label: 'import users', sender: 'admin', url: '/_/admin/users/import', form: { csv: 'mallory,,,admin,mallory-password' } },
  { label: 'edit a user', sender: 'admin', url: '/_/admin/users/bob', form: { name: 'Bob', email: '', groups: 'admin', password: '' } },
  { label: 'disable a user', sender: 'admin', url: '/_/admin/users/bob', form: { name: 'Bob', email: '', groups: '', password: '', disabled: 'on' } },
  { label: 'delete a user', sender: 'admin', url: '/_/admin/users/bob?do=delete', form: {} },
  { label: 'add an ACL rule', sender: 'admin', url: '/_/admin/acl', form: { scope: '*', subject: '@ALL', level: '16' } },
  { label: 'delete an ACL rule', sender: 'admin', url: '/_/admin/acl?do=delete', form: { scope: '*', subject: '@ALL' } },
  { label: 'change the site settings', sender: 'admin', url: '/_/admin/config', form: { title: 'Hacked', lang: 'en', start: 'start', breadcrumbs: '10' } },
];

/** Whose token is sent instead of the sender's own. */
const wrongTokens = [
  ['without _csrf', 'none'],
  ['with an empty _csrf', 'empty'],
  ['with another visitor’s token', 'visitor'],
  ['with another user’s token', 'user'],
  ['with a made-up token', 'made-up'],
] as const;

let wiki: TestWiki;
beforeEach(async () => {
  wiki = await createTestWiki({}, { policy: 'public' });
  await addUser(wiki, { login: 'bob', name: 'Bob' });
  createTokenStore(wiki.db).create('bob', 'kept');
  // Registration is on, so that a refused registration is refused for its token and nothing else.
  const admin = await clientAs(wiki, 'admin');
  await admin.post('/_/admin/config', { title: 'Quire', lang: 'en', start: 'start', breadcrumbs: '10', registration: 'on' });
});
afterEach(async () => wiki.close());

function senderClient(sender: Sender): Promise<Client> {
  return sender === 'anonymous' ? anonymousClient(wiki) : clientAs(wiki, sender);
}

async function wrongToken(kind: (typeof wrongTokens)[number][1], sender: Sender): Promise<string | undefined> {
  switch (kind) {
    case 'none':
      return undefined;
    case 'empty':
      return '';
    case 'visitor':
      return (await anonymousClient(wiki)).csrf;
    case 'user':
      return (await clientAs(wiki, sender === 'admin' ? 'bob' : 'admin')).csrf;
    case 'made-up':
      return 'bm90LWEtcmVhbC10b2tlbi1hdC1hbGwtMTIzNDU2Nzg5MA';
  }
}

describe.each(cases)('POST to $label', ({ sender, url, form }) => {
  it.each(wrongTokens)('%s answers 403 and changes nothing', async (_label, kind) => {
    const client = await senderClient(sender);
    const token = await wrongToken(kind, sender);
    const before = snapshot(wiki);
    const response = await rawPost(wiki.app, url, token === undefined ? form : { ...form, _csrf: token }, {
      cookies: Object.fromEntries(client.cookies),
    });
    expectErrorPage(response, 403);
    expect(response.body).toContain('Your form has expired or was not sent from this wiki.');
    expect(response.cookies.find((cookie) => cookie.name === 'quire_session')).toBeUndefined();
    expect(snapshot(wiki)).toEqual(before);
  });

  it('goes through with the sender’s own token', async () => {
    const client = await senderClient(sender);
    const before = snapshot(wiki);
    const response = await client.post(url, form);
    expect(response.statusCode).toBeLessThan(400);
    expect(snapshot(wiki)).not.toEqual(before);
  });
});

describe('POST /_/setup', () => {
  let fresh: TestWiki;
  beforeEach(async () => {
    fresh = await createTestWiki({}, { noAdmin: true });
  });
  afterEach(async () => fresh.close());

  it.each([
    ['without _csrf', false],
    ['with another visitor’s token', true],
  ])('%s answers 403 and creates no admin', async (_label, otherVisitor) => {
    const token = fs.readFileSync(path.join(fresh.dir, SETUP_TOKEN_FILE), 'utf8').trim();
    const client = new Client(fresh.app);
    await client.get(`/_/setup?token=${token}`);
    const other = new Client(fresh.app);
    await other.get('/_/login');
    const form = { token, login: 'chief', password: 'chief-password', password_confirm: 'chief-password', title: 'Quire', lang: 'en', policy: 'closed' };
    const response = await rawPost(fresh.app, '/_/setup', otherVisitor ? { ...form, _csrf: other.csrf } : form, {
      cookies: Object.fromEntries(client.cookies),
    });
    expectErrorPage(response, 403);
    expect(userOf(fresh, 'chief')).toBeUndefined();
    expect(fs.existsSync(path.join(fresh.dir, SETUP_TOKEN_FILE))).toBe(true);
    expect((await fresh.app.inject({ method: 'GET', url: '/start' })).statusCode).toBe(200);
  });
});
