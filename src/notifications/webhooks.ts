// Webhook endpoints (SPEC §14): where events are POSTed, with the secret that signs them, the events
// and namespace they want, and whether they may hear of pages anonymous visitors cannot read.
// All webhook SQL lives here; the list is read again only when it changes.
import type { Db } from '../db.js';

export const WEBHOOK_EVENTS = ['page.saved', 'page.deleted', 'page.renamed', 'media.uploaded', 'media.deleted'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export interface Webhook {
  id: number;
  url: string;
  secret: string;
  events: WebhookEvent[];
  /** '' for the whole wiki, else only ids inside this namespace. */
  ns: string;
  private: boolean;
  created: number;
}

export interface WebhookInput {
  url: string;
  secret: string;
  events: readonly WebhookEvent[];
  ns: string;
  private: boolean;
}

interface Row {
  id: number;
  url: string;
  secret: string;
  events: string;
  ns: string;
  private: number;
  created: number;
}

function toWebhook(row: Row): Webhook {
  const listed = JSON.parse(row.events) as unknown;
  const events = Array.isArray(listed) ? WEBHOOK_EVENTS.filter((event) => listed.includes(event)) : [];
  return { id: row.id, url: row.url, secret: row.secret, events, ns: row.ns, private: row.private === 1, created: row.created };
}

/** Whether an endpoint wants this event on this id (a page id or a media id). */
export function wants(webhook: Webhook, event: WebhookEvent, id: string): boolean {
  return webhook.events.includes(event) && (webhook.ns === '' || id.startsWith(`${webhook.ns}:`));
}

export type WebhookStore = ReturnType<typeof createWebhookStore>;

export function createWebhookStore(db: Db) {
  const q = {
    all: db.prepare<[], Row>('SELECT id, url, secret, events, ns, private, created FROM webhooks ORDER BY id'),
    insert: db.prepare('INSERT INTO webhooks (url, secret, events, ns, private, created) VALUES (@url, @secret, @events, @ns, @private, @created)'),
    update: db.prepare('UPDATE webhooks SET url = @url, secret = @secret, events = @events, ns = @ns, private = @private WHERE id = @id'),
    remove: db.prepare('DELETE FROM webhooks WHERE id = ?'),
    // Another process (or this one) changed the list when this moves.
    version: db.prepare<[], number>('SELECT COALESCE(MAX(id), 0) * 1000003 + COUNT(*) + COALESCE(SUM(length(url) + length(secret) + length(events) + length(ns) + private), 0) FROM webhooks').pluck(),
  };
  let cached: { version: number; list: Webhook[] } | null = null;

  const row = (input: WebhookInput) => ({
    url: input.url,
    secret: input.secret,
    events: JSON.stringify(input.events),
    ns: input.ns,
    private: input.private ? 1 : 0,
  });

  return {
    /** Every endpoint, read again when the table changed. */
    all(): Webhook[] {
      const version = q.version.get() ?? 0;
      if (cached?.version !== version) cached = { version, list: q.all.all().map(toWebhook) };
      return cached.list;
    },
    get(id: number): Webhook | undefined {
      return this.all().find((webhook) => webhook.id === id);
    },
    add(input: WebhookInput, now = Date.now()): number {
      return Number(q.insert.run({ ...row(input), created: now }).lastInsertRowid);
    },
    change(id: number, input: WebhookInput): boolean {
      return q.update.run({ ...row(input), id }).changes > 0;
    },
    remove: (id: number): boolean => q.remove.run(id).changes > 0,
  };
}
