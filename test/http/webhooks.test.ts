// Webhooks (SPEC §14) against a real HTTP receiver on a loopback port: the JSON body and its
// headers, the signature checked with the secret, retries after a 500 with the same delivery id,
// the delivery log and "redeliver", event and namespace filters, the private flag, media events,
// no redirect followed, a time limit, and no request at all to a private address unless allowed.
import crypto from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { Client, createTestWiki, type TestWiki } from '../helpers/wiki.js';
import { clientAs } from './accounts-support.js';

const SECRET = 'a-shared-secret';

let receiver: Receiver;
let wiki: TestWiki;
let admin: Client;

const drain = () => wiki.app.outboxWorker.drain();
const deliveries = () => wiki.db.prepare('SELECT delivery, state, attempts, last_status, last_error, due_at FROM outbox WHERE destination LIKE ? ORDER BY id').all('webhook:%') as {
  delivery: string;
  state: string;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  due_at: number;
}[];

async function addWebhook(fields: Record<string, string | string[]>): Promise<number> {
  await admin.get('/_/admin/webhooks');
  const response = await admin.post('/_/admin/webhooks', fields);
  expect(response.statusCode).toBe(303);
  return Number(/\/_\/admin\/webhooks\/(\d+)/.exec(String(response.headers.location))?.[1]);
}

async function allowPrivate(on: boolean) {
  await admin.get('/_/admin/webhooks');
  expect((await admin.post('/_/admin/webhooks?do=settings', on ? { webhooks_private: 'on' } : {})).statusCode).toBe(303);
}

beforeAll(async () => {
  receiver = await startReceiver();
  wiki = await createTestWiki({ QUIRE_BASE_URL: 'https://wiki.example.org' }, { policy: 'public', app: { manualOutbox: true, webhookPost: { timeoutMs: 1000 } } });
  admin = await clientAs(wiki, 'admin');
  // The receiver listens on loopback: the test allows private addresses, as an admin would.
  await allowPrivate(true);
});
afterAll(async () => {
  await wiki?.close();
  await receiver?.close();
});
beforeEach(async () => {
  receiver.requests.length = 0;
  for (const row of wiki.db.prepare('SELECT id FROM webhooks').all() as { id: number }[]) {
    await admin.get(`/_/admin/webhooks/${row.id}`);
    await admin.post(`/_/admin/webhooks/${row.id}?do=delete`);
  }
});

describe('a delivery', () => {
  it('POSTs the event as JSON with its headers, signed with the secret', async () => {
    await addWebhook({ url: receiver.url, secret: SECRET, events: ['page.saved', 'page.deleted', 'page.renamed'] });
    expect((await admin.savePage('/team/notes', '# Notes\n', { summary: 'first notes' })).statusCode).toBe(303);
    await drain();
    const [request] = await receiver.waitFor(1);
    if (!request) throw new Error('nothing received');
    expect(request.method).toBe('POST');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['x-quire-event']).toBe('page.saved');
    const delivery = request.headers['x-quire-delivery'] as string;
    expect(delivery).toMatch(/^[0-9a-f-]{36}$/);
    const expected = `sha256=${crypto.createHmac('sha256', SECRET).update(request.body).digest('hex')}`;
    expect(request.headers['x-quire-signature']).toBe(expected);
    const body = JSON.parse(request.body) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['event', 'id', 'rev', 'author', 'summary', 'at', 'url']);
    expect(body).toMatchObject({ event: 'page.saved', id: 'team:notes', rev: 1, author: 'admin', summary: 'first notes', url: 'https://wiki.example.org/team/notes' });
    expect(new Date(body.at as string).toISOString()).toBe(body.at);
    expect(deliveries()).toMatchObject([{ delivery, state: 'sent', attempts: 1, last_status: 200 }]);
  });

  it('tells of deletions and renames', async () => {
    await addWebhook({ url: receiver.url, secret: SECRET, events: ['page.deleted', 'page.renamed'] });
    await admin.savePage('/team/old', 'Old.\n');
    await admin.get('/team/old?do=rename');
    await admin.post('/team/old?do=rename', { to: 'team:new', update_links: 'off' });
    await admin.get('/team/new?do=delete');
    await admin.post('/team/new?do=delete', { summary: 'bye' });
    await drain();
    const bodies = receiver.requests.map((request) => JSON.parse(request.body) as Record<string, unknown>);
    expect(bodies.map((body) => body.event)).toEqual(['page.renamed', 'page.deleted']);
    expect(bodies[0]).toMatchObject({ id: 'team:new', from: 'team:old' });
    expect(bodies[1]).toMatchObject({ id: 'team:new', summary: 'bye' });
  });

  it('is tried again after a 500 with the same delivery id, and the log keeps the last answer', async () => {
    const id = await addWebhook({ url: receiver.url, secret: SECRET, events: 'page.saved' });
    receiver.answer(500);
    await admin.savePage('/team/retry', 'Retry me.\n');
    await drain();
    const [failed] = deliveries();
    expect(failed).toMatchObject({ state: 'pending', attempts: 1, last_status: 500 });
    expect(failed?.due_at).toBeGreaterThan(Date.now() + 20_000);
    // The backoff has passed.
    wiki.db.prepare("UPDATE outbox SET due_at = 0 WHERE state = 'pending'").run();
    await drain();
    expect(receiver.requests.map((request) => request.status)).toEqual([500, 200]);
    expect(receiver.requests[0]?.headers['x-quire-delivery']).toBe(receiver.requests[1]?.headers['x-quire-delivery']);
    expect(receiver.requests[0]?.body).toBe(receiver.requests[1]?.body);
    expect(deliveries()).toMatchObject([{ state: 'sent', attempts: 2, last_status: 200 }]);

    const log = await admin.get(`/_/admin/webhooks/${id}`);
    expect(log.body).toContain(`data-delivery="${receiver.requests[0]?.headers['x-quire-delivery']}"`);
    expect(log.body).toMatch(/<td>200<\/td>/);
  });

  it('is sent again, same id and body, when the admin presses "redeliver"', async () => {
    const id = await addWebhook({ url: receiver.url, secret: SECRET, events: 'page.saved' });
    await admin.savePage('/team/again', 'Again.\n');
    await drain();
    const row = wiki.db.prepare('SELECT id FROM outbox ORDER BY id DESC LIMIT 1').get() as { id: number };
    const page = await admin.get(`/_/admin/webhooks/${id}`);
    expect(page.body).toContain('Redeliver');
    expect((await admin.post(`/_/admin/webhooks/${id}?do=redeliver`, { delivery: String(row.id) })).statusCode).toBe(303);
    await drain();
    expect(receiver.requests).toHaveLength(2);
    expect(receiver.requests[1]?.headers['x-quire-delivery']).toBe(receiver.requests[0]?.headers['x-quire-delivery']);
    expect(receiver.requests[1]?.body).toBe(receiver.requests[0]?.body);
    expect(deliveries().at(-1)).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('gives up after 24 hours of tries', async () => {
    await addWebhook({ url: receiver.url, secret: SECRET, events: 'page.saved' });
    receiver.answer(503);
    await admin.savePage('/team/dead', 'Dead end.\n');
    wiki.db.prepare('UPDATE outbox SET created = ?').run(Date.now() - 24 * 3600_000 + 1000);
    await drain();
    expect(deliveries().at(-1)).toMatchObject({ state: 'failed', last_status: 503 });
  });
});

describe('which events go where', () => {
  it('filters by event and namespace', async () => {
    await addWebhook({ url: `${receiver.url}?all`, secret: SECRET, events: ['page.saved'] });
    await addWebhook({ url: `${receiver.url}?team`, secret: SECRET, events: ['page.saved'], ns: 'team' });
    await addWebhook({ url: `${receiver.url}?media`, secret: SECRET, events: ['media.uploaded'] });
    await admin.savePage('/team/a', 'A.\n');
    await admin.savePage('/elsewhere/b', 'B.\n');
    await drain();
    expect(receiver.requests.map((request) => `${request.path} ${JSON.parse(request.body).id}`).sort()).toEqual(['/hook?all elsewhere:b', '/hook?all team:a', '/hook?team team:a']);
  });

  it('sends events on pages anonymous visitors may not read only to private endpoints', async () => {
    await addWebhook({ url: `${receiver.url}?public`, secret: SECRET, events: ['page.saved'] });
    await addWebhook({ url: `${receiver.url}?private`, secret: SECRET, events: ['page.saved'], private: 'on' });
    await admin.get('/_/admin/acl');
    await admin.post('/_/admin/acl', { scope: 'hidden:*', subject: '@ALL', level: '0' });
    await admin.savePage('/hidden/plan', 'Secret.\n');
    await admin.savePage('/open/page', 'Open.\n');
    await drain();
    expect(receiver.requests.map((request) => `${request.path} ${JSON.parse(request.body).id}`).sort()).toEqual(['/hook?private hidden:plan', '/hook?private open:page', '/hook?public open:page']);
    await admin.get('/_/admin/acl');
    await admin.post('/_/admin/acl?do=delete', { scope: 'hidden:*', subject: '@ALL' });
  });

  it('tells of media uploads and deletions, written with them', async () => {
    await addWebhook({ url: receiver.url, secret: SECRET, events: ['media.uploaded', 'media.deleted'] });
    await admin.get('/_/media?ns=team');
    const file = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const head = (name: string) => `--X\r\nContent-Disposition: form-data; name="${name}"`;
    const payload = Buffer.concat([
      Buffer.from(`${head('_csrf')}\r\n\r\n${admin.csrf}\r\n${head('ns')}\r\n\r\nteam\r\n${head('file')}; filename="logo.png"\r\nContent-Type: image/png\r\n\r\n`),
      file,
      Buffer.from('\r\n--X--\r\n'),
    ]);
    const upload = await wiki.app.inject({ method: 'POST', url: '/_/media', cookies: Object.fromEntries(admin.cookies), headers: { 'content-type': 'multipart/form-data; boundary=X' }, payload });
    expect(upload.statusCode).toBe(303);
    await admin.get('/_/media?ns=team');
    expect((await admin.post('/_/media/team/logo.png?do=delete')).statusCode).toBe(303);
    await drain();
    const bodies = receiver.requests.map((request) => JSON.parse(request.body) as Record<string, unknown>);
    expect(bodies.map((body) => `${body.event} ${body.id} ${body.rev}`)).toEqual(['media.uploaded team:logo.png 1', 'media.deleted team:logo.png 2']);
    expect(bodies[0]?.url).toBe('https://wiki.example.org/_/media/team/logo.png');
  });
});

describe('where requests may go', () => {
  it('refuses loopback and private addresses unless the admin allows them', async () => {
    await allowPrivate(false);
    try {
      await admin.get('/_/admin/webhooks');
      const refused = await admin.post('/_/admin/webhooks', { url: receiver.url, secret: SECRET, events: 'page.saved' });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('loopback, link-local or private');
      // A name that resolves to loopback is refused when the request is made: nothing is sent.
      await addWebhook({ url: `http://localhost:${receiver.port}/hook`, secret: SECRET, events: 'page.saved' });
      await admin.savePage('/team/ssrf', 'Nothing leaves.\n');
      await drain();
      expect(receiver.requests).toEqual([]);
      expect(deliveries().at(-1)).toMatchObject({ state: 'pending', last_status: null });
      expect(deliveries().at(-1)?.last_error).toMatch(/private or local address/);
    } finally {
      await allowPrivate(true);
    }
  });

  it('does not follow a redirect', async () => {
    await addWebhook({ url: receiver.url, secret: SECRET, events: 'page.saved' });
    receiver.answer('redirect');
    await admin.savePage('/team/moved-away', 'Moved.\n');
    await drain();
    expect(receiver.requests.map((request) => request.path)).toEqual(['/hook']);
    expect(deliveries().at(-1)).toMatchObject({ state: 'pending', last_status: 302 });
    expect(deliveries().at(-1)?.last_error).toMatch(/not followed/);
  });

  it('gives up an attempt that gets no answer in time, without slowing the save', async () => {
    await addWebhook({ url: receiver.url, secret: SECRET, events: 'page.saved' });
    receiver.hold();
    try {
      expect((await admin.savePage('/team/slow', 'Slow.\n')).statusCode).toBe(303);
      await drain();
      expect(deliveries().at(-1)).toMatchObject({ state: 'pending', last_status: null });
      expect(deliveries().at(-1)?.last_error).toMatch(/no answer within 1 s/);
    } finally {
      receiver.release();
    }
  });
});
