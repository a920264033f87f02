// First run (SPEC §5): without QUIRE_ADMIN_PASSWORD the wiki waits for /_/setup?token=…, which
// creates the administrator and applies the chosen title, language and policy, once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAclStore, POLICIES } from '../../src/access/acl-store.js';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db.js';
import { createSettingsStore } from '../../src/site/settings.js';
import { SETUP_TOKEN_FILE } from '../../src/accounts/setup.js';
import { createUserStore } from '../../src/accounts/users.js';
import { ADMIN_PASSWORD, Client, createTestWiki, type TestWiki } from '../helpers/wiki.js';
import { anonymousClient, formError, sessionCookieOf, shownTo, userOf } from './accounts-support.js';
import { expectErrorPage, expectLayoutPage, storeOf } from './support.js';

const BANNER = 'This wiki is not set up yet';

let wiki: TestWiki;

function tokenOf(dir: string): string {
  return fs.readFileSync(path.join(dir, SETUP_TOKEN_FILE), 'utf8').trim();
}

const goodForm = {
  login: 'chief',
  password: 'chief-password-1',
  password_confirm: 'chief-password-1',
  title: 'Quire',
  lang: 'en',
  policy: 'public',
};

/** A visitor holding the set-up form, ready to post it. */
async function setupClient(token: string): Promise<Client> {
  const client = new Client(wiki.app);
  const form = await client.get(`/_/setup?token=${encodeURIComponent(token)}`);
  expectLayoutPage(form, 200);
  return client;
}

describe('first run without QUIRE_ADMIN_PASSWORD', () => {
  afterEach(async () => wiki.close());

  it.each(['/', '/wiki/syntax', '/_/login', '/no/such/page', '/_/nothing'])('shows the set-up banner on %s', async (url) => {
    wiki = await createTestWiki({}, { noAdmin: true });
    const response = await wiki.app.inject({ method: 'GET', url });
    expect(response.body).toContain(BANNER);
  });

  it('keeps a one-time token in the data directory', async () => {
    wiki = await createTestWiki({}, { noAdmin: true });
    expect(tokenOf(wiki.dir)).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  });

  it.each([
    ['no token', '/_/setup'],
    ['an empty token', '/_/setup?token='],
    ['a wrong token', '/_/setup?token=not-the-token'],
  ])('refuses the form with %s (403)', async (_label, url) => {
    wiki = await createTestWiki({}, { noAdmin: true });
    expectErrorPage(await wiki.app.inject({ method: 'GET', url }), 403);
  });

  it('refuses a POST with a wrong token (403) and creates nobody', async () => {
    wiki = await createTestWiki({}, { noAdmin: true });
    const client = await setupClient(tokenOf(wiki.dir));
    const response = await client.post('/_/setup', { ...goodForm, token: 'not-the-token' });
    expectErrorPage(response, 403);
    expect(userOf(wiki, 'chief')).toBeUndefined();
    expect(fs.existsSync(path.join(wiki.dir, SETUP_TOKEN_FILE))).toBe(true);
  });

  it('shows the form with the token, every field and a CSRF field', async () => {
    wiki = await createTestWiki({}, { noAdmin: true });
    const token = tokenOf(wiki.dir);
    const response = await new Client(wiki.app).get(`/_/setup?token=${token}`);
    expectLayoutPage(response, 200);
    expect(response.body).toContain(`<input type="hidden" name="token" value="${token}">`);
    for (const field of ['login', 'password', 'password_confirm', 'title', 'lang', 'policy', '_csrf']) {
      expect(response.body).toContain(`name="${field}"`);
    }
  });

  it.each([
    ['a short password', { password: 'short', password_confirm: 'short' }, 'A password has at least 8 characters.'],
    ['different passwords', { password_confirm: 'other-password-1' }, 'The two passwords differ.'],
    ['a bad login', { login: 'Chief Admin!' }, 'A login name has 1 to 64 characters'],
    ['an empty login', { login: '' }, 'A login name has 1 to 64 characters'],
  ])('answers 400 with the form again for %s, and creates nothing', async (_label, change, message) => {
    wiki = await createTestWiki({}, { noAdmin: true });
    const token = tokenOf(wiki.dir);
    const client = await setupClient(token);
    const response = await client.post('/_/setup', { ...goodForm, token, ...change });
    expectLayoutPage(response, 400);
    expect(formError(response.body)).toContain(message);
    expect(response.body).toContain('action="/_/setup"');
    expect(response.body).toContain(`name="token" value="${token}"`);
    expect(sessionCookieOf(response)).toBeUndefined();
    expect(createUserStore(wiki.db).count()).toBe(0);
    expect(tokenOf(wiki.dir)).toBe(token);
    expect((await wiki.app.inject({ method: 'GET', url: '/' })).body).toContain(BANNER);
    expect(createSettingsStore(wiki.db).site().title).toBe('Quire');
  });

  it.each([
    { policy: 'open', read: 200, save: 303 },
    { policy: 'public', read: 200, save: 401 },
    { policy: 'closed', read: 401, save: 401 },
  ] as const)('creates the admin and applies the $policy policy', async ({ policy, read, save }) => {
    wiki = await createTestWiki({}, { noAdmin: true, policy: 'open' });
    const token = tokenOf(wiki.dir);
    const client = await setupClient(token);
    const response = await client.post('/_/setup', { ...goodForm, token, policy, title: 'Team Wiki', lang: 'fr' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/');
    expect(sessionCookieOf(response)?.value).toBeTruthy();

    // The admin is logged in, in the admin group, with the Admin link.
    const home = await client.get('/');
    expect(shownTo(home.body)).toBe('chief');
    expect(home.body).toContain('href="/_/admin"');
    expect(userOf(wiki, 'chief')?.groups).toEqual(['admin']);
    expect((await client.get('/_/admin')).statusCode).toBe(200);

    // Title and language apply to everyone; the banner, the token and its file are gone.
    expect(home.body).toContain('<html lang="fr">');
    expect(home.body).toContain('<a class="site-title" href="/">Team Wiki</a>');
    expect(home.body).not.toContain('Ce wiki n’est pas encore installé');
    expect(fs.existsSync(path.join(wiki.dir, SETUP_TOKEN_FILE))).toBe(false);
    expect(createAclStore(wiki.db).rules()).toEqual(POLICIES[policy]);

    // What anonymous visitors may do follows the policy.
    const visitor = await anonymousClient(wiki);
    expect((await visitor.get('/start')).statusCode).toBe(read);
    const saved = await visitor.post('/start?do=save', { text: 'Changed by a visitor\n', summary: '', base_rev: '1' });
    expect(saved.statusCode).toBe(save);
    expect(storeOf(wiki).get('start')?.rev).toBe(save === 303 ? 2 : 1);
  });

  it('answers 404 at /_/setup once the set-up is done, with or without the old token', async () => {
    wiki = await createTestWiki({}, { noAdmin: true });
    const token = tokenOf(wiki.dir);
    const client = await setupClient(token);
    expect((await client.post('/_/setup', { ...goodForm, token })).statusCode).toBe(303);
    expectErrorPage(await wiki.app.inject({ method: 'GET', url: `/_/setup?token=${token}` }), 404);
    expectErrorPage(await wiki.app.inject({ method: 'GET', url: '/_/setup' }), 404);
    await client.get('/'); // the token of the session the set-up started
    const again = await client.post('/_/setup', { ...goodForm, login: 'second', token });
    expectErrorPage(again, 404);
    expect(userOf(wiki, 'second')).toBeUndefined();
  });
});

describe('the set-up address in the log', () => {
  /** Starts a wiki on `dir` without an admin password and returns what it logged. */
  async function start(dir: string): Promise<string[]> {
    const lines: string[] = [];
    const db = openDatabase(dir);
    const app = await buildApp(loadConfig({ QUIRE_DATA: dir, QUIRE_BASE_URL: 'https://wiki.example.org/' }), db, {
      logger: { level: 'info', stream: { write: (line: string) => void lines.push(line) } },
    });
    await app.close();
    db.close();
    return lines;
  }

  it('is printed once at start, with the token of the file, and the same after a restart', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-setup-'));
    try {
      const first = (await start(dir)).filter((line) => line.includes('/_/setup?token='));
      const token = tokenOf(dir);
      expect(first).toHaveLength(1);
      expect(first[0]).toContain(`https://wiki.example.org/_/setup?token=${token}`);
      const second = (await start(dir)).filter((line) => line.includes('/_/setup?token='));
      expect(second).toHaveLength(1);
      expect(second[0]).toContain(token);
      expect(tokenOf(dir)).toBe(token);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('first run with QUIRE_ADMIN_PASSWORD', () => {
  afterEach(async () => wiki.close());

  it('creates the user admin in the group admin and needs no set-up', async () => {
    wiki = await createTestWiki({}, { policy: 'public' });
    const admin = userOf(wiki, 'admin');
    expect(admin?.groups).toEqual(['admin']);
    expect(admin?.disabled).toBe(false);
    expect(fs.existsSync(path.join(wiki.dir, SETUP_TOKEN_FILE))).toBe(false);
    expect((await wiki.app.inject({ method: 'GET', url: '/' })).body).not.toContain(BANNER);
    expectErrorPage(await wiki.app.inject({ method: 'GET', url: '/_/setup' }), 404);
    expectErrorPage(await wiki.app.inject({ method: 'GET', url: '/_/setup?token=anything' }), 404);
  });

  it('lets admin log in with that password', async () => {
    wiki = await createTestWiki({}, { policy: 'public' });
    const client = new Client(wiki.app);
    expect((await client.login('admin', ADMIN_PASSWORD)).statusCode).toBe(303);
    expect(shownTo((await client.get('/')).body)).toBe('Administrator');
  });
});
