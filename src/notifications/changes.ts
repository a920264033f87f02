// What a change puts in the outbox, inside the change's own transaction (SPEC §14): a mail for each
// subscriber who wants every change, a pending digest or list for the others, and a webhook
// delivery for each endpoint that wants the event. Nothing is sent here, and nothing slow runs:
// who may read what is checked again when each row is sent.
import { ANONYMOUS, type Access } from '../access/access.js';
import { Level } from '../access/acl.js';
import { idToPath, namespaceOf } from '../pages/page-id.js';
import type { PageChange } from '../pages/events.js';
import type { MediaChange } from '../media/store.js';
import type { PageStore, Revision } from '../pages/store.js';
import type { SettingsStore } from '../site/settings.js';
import { MAIL_DESTINATION, webhookDestination, type Outbox } from './outbox.js';
import { mostSpecific, targetsOf, type Subscription, type SubscriptionStore } from './subscriptions.js';
import { wants, type WebhookEvent, type WebhookStore } from './webhooks.js';

/** The mail of one change to one subscriber (style `every`). */
export interface ChangeMailPayload {
  login: string;
  subscription: number;
  event: 'saved' | 'deleted' | 'renamed';
  id: string;
  /** The old id of a renamed page. */
  from?: string;
  rev: number;
}

/** A digest (one page) or a list (a namespace): the changes after `since` up to the moment it is sent. */
export interface PeriodMailPayload {
  subscription: number;
  /** The page of a digest; absent for a list. */
  page?: string;
  since: number;
}

export interface WebhookPayload {
  webhook: number;
  event: WebhookEvent;
  /** The page or media id, to check again at sending time that the endpoint may hear of it. */
  ids: string[];
  media: boolean;
  /** The JSON body, exactly as signed and sent on every try. */
  body: string;
}

export interface ChangeDeps {
  outbox: Outbox;
  subscriptions: SubscriptionStore;
  webhooks: WebhookStore;
  pages: PageStore;
  access: Access;
  settings: SettingsStore;
  /** Whether mail is configured: without it, no mail is queued. */
  mail: boolean;
  /** The wiki's public URL, without a trailing slash, for the links webhooks carry. */
  baseUrl: string;
  now?: () => number;
}

const HOUR = 3600 * 1000;

export const digestKey = (subscription: number, page: string) => `digest:${subscription}:${page}`;
export const listKey = (subscription: number) => `list:${subscription}`;

export function createChangeRecorder(deps: ChangeDeps) {
  const { outbox, subscriptions, webhooks, pages, access, settings } = deps;
  const now = deps.now ?? Date.now;

  const readableByAnyone = (id: string) => access.level(ANONYMOUS, id) >= Level.READ;
  const mediaReadableByAnyone = (id: string) => {
    const ns = namespaceOf(id);
    return access.level(ANONYMOUS, ns === '' ? '*' : `${ns}:*`) >= Level.READ;
  };

  /** A digest or list row: due one period after the last one of the same key (or the subscription). */
  function queuePeriodic(subscription: Subscription, key: string, payload: Omit<PeriodMailPayload, 'since'>, at: number): void {
    const since = outbox.lastClaim(key) ?? subscription.created;
    const dueAt = Math.max(at, since + settings.site().digestHours * HOUR);
    outbox.enqueue({ destination: MAIL_DESTINATION, kind: subscription.style, payload: { ...payload, since }, dueAt, dedupe: key }, at);
  }

  function queueMails(change: PageChange, revision: Revision, matching: Subscription[], id: string, ranked: string[]): void {
    const at = now();
    for (const subscription of mostSpecific(matching, ranked)) {
      if (subscription.style === 'every') {
        // One's own changes and (unless asked for) minor edits are not mailed.
        if (change.author !== null && change.author === subscription.login) continue;
        if (revision.minor && !subscription.minor) continue;
        const payload: ChangeMailPayload = {
          login: subscription.login,
          subscription: subscription.id,
          event: change.kind,
          id,
          ...(change.kind === 'renamed' ? { from: change.from } : {}),
          rev: change.rev,
        };
        outbox.enqueue({ destination: MAIL_DESTINATION, kind: 'change', payload, dueAt: at }, at);
      } else if (subscription.style === 'digest') {
        queuePeriodic(subscription, digestKey(subscription.id, id), { subscription: subscription.id, page: id }, at);
      } else {
        queuePeriodic(subscription, listKey(subscription.id), { subscription: subscription.id }, at);
      }
    }
  }

  function queueWebhooks(event: WebhookEvent, ids: string[], media: boolean, body: Record<string, unknown>): void {
    const list = webhooks.all();
    if (list.length === 0) return;
    const anyoneMayRead = ids.every(media ? mediaReadableByAnyone : readableByAnyone);
    const at = now();
    const json = JSON.stringify(body);
    for (const webhook of list) {
      if (!ids.some((id) => wants(webhook, event, id)) || (!webhook.private && !anyoneMayRead)) continue;
      const payload: WebhookPayload = { webhook: webhook.id, event, ids, media, body: json };
      outbox.enqueue({ destination: webhookDestination(webhook.id), kind: 'webhook', payload, dueAt: at }, at);
    }
  }

  const pageUrl = (id: string) => `${deps.baseUrl}${idToPath(id)}`;

  return {
    /** The 'notifications' page event step: called inside the change's transaction. */
    pageChanged(change: PageChange): void {
      const id = change.kind === 'renamed' ? change.to : change.id;
      const revision = pages.revisions(id, 0, 1)[0];
      // An import brings history, not news.
      if (!revision || revision.type === 'import') return;
      if (deps.mail) {
        if (change.kind === 'renamed') {
          subscriptions.movePage(change.from, change.to);
          const matching = [...subscriptions.matching(change.to), ...subscriptions.matching(change.from)];
          queueMails(change, revision, matching, id, [...targetsOf(change.to), ...targetsOf(change.from)]);
        } else {
          queueMails(change, revision, subscriptions.matching(id), id, targetsOf(id));
        }
      }
      const event: WebhookEvent = change.kind === 'saved' ? 'page.saved' : change.kind === 'deleted' ? 'page.deleted' : 'page.renamed';
      queueWebhooks(event, change.kind === 'renamed' ? [change.to, change.from] : [id], false, {
        event,
        id,
        rev: change.rev,
        author: change.author,
        summary: revision.summary,
        at: new Date(revision.modified).toISOString(),
        url: pageUrl(id),
        ...(change.kind === 'renamed' ? { from: change.from } : {}),
      });
    },
    /** Called by the media store inside an upload's or a deletion's transaction. */
    mediaChanged(change: MediaChange): void {
      const event: WebhookEvent = change.kind === 'uploaded' ? 'media.uploaded' : 'media.deleted';
      queueWebhooks(event, [change.id], true, {
        event,
        id: change.id,
        rev: change.rev,
        author: change.author,
        summary: change.summary,
        at: new Date(change.at).toISOString(),
        url: `${deps.baseUrl}/_/media${idToPath(change.id)}`,
      });
    },
  };
}

export type ChangeRecorder = ReturnType<typeof createChangeRecorder>;
