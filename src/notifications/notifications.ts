// Notifications as the wiki holds them (SPEC §14): the stores (subscriptions, webhooks, one-time
// account links, the outbox), what a change queues, and how queued mails are composed. Built once by
// createWiki; the server adds the worker that sends (src/app.ts), the command line never sends.
import type { Eta } from 'eta';
import type { Access } from '../access/access.js';
import { createAccountTokenStore, type TokenPurpose } from '../accounts/account-tokens.js';
import type { UserStore } from '../accounts/users.js';
import type { Db } from '../db.js';
import type { RecentChanges } from '../finding/recent.js';
import type { PageStore } from '../pages/store.js';
import type { SettingsStore } from '../site/settings.js';
import { createChangeRecorder } from './changes.js';
import { createComposer } from './compose.js';
import { createOutbox, MAIL_DESTINATION } from './outbox.js';
import { createSubscriptionStore } from './subscriptions.js';
import { createWebhookStore } from './webhooks.js';

export interface NotificationOptions {
  /** The wiki's public URL (QUIRE_BASE_URL, else where the server listens), for links in mails and webhooks. */
  baseUrl: string;
  /** Whether mail is configured (QUIRE_SMTP_URL and QUIRE_MAIL_FROM). */
  mail: boolean;
}

export interface NotificationDeps extends NotificationOptions {
  db: Db;
  pages: PageStore;
  users: UserStore;
  access: Access;
  settings: SettingsStore;
  recent: RecentChanges;
  eta: Eta;
}

export type Notifications = ReturnType<typeof createNotifications>;

export function createNotifications(deps: NotificationDeps) {
  const { db, baseUrl } = deps;
  const outbox = createOutbox(db);
  const subscriptions = createSubscriptionStore(db);
  const webhooks = createWebhookStore(db);
  const accountTokens = createAccountTokenStore(db);
  const recorder = createChangeRecorder({ outbox, subscriptions, webhooks, pages: deps.pages, access: deps.access, settings: deps.settings, mail: deps.mail, baseUrl });
  const composer = createComposer({ users: deps.users, access: deps.access, pages: deps.pages, recent: deps.recent, subscriptions, settings: deps.settings, eta: deps.eta, baseUrl });
  // The server's worker, told when something was queued; nothing in the command line.
  let wake = () => {};

  return {
    mail: deps.mail,
    baseUrl,
    outbox,
    subscriptions,
    webhooks,
    accountTokens,
    recorder,
    composer,
    /** Who to tell when rows were queued (the worker's nudge). */
    onQueued(listener: () => void): void {
      wake = listener;
    },
    /** Rows were committed to the outbox: the worker may look now. */
    queued(): void {
      wake();
    },
    /**
     * Issues a one-time link for `login` and queues its mail in one transaction (a password reset,
     * an address confirmation); false when mail is off.
     */
    queueAccountMail(purpose: TokenPurpose, login: string): boolean {
      if (!deps.mail) return false;
      db.transaction(() => {
        const token = accountTokens.issue(login, purpose);
        outbox.enqueue({ destination: MAIL_DESTINATION, kind: purpose, payload: { login, token }, dueAt: Date.now() });
      }).immediate();
      wake();
      return true;
    },
  };
}
