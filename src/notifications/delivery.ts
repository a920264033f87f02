// What sending one outbox row means: a mail composed now (who may read what is decided at sending
// time) and handed to the SMTP server, or a webhook body POSTed to its endpoint if the endpoint may
// still hear of the page. The outcome says whether to try again.
import { ANONYMOUS, type Access } from '../access/access.js';
import { Level } from '../access/acl.js';
import { namespaceOf } from '../pages/page-id.js';
import type { SettingsStore } from '../site/settings.js';
import type { WebhookPayload } from './changes.js';
import type { Composer } from './compose.js';
import type { Mailer } from './mailer.js';
import { MAIL_DESTINATION, type Outbox, type OutboxRow, type Outcome } from './outbox.js';
import { postWebhook, type PostOptions } from './webhook-post.js';
import type { WebhookStore } from './webhooks.js';
import { retryAt } from './worker.js';

/** Mails that carry a one-time token: the token is dropped from the row once the mail is out. */
const TOKEN_MAILS = new Set(['reset', 'confirm']);

export interface DeliveryDeps {
  outbox: Outbox;
  composer: Composer;
  /** null: mail is not configured (rows queued before it was turned off are skipped). */
  mailer: Mailer | null;
  webhooks: WebhookStore;
  access: Access;
  settings: SettingsStore;
  /** Test hooks: a resolver for webhook host names, and the time limit of one request. */
  post?: Partial<Pick<PostOptions, 'resolve' | 'timeoutMs'>>;
}

export function createDelivery(deps: DeliveryDeps) {
  const { outbox, composer, mailer, webhooks, access, settings } = deps;

  async function sendMail(row: OutboxRow, now: number): Promise<Outcome> {
    if (!mailer) return { result: 'skipped', reason: 'mail is not configured' };
    const composed = composer.compose(row.kind, JSON.parse(row.payload) as unknown, row.delivery, now);
    if ('skip' in composed) return { result: 'skipped', reason: composed.skip };
    const sent = await mailer.send(composed.mail);
    if (sent.ok) return { result: 'sent', ...(sent.status !== null ? { status: sent.status } : {}) };
    const status = sent.status ?? undefined;
    if (sent.permanent) return { result: 'failed', status, error: sent.error };
    return { result: 'retry', status, error: sent.error, retryAt: retryAt(row.attempts, row.created, now) };
  }

  /** An endpoint that is not private hears only of what anonymous visitors may read, now too. */
  function mayHear(payload: WebhookPayload, isPrivate: boolean): boolean {
    if (isPrivate) return true;
    return payload.ids.every((id) => {
      const scope = payload.media ? (namespaceOf(id) === '' ? '*' : `${namespaceOf(id)}:*`) : id;
      return access.level(ANONYMOUS, scope) >= Level.READ;
    });
  }

  async function sendWebhook(row: OutboxRow, now: number): Promise<Outcome> {
    const payload = JSON.parse(row.payload) as WebhookPayload;
    const webhook = webhooks.get(payload.webhook);
    if (!webhook) return { result: 'skipped', reason: 'the webhook was removed' };
    if (!mayHear(payload, webhook.private)) return { result: 'skipped', reason: 'anonymous visitors may not read the page any more' };
    const posted = await postWebhook(
      { url: webhook.url, secret: webhook.secret, event: payload.event, delivery: row.delivery, body: payload.body },
      { allowPrivate: settings.site().webhooksPrivate, ...deps.post },
    );
    if (posted.ok) return { result: 'sent', status: posted.status };
    return { result: 'retry', ...(posted.status !== null ? { status: posted.status } : {}), error: posted.error, retryAt: retryAt(row.attempts, row.created, now) };
  }

  return {
    async deliver(row: OutboxRow, now: number): Promise<Outcome> {
      const outcome = row.destination === MAIL_DESTINATION ? await sendMail(row, now) : await sendWebhook(row, now);
      const final = outcome.result !== 'retry' || outcome.retryAt === null;
      if (final && TOKEN_MAILS.has(row.kind)) {
        const { login } = JSON.parse(row.payload) as { login: string };
        outbox.scrub(row.id, { login });
      }
      return outcome;
    },
  };
}
