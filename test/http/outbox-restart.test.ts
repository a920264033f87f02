// Nothing lost (SPEC §14): the server runs as a child process (dist/server.js, built by npm ci), a
// save is acknowledged while the SMTP server and the webhook receiver are slow to answer, and the
// process is killed with SIGKILL at once. Started again on the same data directory, it sends the
// mail and the webhook delivery: the mail arrives exactly once, and the receiver sees one delivery
// id, however many times it was tried.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserStore } from '../../src/accounts/users.js';
import { openDatabase } from '../../src/db.js';
import { createSettingsStore } from '../../src/site/settings.js';
import { createSubscriptionStore } from '../../src/notifications/subscriptions.js';
import { createWebhookStore } from '../../src/notifications/webhooks.js';
import { startMailServer, type MailServer } from '../helpers/mail.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';

const SERVER = fileURLToPath(new URL('../../dist/server.js', import.meta.url));
const PASSWORD = 'bob-password-1';

let dir: string;
let smtp: MailServer;
let receiver: Receiver;
let child: ChildProcess | null = null;

/** Starts the server on the data directory; resolves with its address once it listens. */
function startServer(): Promise<{ process: ChildProcess; base: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('QUIRE_')));
  const started = spawn(process.execPath, [SERVER], {
    env: { ...env, QUIRE_DATA: dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', QUIRE_SMTP_URL: smtp.url, QUIRE_MAIL_FROM: 'wiki@example.org' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = started;
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const address = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (address) {
        started.stdout?.off('data', onData);
        started.stdout?.resume();
        resolve({ process: started, base: address });
      }
    };
    started.stdout?.on('data', onData);
    started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    started.on('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${output}`)));
  });
}

const exited = (process: ChildProcess) => new Promise<void>((resolve) => (process.exitCode !== null || process.signalCode !== null ? resolve() : process.once('exit', () => resolve())));

/** A browser's visit: cookies kept, the CSRF token of the last form seen. */
class Visitor {
  cookies = new Map<string, string>();
  csrf = '';
  constructor(readonly base: string) {}
  async request(url: string, form?: Record<string, string>): Promise<{ status: number; body: string }> {
    const response = await fetch(`${this.base}${url}`, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: new URLSearchParams({ _csrf: this.csrf, ...form }).toString() } : {}),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const at = pair?.indexOf('=') ?? -1;
      if (pair && at > 0) this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    const body = await response.text();
    this.csrf = /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? this.csrf;
    return { status: response.status, body };
  }
}

beforeAll(async () => {
  if (!fs.existsSync(SERVER)) throw new Error('dist/server.js is missing: run npm run build (npm ci does)');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-restart-'));
  smtp = await startMailServer();
  receiver = await startReceiver();
  // The wiki as it was before: Bob edits, Alice follows the page, a webhook listens on loopback.
  const db = openDatabase(dir);
  const users = createUserStore(db);
  await users.create({ login: 'bob', password: PASSWORD, email: 'bob@example.org' });
  await users.create({ login: 'alice', password: 'alice-password-1', email: 'alice@example.org' });
  createSubscriptionStore(db).subscribe('alice', 'team:notes', 'every', false);
  createSettingsStore(db).update({ webhooksPrivate: true });
  createWebhookStore(db).add({ url: receiver.url, secret: 'restart-secret', events: ['page.saved'], ns: 'team', private: false });
  db.close();
}, 30_000);

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await exited(child);
  }
  await smtp?.close();
  await receiver?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('a server killed right after a save', () => {
  it('sends the mail and the webhook after it is started again, the mail once', async () => {
    const first = await startServer();
    const bob = new Visitor(first.base);
    await bob.request('/_/login');
    expect((await bob.request('/_/login', { u: 'bob', p: PASSWORD })).status).toBe(303);
    await bob.request('/team/notes?do=edit');
    // Both are slow to answer now: the mail and the webhook cannot be out before the kill.
    smtp.hold();
    receiver.hold();
    const saved = await bob.request('/team/notes?do=save', { text: 'Written just before the crash.\n', summary: 'last words', base_rev: '' });
    first.process.kill('SIGKILL');
    expect(saved.status).toBe(303);
    await exited(first.process);
    expect(smtp.mails).toEqual([]);
    const triedBefore = receiver.requests.length;
    smtp.release();
    receiver.release();

    const second = await startServer();
    const [mail] = await smtp.waitFor(1, (received) => received.to.includes('alice@example.org'), 20_000);
    await receiver.waitFor(triedBefore + 1, 20_000);
    second.process.kill('SIGTERM');
    await exited(second.process);

    expect(mail?.subject).toBe('[Quire] team:notes created by bob');
    expect(smtp.mails).toHaveLength(1);
    const ids = new Set(receiver.requests.map((request) => request.headers['x-quire-delivery']));
    expect(ids.size).toBe(1);
    expect(receiver.requests.at(-1)?.status).toBe(200);
    expect(JSON.parse(receiver.requests.at(-1)?.body ?? '{}')).toMatchObject({ event: 'page.saved', id: 'team:notes', summary: 'last words' });

    const db = openDatabase(dir);
    try {
      expect(db.prepare('SELECT destination, state FROM outbox ORDER BY id').all()).toEqual([
        { destination: 'mail', state: 'sent' },
        { destination: 'webhook:1', state: 'sent' },
      ]);
    } finally {
      db.close();
    }
  }, 60_000);
});
