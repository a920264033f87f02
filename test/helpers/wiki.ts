// Test factories: a fresh wiki on a temporary data directory, and a browser-like client for inject.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createAclStore, type Policy } from '../../src/access/acl-store.js';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type Db } from '../../src/db.js';

export interface TestWiki {
  app: FastifyInstance;
  db: Db;
  dir: string;
  close(): Promise<void>;
}

export const ADMIN_PASSWORD = 'admin-password-1';
const DB_FILE = 'quire.sqlite';

let template: Promise<string> | null = null;

/**
 * A migrated, seeded database with the admin user, made once per test file and copied for each
 * wiki: hashing the admin password with argon2 for every test would dominate the suite's time.
 */
function templateDatabase(): Promise<string> {
  template ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-template-'));
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    const db = openDatabase(dir);
    const app = await buildApp(loadConfig({ QUIRE_DATA: dir, QUIRE_ADMIN_PASSWORD: ADMIN_PASSWORD }), db);
    await app.close();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    return path.join(dir, DB_FILE);
  })();
  return template;
}

export interface TestWikiOptions {
  /** The ACL policy (SPEC §5); 'open' lets anonymous visitors edit, as the page tests expect. */
  policy?: Policy;
  /** Start without QUIRE_ADMIN_PASSWORD, as on a first run waiting for /_/setup. */
  noAdmin?: boolean;
}

/**
 * A wiki on its own temporary data directory; `env` adds environment variables (SPEC §9).
 * The user `admin` exists with ADMIN_PASSWORD unless `noAdmin`.
 */
export async function createTestWiki(env: Record<string, string> = {}, options: TestWikiOptions = {}): Promise<TestWiki> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-test-'));
  if (!options.noAdmin) fs.copyFileSync(await templateDatabase(), path.join(dir, DB_FILE));
  const config = loadConfig({ QUIRE_DATA: dir, ...(options.noAdmin ? {} : { QUIRE_ADMIN_PASSWORD: ADMIN_PASSWORD }), ...env });
  const db = openDatabase(config.dataDir);
  createAclStore(db).applyPolicy(options.policy ?? 'open');
  const app = await buildApp(config, db);
  return {
    app,
    db,
    dir,
    async close() {
      await app.close();
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The value of the first hidden _csrf field of a page. */
export function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('no _csrf field in the page');
  return match[1];
}

/** Keeps cookies between requests, like a browser, and posts forms with the CSRF token it last saw. */
export class Client {
  readonly cookies = new Map<string, string>();
  csrf = '';

  constructor(readonly app: FastifyInstance) {}

  private remember(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const cookie of response.cookies) {
      if (cookie.value === '' || cookie.maxAge === 0) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    const match = /name="_csrf" value="([^"]+)"/.exec(response.body);
    if (match?.[1]) this.csrf = match[1];
    return response;
  }

  private cookieHeader(): Record<string, string> {
    return Object.fromEntries(this.cookies);
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.remember(await this.app.inject({ method: 'GET', url, cookies: this.cookieHeader(), headers }));
  }

  /** POSTs a urlencoded form; `_csrf` is added from the last page seen unless given. */
  async post(url: string, form: Record<string, string | string[]> = {}): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    if (!('_csrf' in form)) body.append('_csrf', this.csrf);
    for (const [key, value] of Object.entries(form)) {
      for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
    }
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        cookies: this.cookieHeader(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: body.toString(),
      }),
    );
  }

  /** Logs in through the form; returns the response (303 on success). */
  async login(login: string, password: string, remember = false): Promise<LightMyRequestResponse> {
    await this.get('/_/login');
    return this.post('/_/login', { u: login, p: password, ...(remember ? { remember: 'on' } : {}) });
  }

  /** Opens the editor and saves `text`, as a person would. */
  async savePage(pagePath: string, text: string, extra: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const editor = await this.get(`${pagePath}?do=edit`);
    const baseRev = /name="base_rev" value="(\d*)"/.exec(editor.body)?.[1] ?? '';
    return this.post(`${pagePath}?do=save`, { text, summary: '', base_rev: baseRev, ...extra });
  }
}
