// Subscriptions and their mails (SPEC §14), received by a real SMTP server on a loopback port:
// who gets a mail (subscribers of the page or its namespace, never the author, never someone who
// may not read the page when it is sent), in which language, with the diff, the links and the
// one-click unsubscribe headers; digests and namespace lists; the form, the page tool, the profile.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSettingsStore } from '../../src/site/settings.js';
import { startMailServer, type MailServer, type ReceivedMail } from '../helpers/mail.js';
import { Client, createTestWiki, type TestWiki } from '../helpers/wiki.js';
import { addUsers, clientAs } from './accounts-support.js';

let smtp: MailServer;
let wiki: TestWiki;
let clients: Record<string, Client>;

const drain = () => wiki.app.outboxWorker.drain();
const rows = (sql: string, ...params: unknown[]) => wiki.db.prepare(sql).all(...params) as Record<string, unknown>[];

async function subscribe(who: string, page: string, target: string, style: string, extra: Record<string, string> = {}) {
  const client = clients[who] as Client;
  await client.get(`${page}?do=subscribe`);
  return client.post(`${page}?do=subscribe`, { target, style, ...extra });
}

async function save(who: string, page: string, text: string, extra: Record<string, string> = {}) {
  const response = await (clients[who] as Client).savePage(page, text, extra);
  expect(response.statusCode).toBe(303);
}

const added: { scope: string; subject: string }[] = [];

/** An ACL rule through the admin screen (the app's own rule store), taken back after the test. */
async function rule(scope: string, subject: string, level: number) {
  const admin = clients.admin as Client;
  await admin.get('/_/admin/acl');
  expect((await admin.post('/_/admin/acl', { scope, subject, level: String(level) })).statusCode).toBe(303);
  added.push({ scope, subject });
}

/** Every mail to `address` since the test began. */
const mailsTo = (address: string) => smtp.to(address);

beforeAll(async () => {
  smtp = await startMailServer();
  wiki = await createTestWiki({ QUIRE_SMTP_URL: smtp.url, QUIRE_MAIL_FROM: 'Quire Wiki <wiki@example.org>', QUIRE_BASE_URL: 'https://wiki.example.org' }, { policy: 'public', app: { manualOutbox: true } });
  await addUsers(wiki, [
    { login: 'alice', name: 'Alice', email: 'alice@example.org' },
    { login: 'bruno', name: 'Bruno', email: 'bruno@example.org' },
    { login: 'carol', name: 'Carol', email: 'carol@example.org' },
    { login: 'dave', name: 'Dave', email: 'dave@example.org' },
    { login: 'erin', name: 'Erin', email: 'erin@example.org' },
  ]);
  wiki.db.prepare("UPDATE users SET lang = 'fr' WHERE login = 'bruno'").run();
  clients = {};
  for (const login of ['admin', 'alice', 'bruno', 'carol', 'dave', 'erin']) clients[login] = await clientAs(wiki, login);
  await save('dave', '/team/plan', '# Plan\n\nFirst line.\nSecond line.\n');
  await save('dave', '/team/other', '# Other\n\nSome text.\n');
  await drain();
});
afterAll(async () => {
  await wiki?.close();
  await smtp?.close();
});
beforeEach(async () => {
  smtp.mails.length = 0;
  wiki.db.prepare('DELETE FROM subscriptions').run();
  const admin = clients.admin as Client;
  for (const { scope, subject } of added.splice(0)) {
    await admin.get('/_/admin/acl');
    await admin.post('/_/admin/acl?do=delete', { scope, subject });
  }
});

describe('a mail for every change', () => {
  it('goes to the subscribers of the page and of its namespace, in their language, not to the author', async () => {
    expect((await subscribe('alice', '/team/plan', 'team:plan', 'every')).statusCode).toBe(303);
    expect((await subscribe('bruno', '/team/plan', 'team:', 'every')).statusCode).toBe(303);
    expect((await subscribe('dave', '/team/plan', 'team:plan', 'every')).statusCode).toBe(303);
    await save('dave', '/team/plan', '# Plan\n\nFirst line, changed.\nSecond line.\nThird <line>.\n', { summary: 'a <b>summary</b>' });
    await drain();

    expect(mailsTo('dave@example.org')).toEqual([]);
    const [english] = mailsTo('alice@example.org');
    const [french] = mailsTo('bruno@example.org');
    if (!english || !french) throw new Error('missing mails');
    expect(smtp.mails).toHaveLength(2);

    expect(english.subject).toBe('[Quire] team:plan changed by dave');
    expect(english.from).toBe('wiki@example.org');
    expect(english.header('to')).toMatch(/^"?Alice"? <alice@example\.org>$/);
    expect(english.text).toContain('dave changed the page team:plan');
    expect(english.text).toContain('Summary: a <b>summary</b>');
    expect(english.text).toContain('https://wiki.example.org/team/plan?do=diff&rev=1&rev2=2');
    expect(english.text).toMatch(/^- First line\.$/m);
    expect(english.text).toMatch(/^\+ First line, changed\.$/m);
    expect(english.text).toMatch(/^\+ Third <line>\.$/m);

    expect(french.subject).toBe('[Quire] team:plan modifiée par dave');
    expect(french.text).toContain('dave a modifié la page team:plan');
    expect(french.text).toContain('Résumé : a <b>summary</b>');
    expect(french.html).toContain('lang="fr"');
  });

  it('sends HTML built from escaped text and the diff module, never the page text as markup', async () => {
    await subscribe('alice', '/team/plan', 'team:plan', 'every');
    await save('dave', '/team/plan', '# Plan\n\n<script>alert(1)</script>\n', { summary: '<img src=x onerror=alert(1)>' });
    await drain();
    const [mail] = mailsTo('alice@example.org');
    if (!mail) throw new Error('no mail');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(mail.html).toMatch(/<ins>|<del>/);
    expect(mail.html).toContain('href="https://wiki.example.org/team/plan?do=diff&amp;rev=');
  });

  it('has a one-click unsubscribe link and headers that work without logging in', async () => {
    await subscribe('alice', '/team/plan', 'team:plan', 'every');
    await save('dave', '/team/plan', '# Plan\n\nAgain.\n');
    await drain();
    const [mail] = mailsTo('alice@example.org');
    if (!mail) throw new Error('no mail');
    const header = mail.header('list-unsubscribe');
    const link = /<(https:\/\/wiki\.example\.org\/_\/unsubscribe\?[^>]+)>/.exec(header)?.[1];
    expect(link).toBeDefined();
    expect(mail.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(mail.text).toContain(link as string);
    expect(mail.header('message-id')).toMatch(/^<[0-9a-f-]{36}@example\.org>$/);
    const path = (link as string).replace('https://wiki.example.org', '');

    // Opening the link asks first: a GET changes nothing.
    const anonymous = new Client(wiki.app);
    const asked = await anonymous.get(path);
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain('Stop the mails about team:plan');
    expect(rows('SELECT * FROM subscriptions')).toHaveLength(1);

    // A mail client's one click: a POST of List-Unsubscribe=One-Click, no cookie, no CSRF token.
    const clicked = await wiki.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(clicked.statusCode).toBe(200);
    expect(clicked.body).toContain('You are unsubscribed');
    expect(rows('SELECT * FROM subscriptions')).toEqual([]);

    // The link does nothing any more, and a forged one never did.
    expect((await anonymous.get(path)).statusCode).toBe(404);
    await subscribe('alice', '/team/plan', 'team:plan', 'every');
    const id = (rows('SELECT id FROM subscriptions')[0] as { id: number }).id;
    const forged = await wiki.app.inject({ method: 'POST', url: `/_/unsubscribe?s=${id}&token=${'A'.repeat(43)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(forged.statusCode).toBe(404);
    expect(rows('SELECT * FROM subscriptions')).toHaveLength(1);
  });

  it('skips minor edits unless the subscriber asked for them', async () => {
    await subscribe('alice', '/team/plan', 'team:plan', 'every');
    await subscribe('bruno', '/team/plan', 'team:plan', 'every', { minor: 'on' });
    await save('dave', '/team/plan', '# Plan\n\nA typo fixed.\n', { minor: 'on' });
    await drain();
    expect(mailsTo('alice@example.org')).toEqual([]);
    expect(mailsTo('bruno@example.org')).toHaveLength(1);
  });

  it('tells of deletions and renames, and the subscription follows a renamed page', async () => {
    await save('dave', '/team/moving', 'Moving page.\n');
    await subscribe('alice', '/team/moving', 'team:moving', 'every');
    const dave = clients.dave as Client;
    await dave.get('/team/moving?do=rename');
    expect((await dave.post('/team/moving?do=rename', { to: 'team:moved', update_links: 'off' })).statusCode).toBe(303);
    await drain();
    expect(mailsTo('alice@example.org').map((mail) => mail.subject)).toEqual(['[Quire] team:moving renamed to team:moved by dave']);
    expect(rows('SELECT target FROM subscriptions')).toEqual([{ target: 'team:moved' }]);
    await dave.get('/team/moved?do=delete');
    expect((await dave.post('/team/moved?do=delete', { summary: 'gone' })).statusCode).toBe(303);
    await drain();
    expect(mailsTo('alice@example.org').map((mail) => mail.subject)).toContain('[Quire] team:moved deleted by dave');
  });

  it('takes the most specific subscription of a user: one mail, not one per subscription', async () => {
    await subscribe('alice', '/team/plan', 'team:plan', 'every');
    await subscribe('alice', '/team/plan', 'team:', 'every');
    await subscribe('alice', '/team/plan', ':', 'every');
    await save('dave', '/team/plan', '# Plan\n\nOnce.\n');
    await drain();
    expect(mailsTo('alice@example.org')).toHaveLength(1);
  });
});

describe('permissions at the time of sending', () => {
  it('sends nothing to a subscriber who lost read access after the change', async () => {
    await subscribe('carol', '/team/plan', 'team:plan', 'every');
    await subscribe('alice', '/team/plan', 'team:plan', 'every');
    await save('dave', '/team/plan', '# Plan\n\nSecret now.\n');
    // The mails are queued; the rule changes before they are sent.
    await rule('team:*', 'carol', 0);
    await drain();
    expect(mailsTo('carol@example.org')).toEqual([]);
    expect(mailsTo('alice@example.org')).toHaveLength(1);
    expect(rows("SELECT last_error FROM outbox WHERE kind = 'change' AND state = 'skipped' ORDER BY id DESC LIMIT 1")).toEqual([{ last_error: 'the subscriber may not read the page' }]);
  });

  it('names no hidden page in a namespace list, and no hidden revision in a digest', async () => {
    await save('dave', '/team/secret', 'Hidden.\n');
    await rule('team:secret', '@ALL', 0);
    await rule('team:secret', 'dave', 8);
    await subscribe('carol', '/team/plan', 'team:', 'list');
    await save('dave', '/team/secret', 'Hidden, changed.\n');
    await save('dave', '/team/plan', '# Plan\n\nListed.\n');
    // The period is over.
    wiki.db.prepare("UPDATE outbox SET due_at = 0 WHERE kind = 'list' AND state = 'pending'").run();
    await drain();
    const [list] = mailsTo('carol@example.org');
    if (!list) throw new Error('no list');
    expect(list.subject).toBe('[Quire] Changed pages in team:');
    expect(list.text).toContain('team:plan');
    expect(list.text).not.toContain('secret');
    expect(list.html).not.toContain('secret');
  });
});

describe('digests and lists', () => {
  it('collects the changes of a page into one mail per period, listing the revisions', async () => {
    await subscribe('alice', '/team/plan', 'team:plan', 'digest');
    // The first changes wait for the period that started with the subscription.
    await save('dave', '/team/plan', '# Plan\n\nDigest one.\n', { summary: 'first of the day' });
    await save('erin', '/team/plan', '# Plan\n\nDigest two.\n', { summary: 'second of the day' });
    await save('alice', '/team/plan', '# Plan\n\nDigest three.\n', { summary: 'her own' });
    await drain();
    expect(mailsTo('alice@example.org')).toEqual([]);
    const pending = rows("SELECT due_at FROM outbox WHERE kind = 'digest' AND state = 'pending'") as { due_at: number }[];
    expect(pending).toHaveLength(1);
    expect(pending[0]?.due_at).toBeGreaterThan(Date.now() + 22 * 3600_000);

    wiki.db.prepare("UPDATE outbox SET due_at = 0 WHERE kind = 'digest'").run();
    await drain();
    const [digest] = mailsTo('alice@example.org');
    if (!digest) throw new Error('no digest');
    expect(mailsTo('alice@example.org')).toHaveLength(1);
    expect(digest.subject).toBe('[Quire] team:plan: 2 changes');
    expect(digest.text).toContain('first of the day');
    expect(digest.text).toContain('second of the day');
    expect(digest.text).not.toContain('her own');
    expect(digest.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');

    // The next change waits a whole period after this digest.
    await save('dave', '/team/plan', '# Plan\n\nTomorrow.\n');
    const next = rows("SELECT due_at FROM outbox WHERE kind = 'digest' AND state = 'pending'") as { due_at: number }[];
    expect(next[0]?.due_at).toBeGreaterThan(Date.now() + 23 * 3600_000);
  });

  it('sends a list for a namespace only', async () => {
    const response = await subscribe('alice', '/team/plan', 'team:plan', 'list');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('only for a namespace');
    expect(rows('SELECT * FROM subscriptions')).toEqual([]);
  });
});

describe('the subscribe form and the page tool', () => {
  it('asks a logged-in reader, with the page, its namespaces and the whole wiki to choose from', async () => {
    const form = await (clients.alice as Client).get('/team/plan?do=subscribe');
    expect(form.statusCode).toBe(200);
    for (const value of ['team:plan', 'team:', ':']) expect(form.body).toContain(`name="target" value="${value}"`);
    for (const style of ['every', 'digest', 'list']) expect(form.body).toContain(`name="style" value="${style}"`);
    expect(form.body).toContain('name="_csrf"');
  });

  it('refuses anonymous visitors and bad fields, naming the field', async () => {
    const anonymous = new Client(wiki.app);
    await anonymous.get('/_/login');
    expect((await anonymous.get('/team/plan?do=subscribe')).statusCode).toBe(401);
    expect((await anonymous.post('/team/plan?do=subscribe', { target: 'team:plan', style: 'every' })).statusCode).toBe(401);
    const bad = await subscribe('alice', '/team/plan', 'team:plan', 'hourly');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('style');
    const noTarget = await subscribe('alice', '/team/plan', '', 'every');
    expect(noTarget.statusCode).toBe(400);
    expect(noTarget.body).toContain('target');
    const alice = clients.alice as Client;
    expect((await alice.post('/team/plan?do=subscribe', { target: 'team:plan', style: 'every', _csrf: 'forged' })).statusCode).toBe(403);
  });

  it('refuses a target the user may not read', async () => {
    await rule('vault:*', '@ALL', 0);
    const response = await subscribe('alice', '/team/plan', 'vault:', 'every');
    expect(response.statusCode).toBe(403);
    expect(rows('SELECT * FROM subscriptions')).toEqual([]);
  });

  it('shows "Subscribe", then "Manage subscriptions"; unsubscribe removes', async () => {
    const alice = clients.alice as Client;
    expect((await alice.get('/team/plan')).body).toContain('href="/team/plan?do=subscribe">Subscribe</a>');
    await subscribe('alice', '/team/plan', 'team:', 'digest');
    expect((await alice.get('/team/plan')).body).toContain('href="/team/plan?do=subscribe">Manage subscriptions</a>');
    expect((await alice.get('/team/plan?do=subscribe')).body).toContain('a digest of the changes of each page');
    const removed = await alice.post('/team/plan?do=unsubscribe', { target: 'team:' });
    expect(removed.statusCode).toBe(303);
    expect(removed.headers.location).toBe('/team/plan');
    expect(rows('SELECT * FROM subscriptions')).toEqual([]);
    // Anonymous readers see no such tool.
    expect((await wiki.app.inject({ url: '/team/plan' })).body).not.toContain('do=subscribe');
  });

  it('lists the subscriptions in the profile, where they can be removed', async () => {
    const alice = clients.alice as Client;
    await subscribe('alice', '/team/plan', 'team:plan', 'every');
    await subscribe('alice', '/team/plan', ':', 'digest');
    const profile = await alice.get('/_/profile');
    expect(profile.body).toContain('id="subscriptions"');
    expect(profile.body).toContain('team:plan');
    expect(profile.body).toContain('the whole wiki');
    const removed = await alice.post('/_/profile?do=unsubscribe', { target: 'team:plan' });
    expect(removed.statusCode).toBe(303);
    expect(rows('SELECT target FROM subscriptions')).toEqual([{ target: ':' }]);
  });

  it('shows admins how many subscriptions there are, and of which kind', async () => {
    await subscribe('alice', '/team/plan', 'team:plan', 'every');
    await subscribe('bruno', '/team/plan', 'team:plan', 'digest');
    await subscribe('carol', '/team/plan', 'team:', 'list');
    const page = await (clients.admin as Client).get('/_/admin/notifications');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Subscriptions: 3. People subscribed: 3.');
    expect(page.body).toMatch(/<code>team:plan<\/code><\/td><td>2<\/td>/);
    expect((await (clients.alice as Client).get('/_/admin/notifications')).statusCode).toBe(403);
  });
});

describe('the admin settings', () => {
  it('show the mail state and send a test mail to the admin', async () => {
    wiki.db.prepare("UPDATE users SET email = 'admin@example.org' WHERE login = 'admin'").run();
    const admin = clients.admin as Client;
    const config = await admin.get('/_/admin/config');
    expect(config.body).toContain('Mail is sent through smtp://127.0.0.1:');
    expect(config.body).toContain('as Quire Wiki &lt;wiki@example.org&gt;');
    expect((await admin.post('/_/admin/config/test-mail')).statusCode).toBe(303);
    const [mail] = await smtp.waitFor(1, (received: ReceivedMail) => received.to.includes('admin@example.org'));
    expect(mail?.subject).toBe('[Quire] Test mail');
    expect((await admin.get('/_/admin/config')).body).toContain('The test mail was sent to admin@example.org.');
  });

  it('keep the digest period', async () => {
    const admin = clients.admin as Client;
    await admin.get('/_/admin/notifications');
    expect((await admin.post('/_/admin/notifications', { digest_hours: '6' })).statusCode).toBe(303);
    expect(createSettingsStore(wiki.db).site().digestHours).toBe(6);
    expect((await admin.post('/_/admin/notifications', { digest_hours: '0' })).statusCode).toBe(400);
    await admin.post('/_/admin/notifications', { digest_hours: '24' });
  });
});

describe('when the SMTP server refuses or is away', () => {
  it('fails a refused recipient for good, and tries again later when the server cannot be reached', async () => {
    const refusing = await startMailServer({ refuse: ['alice@example.org'] });
    const other = await createTestWiki({ QUIRE_SMTP_URL: refusing.url, QUIRE_MAIL_FROM: 'wiki@example.org' }, { policy: 'public' });
    try {
      await addUsers(other, [{ login: 'alice', email: 'alice@example.org' }, { login: 'bruno', email: 'bruno@example.org' }]);
      const alice = await clientAs(other, 'alice');
      const bruno = await clientAs(other, 'bruno');
      for (const client of [alice, bruno]) {
        await client.get('/p?do=subscribe');
        await client.post('/p?do=subscribe', { target: 'p', style: 'every' });
      }
      const admin = await clientAs(other, 'admin');
      await admin.savePage('/p', 'Text.\n');
      await other.app.outboxWorker.drain();
      const states = other.db.prepare("SELECT state, last_status FROM outbox WHERE kind = 'change' ORDER BY id").all();
      expect(states).toEqual(expect.arrayContaining([{ state: 'failed', last_status: 550 }, { state: 'sent', last_status: 250 }]));

      await refusing.close();
      await admin.savePage('/p', 'Text, again.\n');
      await other.app.outboxWorker.drain();
      const waiting = other.db.prepare("SELECT attempts, due_at FROM outbox WHERE state = 'pending'").all() as { attempts: number; due_at: number }[];
      expect(waiting.length).toBe(2);
      for (const row of waiting) {
        expect(row.attempts).toBe(1);
        expect(row.due_at).toBeGreaterThan(Date.now());
      }
    } finally {
      await other.close();
    }
  });
});

describe('reading the new screens', () => {
  it('writes nothing', async () => {
    await subscribe('alice', '/team/plan', 'team:plan', 'every');
    await save('dave', '/team/plan', '# Plan\n\nRead only.\n');
    await drain();
    const link = /<https:\/\/wiki\.example\.org([^>]+)>/.exec(mailsTo('alice@example.org')[0]?.header('list-unsubscribe') ?? '')?.[1] ?? '';
    const anonymous = new Client(wiki.app);
    await anonymous.get('/_/login/reset');
    await anonymous.post('/_/login/reset', { u: 'alice' });
    await drain();
    const reset = /(\/_\/login\/reset\?token=[\w-]+)/.exec(mailsTo('alice@example.org').at(-1)?.text ?? '')?.[1] ?? '';
    const changes = () => (wiki.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
    const before = changes();
    for (const [client, url] of [
      [clients.alice, '/team/plan?do=subscribe'],
      [clients.alice, '/team/plan'],
      [clients.alice, '/_/profile'],
      [anonymous, '/_/login/reset'],
      [anonymous, reset],
      [anonymous, link],
      [clients.admin, '/_/admin/notifications'],
      [clients.admin, '/_/admin/webhooks'],
      [clients.admin, '/_/admin/config'],
    ] as const) {
      expect((await (client as Client).get(url)).statusCode, url).toBe(200);
    }
    expect(changes()).toBe(before);
  });
});
