// The command line (SPEC §9, §10) on the data directory of a running wiki: users added, listed,
// given a new password and disabled, and API tokens made, all seen at once by the app.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db.js';
import { SETUP_TOKEN_FILE } from '../../src/accounts/setup.js';
import { createTokenStore } from '../../src/accounts/tokens.js';
import { quire } from '../helpers/cli.js';
import { Client, createTestWiki, type TestWiki } from '../helpers/wiki.js';
import { addUser, anonymousClient, clientAs, SESSION_COOKIE, USER_PASSWORD, userOf, whoIsLoggedIn } from './accounts-support.js';

// Each command starts node and hashes a password with argon2: allow for a busy machine.
const SLOW = 60_000;

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1) ?? '';

/** Logs in through the app's form; the response status (303 on success). */
async function logIn(wiki: TestWiki, login: string, password: string): Promise<number> {
  const client = await anonymousClient(wiki);
  return (await client.post('/_/login', { u: login, p: password })).statusCode;
}

describe('on the data directory of a running wiki', () => {
  let wiki: TestWiki;
  beforeEach(async () => {
    wiki = await createTestWiki({}, { policy: 'public' });
  });
  afterEach(async () => wiki.close());

  it('user add: creates the user with the password from stdin, groups, name and e-mail', async () => {
    const result = await quire(
      wiki.dir,
      ['user', 'add', 'Carol', '--password-stdin', '--groups', 'devel,docs', '--name', 'Carol C.', '--email', 'carol@example.org'],
      'carol-password\n',
    );
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('Added the user carol.');
    expect(userOf(wiki, 'carol')).toMatchObject({ name: 'Carol C.', email: 'carol@example.org', groups: ['devel', 'docs'], disabled: false });
    const client = new Client(wiki.app);
    expect((await client.login('carol', 'carol-password')).statusCode).toBe(303);
    expect(await whoIsLoggedIn(wiki.app, Object.fromEntries(client.cookies))).toBe('Carol C.');
  }, SLOW);

  it('user add: works while the app is busy writing to the same database', async () => {
    const admin = await clientAs(wiki, 'admin');
    const [result, ...saves] = await Promise.all([
      quire(wiki.dir, ['user', 'add', 'dave', '--password-stdin'], 'dave-password\n'),
      ...Array.from({ length: 10 }, (_, i) => admin.savePage(`/busy/page${i}`, `Page ${i}\n`)),
    ]);
    expect(result?.code).toBe(0);
    for (const save of saves) expect(save.statusCode).toBe(303);
    expect(userOf(wiki, 'dave')).toBeDefined();
    expect(await logIn(wiki, 'dave', 'dave-password')).toBe(303);
  }, SLOW);

  it('user list: one line per user with login, name, e-mail, groups and status', async () => {
    await addUser(wiki, { login: 'bob', name: 'Bob', email: 'bob@example.org', groups: ['devel', 'docs'] });
    await addUser(wiki, { login: 'old', disabled: true });
    const result = await quire(wiki.dir, ['user', 'list']);
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split('\n')).toEqual([
      'admin\tAdministrator\t\tadmin\tactive',
      'bob\tBob\tbob@example.org\tdevel,docs\tactive',
      'old\t\t\t\tdisabled',
    ]);
  }, SLOW);

  it('user passwd: sets the password from stdin and ends the user’s sessions', async () => {
    await addUser(wiki, { login: 'bob', name: 'Bob' });
    const bob = await clientAs(wiki, 'bob');
    const result = await quire(wiki.dir, ['user', 'passwd', 'bob', '--password-stdin'], 'new-password-2\n');
    expect(result.code).toBe(0);
    expect(await whoIsLoggedIn(wiki.app, { [SESSION_COOKIE]: bob.cookies.get(SESSION_COOKIE) ?? '' })).toBeNull();
    expect(await logIn(wiki, 'bob', USER_PASSWORD)).toBe(401);
    expect(await logIn(wiki, 'bob', 'new-password-2')).toBe(303);
  }, SLOW);

  it('user disable: the user cannot log in and their sessions end; enable undoes it', async () => {
    await addUser(wiki, { login: 'bob', name: 'Bob' });
    const bob = await clientAs(wiki, 'bob');
    const disabled = await quire(wiki.dir, ['user', 'disable', 'bob']);
    expect(disabled.code).toBe(0);
    expect(userOf(wiki, 'bob')?.disabled).toBe(true);
    expect(await whoIsLoggedIn(wiki.app, { [SESSION_COOKIE]: bob.cookies.get(SESSION_COOKIE) ?? '' })).toBeNull();
    expect(await logIn(wiki, 'bob', USER_PASSWORD)).toBe(401);
    expect((await quire(wiki.dir, ['user', 'enable', 'bob'])).code).toBe(0);
    expect(await logIn(wiki, 'bob', USER_PASSWORD)).toBe(303);
  }, SLOW);

  it('token create: prints the token alone on its last line; it belongs to the user and shows in their profile', async () => {
    await addUser(wiki, { login: 'bob', name: 'Bob' });
    const result = await quire(wiki.dir, ['token', 'create', 'bob', '--name', 'deploy']);
    expect(result.code).toBe(0);
    const token = lastLine(result.stdout);
    expect(token).toMatch(/^qt_[A-Za-z0-9_-]{30,}$/);
    expect(createTokenStore(wiki.db).resolve(token)).toBe('bob');
    const profile = await (await clientAs(wiki, 'bob')).get('/_/profile');
    expect(profile.body).toContain('<strong>deploy</strong>');
    expect(profile.body).not.toContain(token);
  }, SLOW);

  it('token create: gives a default name', async () => {
    const result = await quire(wiki.dir, ['token', 'create', 'ADMIN']);
    expect(result.code).toBe(0);
    expect(createTokenStore(wiki.db).resolve(lastLine(result.stdout))).toBe('admin');
    expect(createTokenStore(wiki.db).list('admin').map((token) => token.name)).toEqual(['command line']);
  }, SLOW);

  it.each([
    ['user add of an existing login', ['user', 'add', 'admin', '--password-stdin'], 'another-password\n', 'exists already'],
    ['user add without --password-stdin', ['user', 'add', 'erin'], '', '--password-stdin'],
    ['user add with a short password', ['user', 'add', 'erin', '--password-stdin'], 'short\n', 'at least 8 characters'],
    ['user add with an invalid login', ['user', 'add', 'erin smith', '--password-stdin'], 'erin-password\n', 'Give a login'],
    ['user add with an unknown option', ['user', 'add', 'erin', '--password-stdin', '--admin'], 'erin-password\n', 'Usage'],
    ['user passwd of an unknown user', ['user', 'passwd', 'nobody', '--password-stdin'], 'new-password-2\n', 'There is no user nobody'],
    ['user disable of an unknown user', ['user', 'disable', 'nobody'], '', 'There is no user nobody'],
    ['token create for an unknown user', ['token', 'create', 'nobody'], '', 'There is no user nobody'],
    ['an unknown command', ['frobnicate'], '', 'Usage'],
  ])('refuses %s (exit 2) and changes nothing', async (_label, args, input, message) => {
    const tokens = createTokenStore(wiki.db).list('admin').length;
    const result = await quire(wiki.dir, args, input);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(userOf(wiki, 'erin')).toBeUndefined();
    expect(createTokenStore(wiki.db).list('admin')).toHaveLength(tokens);
    expect(await logIn(wiki, 'admin', 'another-password')).toBe(401);
  }, SLOW);

  it('refuses a token for a disabled user (exit 2)', async () => {
    await addUser(wiki, { login: 'old', disabled: true });
    const result = await quire(wiki.dir, ['token', 'create', 'old']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('disabled');
    expect(createTokenStore(wiki.db).list('old')).toEqual([]);
  }, SLOW);
});

describe('on a new data directory, before the first start', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-cli-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('an admin added by the command line is the administrator: no set-up is pending', async () => {
    const added = await quire(dir, ['user', 'add', 'root', '--password-stdin', '--groups', 'admin'], 'root-password\n');
    expect(added.code).toBe(0);
    const token = lastLine((await quire(dir, ['token', 'create', 'root'])).stdout);

    const db = openDatabase(dir);
    const app = await buildApp(loadConfig({ QUIRE_DATA: dir }), db);
    try {
      expect(fs.existsSync(path.join(dir, SETUP_TOKEN_FILE))).toBe(false);
      expect((await app.inject({ method: 'GET', url: '/' })).body).not.toContain('This wiki is not set up yet');
      expect(createTokenStore(db).resolve(token)).toBe('root');
      const client = new Client(app);
      expect((await client.login('root', 'root-password')).statusCode).toBe(303);
      expect((await client.get('/_/admin')).statusCode).toBe(200);
    } finally {
      await app.close();
      db.close();
    }
  }, SLOW);
});
