// What the API tests share: one wiki per test file with a reader, an editor and an admin holding
// tokens, ACL rules set through the admin screen, and a JSON client that sends a bearer token.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { createSessionStore, SESSION_COOKIE } from '../../src/accounts/sessions.js';
import { createTokenStore } from '../../src/accounts/tokens.js';
import { createUserStore } from '../../src/accounts/users.js';
import { Client, createTestWiki, type TestWiki } from '../helpers/wiki.js';

export const API = '/_/api/v1';

/**
 * Rules on top of the "public" policy, minus `* @user 8`: everyone reads, @editors write; `secret:*`
 * is for editors only; in `docs:*` editors may edit but not create.
 */
export const RULES = [
  { scope: '*', subject: '@editors', level: '8' },
  { scope: 'secret:*', subject: '@ALL', level: '0' },
  { scope: 'secret:*', subject: '@editors', level: '8' },
  { scope: 'docs:*', subject: '@editors', level: '2' },
];

export interface ApiWiki {
  wiki: TestWiki;
  app: FastifyInstance;
  tokens: { reader: string; editor: string; admin: string };
  /** A logged-in admin in a browser, for the admin screens. */
  admin: Client;
  close(): Promise<void>;
}

let nextIp = 1;

/** A fresh client address, so each test has its own anonymous rate-limit bucket. */
export function freshIp(): string {
  nextIp += 1;
  return `10.0.${Math.floor(nextIp / 250)}.${(nextIp % 250) + 1}`;
}

/** Sends JSON with an optional bearer token, from its own address. */
export class ApiClient {
  constructor(
    readonly app: FastifyInstance,
    readonly token: string | null = null,
    readonly ip: string = freshIp(),
  ) {}

  request(method: 'GET' | 'PUT' | 'DELETE' | 'POST' | 'OPTIONS' | 'PATCH', url: string, options: { body?: unknown; headers?: Record<string, string>; cookies?: Record<string, string> } = {}): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    return this.app.inject({
      method,
      url: url.startsWith('/') ? url : `${API}/${url}`,
      headers: { ...headers, ...options.headers },
      cookies: options.cookies ?? {},
      remoteAddress: this.ip,
      ...(options.body === undefined ? {} : { payload: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
    });
  }

  get(url: string, headers?: Record<string, string>) {
    return this.request('GET', url, { ...(headers ? { headers } : {}) });
  }

  put(url: string, body: unknown) {
    return this.request('PUT', url, { body });
  }

  delete(url: string) {
    return this.request('DELETE', url);
  }
}

/** A JSON error: the status, {"error": {code, message}}, never HTML or a stack trace. */
export function expectApiError(response: LightMyRequestResponse, status: number, code?: string): { code: string; message: string; [key: string]: unknown } {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(response.body).not.toMatch(/<html|\bat .+:\d+:\d+|node_modules|\.[jt]s:\d+/i);
  const error = (response.json() as { error: { code: string; message: string } }).error;
  expect(typeof error.code).toBe('string');
  expect(typeof error.message).toBe('string');
  expect(error.message.length).toBeGreaterThan(0);
  if (code) expect(error.code).toBe(code);
  return error;
}

export function json<T = unknown>(response: LightMyRequestResponse, status = 200): T {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  return response.json() as T;
}

/** A browser logged in as `login` through a session made in the store, holding a CSRF token. */
async function browserAs(wiki: TestWiki, login: string): Promise<Client> {
  const client = new Client(wiki.app);
  client.cookies.set(SESSION_COOKIE, createSessionStore(wiki.db).create(login, false).id);
  await client.get('/_/admin/acl');
  return client;
}

/** Sets the ACL through the admin screen (the app's ACL store caches rules, so not behind its back). */
export async function setRules(admin: Client, rules: readonly { scope: string; subject: string; level: string }[]): Promise<void> {
  for (const rule of rules) {
    const response = await admin.post('/_/admin/acl', rule);
    expect(response.statusCode, response.body).toBe(303);
  }
}

export async function openApiWiki(): Promise<ApiWiki> {
  const wiki = await createTestWiki({}, { policy: 'public' });
  const users = createUserStore(wiki.db);
  await Promise.all([
    users.create({ login: 'reader', password: 'reader-password', name: 'Rea Der' }),
    users.create({ login: 'editor', password: 'editor-password', name: 'Ed Itor', groups: ['editors'] }),
  ]);
  const store = createTokenStore(wiki.db);
  const tokens = { reader: store.create('reader', 'test'), editor: store.create('editor', 'test'), admin: store.create('admin', 'test') };
  const admin = await browserAs(wiki, 'admin');
  expect((await admin.post('/_/admin/acl?do=delete', { scope: '*', subject: '@user' })).statusCode).toBe(303);
  await setRules(admin, RULES);
  return { wiki, app: wiki.app, tokens, admin, close: () => wiki.close() };
}

/** Clients for the four kinds of caller. */
export function callers(api: ApiWiki) {
  return {
    anonymous: new ApiClient(api.app),
    reader: new ApiClient(api.app, api.tokens.reader),
    editor: new ApiClient(api.app, api.tokens.editor),
    admin: new ApiClient(api.app, api.tokens.admin),
  };
}
