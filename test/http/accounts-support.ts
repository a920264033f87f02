// What the accounts tests share: users made without paying for argon2 each time, clients logged
// in through a session made in the store, and quick looks at who a response was shown to.
import argon2 from 'argon2';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createAclStore } from '../../src/access/acl-store.js';
import { createSessionStore, SESSION_COOKIE } from '../../src/accounts/sessions.js';
import { createSettingsStore } from '../../src/site/settings.js';
import { createUserStore, type User } from '../../src/accounts/users.js';
import { Client, type TestWiki } from '../helpers/wiki.js';
import { formBody } from './support.js';

export const USER_PASSWORD = 'user-password-1';

export interface UserSpec {
  login: string;
  password?: string;
  groups?: readonly string[];
  name?: string;
  email?: string;
  disabled?: boolean;
}

// One argon2id hash costs about half a second; a test file hashes each password once.
const hashes = new Map<string, Promise<string>>();
const hashOf = (password: string): Promise<string> => {
  let hash = hashes.get(password);
  if (!hash) hashes.set(password, (hash = argon2.hash(password, { type: argon2.argon2id })));
  return hash;
};

/** Adds users straight into the database (same rows as the user store writes), with a cached hash. */
export async function addUsers(wiki: TestWiki, specs: readonly UserSpec[]): Promise<void> {
  const hashed = await Promise.all(specs.map((spec) => hashOf(spec.password ?? USER_PASSWORD)));
  const insertUser = wiki.db.prepare(
    'INSERT INTO users (login, name, email, password_hash, lang, disabled, created) VALUES (?, ?, ?, ?, NULL, ?, ?)',
  );
  const insertGroup = wiki.db.prepare('INSERT INTO user_groups (login, name) VALUES (?, ?)');
  wiki.db.transaction(() => {
    specs.forEach((spec, i) => {
      insertUser.run(spec.login, spec.name ?? '', spec.email ?? '', hashed[i], spec.disabled ? 1 : 0, Date.now());
      for (const group of spec.groups ?? []) insertGroup.run(spec.login, group);
    });
  })();
}

export async function addUser(wiki: TestWiki, spec: UserSpec): Promise<void> {
  await addUsers(wiki, [spec]);
}

/** The stored password hash: compared before and after to see whether a password changed. */
export function passwordHash(wiki: TestWiki, login: string): string | undefined {
  return wiki.db.prepare<[string], { password_hash: string }>('SELECT password_hash FROM users WHERE login = ?').get(login)
    ?.password_hash;
}

export function userOf(wiki: TestWiki, login: string): User | undefined {
  return createUserStore(wiki.db).get(login);
}

/**
 * What an account or admin POST can change: users (with password hashes), sessions, tokens, ACL
 * rules, site settings and revisions. Equal before and after a refused request.
 */
export function snapshot(wiki: TestWiki) {
  const all = <T>(sql: string) => wiki.db.prepare<[], T>(sql).all();
  return {
    users: createUserStore(wiki.db).all(),
    hashes: all<{ login: string; password_hash: string }>('SELECT login, password_hash FROM users ORDER BY login'),
    sessions: all<{ id_hash: string }>('SELECT id_hash FROM sessions ORDER BY id_hash'),
    tokens: all<{ login: string; name: string }>('SELECT login, name FROM api_tokens ORDER BY id'),
    acl: createAclStore(wiki.db).rules(),
    settings: createSettingsStore(wiki.db).site(),
    revisions: all<{ page_id: string; rev: number }>('SELECT page_id, rev FROM revisions ORDER BY page_id, rev'),
  };
}

/** A client logged in as `login` through a session made in the store (no form, no argon2), with a CSRF token. */
export async function clientAs(wiki: TestWiki, login: string): Promise<Client> {
  const client = new Client(wiki.app);
  client.cookies.set(SESSION_COOKIE, createSessionStore(wiki.db).create(login, false).id);
  const profile = await client.get('/_/profile');
  if (profile.statusCode !== 200) throw new Error(`could not log in ${login}: ${profile.statusCode}`);
  return client;
}

/** An anonymous visitor who has seen the log-in form, so holds a visitor cookie and a CSRF token. */
export async function anonymousClient(wiki: TestWiki): Promise<Client> {
  const client = new Client(wiki.app);
  await client.get('/_/login');
  return client;
}

/** The message of a form shown again after an error, or null. */
export function formError(html: string): string | null {
  return /<p class="notice notice--error form-error" role="alert">([^<]*)<\/p>/.exec(html)?.[1] ?? null;
}

/** Who the page was shown to, from the user tools: a display name, or null for "Not logged in". */
export function shownTo(html: string): string | null {
  const match = /<li class="user-name">([^<]*)<\/li>/.exec(html);
  if (!match?.[1]) throw new Error('no user tools in the page');
  const name = /^(?:Logged in as|Connecté en tant que) (.*)$/.exec(match[1]);
  return name?.[1] ?? null;
}

/** The display name of whoever these cookies log in, or null when they log in no one. */
export async function whoIsLoggedIn(app: FastifyInstance, cookies: Record<string, string>): Promise<string | null> {
  const response = await app.inject({ method: 'GET', url: '/_/nothing-here', cookies });
  return shownTo(response.body);
}

export function sessionCookieOf(response: LightMyRequestResponse) {
  return response.cookies.find((cookie) => cookie.name === SESSION_COOKIE);
}

/** A urlencoded POST through inject with exactly these fields (no CSRF token added). */
export function rawPost(
  app: FastifyInstance,
  url: string,
  fields: Record<string, string | string[]>,
  options: { cookies?: Record<string, string>; remoteAddress?: string } = {},
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url,
    cookies: options.cookies ?? {},
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: formBody(fields),
    ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
  });
}

export { SESSION_COOKIE };
