// "Forgot your password?" and the confirmation of new accounts' addresses (SPEC §14), with the mails
// received by a real SMTP server: the same answer whether or not the account exists, a one-time link
// valid 3 days whose token is stored only as a hash, the profile's password rules, the user's other
// sessions ended, log-in-like rate limits; and everything hidden while mail is not configured.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createUserStore } from '../../src/accounts/users.js';
import { startMailServer, type MailServer } from '../helpers/mail.js';
import { Client, createTestWiki, type TestWiki } from '../helpers/wiki.js';
import { addUsers, anonymousClient, clientAs, passwordHash, whoIsLoggedIn } from './accounts-support.js';

let smtp: MailServer;
let wiki: TestWiki;

const drain = () => wiki.app.outboxWorker.drain();

/** The reset link of the last mail to `address`, as a path on the wiki. */
function linkIn(address: string): string {
  const mail = smtp.to(address).at(-1);
  const link = /https:\/\/wiki\.example\.org(\/_\/(?:login\/reset|register\/confirm)\?token=[\w-]+)/.exec(mail?.text ?? '')?.[1];
  if (!link) throw new Error(`no link in the mail to ${address}`);
  return link;
}

/** Everything the database holds, as text: a token must not be found in it. */
function databaseText(): string {
  const tables = wiki.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_index%'").pluck().all() as string[];
  return tables.map((table) => JSON.stringify(wiki.db.prepare(`SELECT * FROM "${table}"`).all())).join('\n');
}

beforeAll(async () => {
  smtp = await startMailServer();
  wiki = await createTestWiki({ QUIRE_SMTP_URL: smtp.url, QUIRE_MAIL_FROM: 'wiki@example.org', QUIRE_BASE_URL: 'https://wiki.example.org' }, { policy: 'public', app: { manualOutbox: true } });
  await addUsers(wiki, [
    { login: 'alice', name: 'Alice', email: 'alice@example.org' },
    { login: 'bruno', name: 'Bruno', email: 'Bruno@Example.org' },
    { login: 'nomail', name: 'No Mail' },
    { login: 'off', email: 'off@example.org', disabled: true },
  ]);
  wiki.db.prepare("UPDATE users SET lang = 'fr' WHERE login = 'bruno'").run();
});
afterAll(async () => {
  await wiki?.close();
  await smtp?.close();
});
beforeEach(() => {
  smtp.mails.length = 0;
});

describe('asking for a link', () => {
  it('is offered on the log-in page', async () => {
    const login = await wiki.app.inject({ url: '/_/login' });
    expect(login.body).toContain('<a href="/_/login/reset">Forgot your password?</a>');
    const form = await wiki.app.inject({ url: '/_/login/reset' });
    expect(form.statusCode).toBe(200);
    expect(form.body).toMatch(/<input id="reset-u" name="u"/);
  });

  it('answers the same whether or not the account exists, and mails only an existing one', async () => {
    const answers: string[] = [];
    for (const u of ['alice', 'nobody-here', 'nomail', 'off', 'someone@example.org']) {
      const client = await anonymousClient(wiki);
      const response = await client.post('/_/login/reset', { u });
      expect(response.statusCode).toBe(200);
      answers.push(response.body.replace(/name="_csrf" value="[^"]+"/g, '').replace(/value="[^"]*" autofocus|value="[^"]*"/g, ''));
    }
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).toContain('If an account with this name or address exists');
    await drain();
    expect(smtp.mails.map((mail) => mail.to)).toEqual([['alice@example.org']]);
    const [mail] = smtp.mails;
    expect(mail?.subject).toBe('[Quire] Choose a new password');
    expect(mail?.text).toContain('https://wiki.example.org/_/login/reset?token=');
  });

  it('finds an account by its e-mail address, whatever its case, and writes in the user’s language', async () => {
    const client = await anonymousClient(wiki);
    await client.post('/_/login/reset', { u: 'bruno@example.ORG' });
    await drain();
    const [mail] = smtp.mails;
    expect(mail?.to.map((address) => address.toLowerCase())).toEqual(['bruno@example.org']);
    expect(mail?.subject).toBe('[Quire] Choisissez un nouveau mot de passe');
  });

  it('is rate limited like logging in: the 11th request in 5 minutes is refused', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const client = await anonymousClient(wiki);
      statuses.push((await wiki.app.inject({ method: 'POST', url: '/_/login/reset', cookies: Object.fromEntries(client.cookies), headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `u=flood${i}&_csrf=${encodeURIComponent(client.csrf)}`, remoteAddress: '10.9.9.9' })).statusCode);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
    expect(statuses[10]).toBe(429);
  });

  it('refuses a request without a CSRF token', async () => {
    const response = await wiki.app.inject({ method: 'POST', url: '/_/login/reset', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'u=alice' });
    expect(response.statusCode).toBe(403);
  });
});

describe('the link', () => {
  it('sets a new password once, with the profile’s rules, and ends the user’s other sessions', async () => {
    const elsewhere = await clientAs(wiki, 'alice');
    const requester = await anonymousClient(wiki);
    await requester.post('/_/login/reset', { u: 'alice' });
    await drain();
    const link = linkIn('alice@example.org');
    const token = new URL(link, 'https://x').searchParams.get('token') as string;

    // The token is in no table: only its hash is kept, and the mailed one left the outbox.
    expect(databaseText()).not.toContain(token);

    const before = passwordHash(wiki, 'alice');
    const visitor = new Client(wiki.app);
    const form = await visitor.get(link);
    expect(form.statusCode).toBe(200);
    expect(form.headers['referrer-policy']).toBe('no-referrer');
    expect(form.body).toContain('name="password_new"');
    expect(form.body).toContain('name="password_confirm"');

    const short = await visitor.post(link, { password_new: 'short', password_confirm: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('at least 8 characters');
    const mismatch = await visitor.post(link, { password_new: 'a-new-password-1', password_confirm: 'a-new-password-2' });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.body).toContain('The two passwords differ.');
    expect(passwordHash(wiki, 'alice')).toBe(before);

    const done = await visitor.post(link, { password_new: 'a-new-password-1', password_confirm: 'a-new-password-1' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/_/login?reset=done');
    expect(passwordHash(wiki, 'alice')).not.toBe(before);
    expect(await whoIsLoggedIn(wiki.app, Object.fromEntries(elsewhere.cookies))).toBeNull();
    expect((await visitor.get('/_/login?reset=done')).body).toContain('Your password was changed');

    // Once only.
    const again = await visitor.post(link, { password_new: 'another-password-3', password_confirm: 'another-password-3' });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('This link is not valid');
    expect((await visitor.get(link)).statusCode).toBe(400);

    const login = new Client(wiki.app);
    expect((await login.login('alice', 'a-new-password-1')).statusCode).toBe(303);
  }, 30_000);

  it('expires after 3 days', async () => {
    const requester = await anonymousClient(wiki);
    await requester.post('/_/login/reset', { u: 'alice' });
    await drain();
    const link = linkIn('alice@example.org');
    wiki.db.prepare('UPDATE account_tokens SET expires = ?').run(Date.now() - 1);
    expect((await new Client(wiki.app).get(link)).statusCode).toBe(400);
    const expiresIn = Date.now() + 3 * 24 * 3600_000;
    await requester.post('/_/login/reset', { u: 'alice' });
    const row = wiki.db.prepare('SELECT expires FROM account_tokens ORDER BY created DESC LIMIT 1').get() as { expires: number };
    expect(Math.abs(row.expires - expiresIn)).toBeLessThan(60_000);
  });

  it('refuses a made-up token', async () => {
    const response = await new Client(wiki.app).get('/_/login/reset?token=made-up-token-that-is-long-enough');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Ask for a new one');
  });
});

describe('confirming a new account’s address', () => {
  it('keeps a self-registered account disabled until its mailed link is followed', async () => {
    const admin = await clientAs(wiki, 'admin');
    await admin.get('/_/admin/config');
    expect((await admin.post('/_/admin/config', { title: 'Quire', lang: 'en', start: 'start', breadcrumbs: '10', registration: 'on', registration_confirm: 'on', plugins: ['iphelper', 'wordcount'] })).statusCode).toBe(303);

    const visitor = await anonymousClient(wiki);
    await visitor.get('/_/register');
    const noEmail = await visitor.post('/_/register', { login: 'newbie', name: 'New', email: '', password: 'newbie-password', password_confirm: 'newbie-password' });
    expect(noEmail.statusCode).toBe(400);

    const registered = await visitor.post('/_/register', { login: 'newbie', name: 'New', email: 'newbie@example.org', password: 'newbie-password', password_confirm: 'newbie-password' });
    expect(registered.statusCode).toBe(200);
    expect(registered.body).toContain('we sent a mail to newbie@example.org');
    expect(createUserStore(wiki.db).get('newbie')?.disabled).toBe(true);
    expect((await new Client(wiki.app).login('newbie', 'newbie-password')).statusCode).toBe(401);

    await drain();
    const link = linkIn('newbie@example.org');
    expect(smtp.to('newbie@example.org')[0]?.subject).toBe('[Quire] Confirm your e-mail address');
    const page = await visitor.get(link);
    expect(page.statusCode).toBe(200);
    expect(createUserStore(wiki.db).get('newbie')?.disabled).toBe(true);
    const confirmed = await visitor.post(link);
    expect(confirmed.statusCode).toBe(303);
    expect(createUserStore(wiki.db).get('newbie')?.disabled).toBe(false);
    expect(await whoIsLoggedIn(wiki.app, Object.fromEntries(visitor.cookies))).toBe('New');
    expect((await visitor.get(link)).statusCode).toBe(400);
    expect((await visitor.post(link)).statusCode).toBe(400);

    await admin.get('/_/admin/config');
    await admin.post('/_/admin/config', { title: 'Quire', lang: 'en', start: 'start', breadcrumbs: '10', plugins: ['iphelper', 'wordcount'] });
  }, 30_000);
});

describe('without mail', () => {
  let plain: TestWiki;
  beforeAll(async () => {
    plain = await createTestWiki({}, { policy: 'public' });
    await addUsers(plain, [{ login: 'alice', email: 'alice@example.org' }]);
  });
  afterAll(async () => plain?.close());

  it('hides password reset, confirmation, subscriptions and the unsubscribe link, and everything else works', async () => {
    expect((await plain.app.inject({ url: '/_/login' })).body).not.toContain('/_/login/reset');
    for (const url of ['/_/login/reset', '/_/register/confirm?token=x', '/_/unsubscribe?s=1&token=x']) expect((await plain.app.inject({ url })).statusCode, url).toBe(404);
    const alice = await clientAs(plain, 'alice');
    expect((await alice.savePage('/p', 'Text.\n')).statusCode).toBe(303);
    expect((await alice.get('/p')).body).not.toContain('do=subscribe');
    expect((await alice.get('/p?do=subscribe')).statusCode).toBe(404);
    expect((await alice.post('/p?do=subscribe', { target: 'p', style: 'every' })).statusCode).toBe(404);
    expect((await alice.get('/_/profile')).body).not.toContain('id="subscriptions"');
    expect(plain.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE destination = 'mail'").get()).toEqual({ n: 0 });
    const admin = await clientAs(plain, 'admin');
    expect((await admin.get('/_/admin/config')).body).toContain('Mail is off');
    expect((await admin.post('/_/admin/config/test-mail')).statusCode).toBe(404);
  });
});
