// Admin: notifications (SPEC §14) — the mail state and a test mail on the site settings, the
// subscription counts and the mail queue, and the webhooks: endpoints, their delivery log, and
// "redeliver".
import crypto from 'node:crypto';
import net from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { UserStore } from '../../accounts/users.js';
import type { MailConfig } from '../../config.js';
import { badRequest, notFound } from '../../errors.js';
import { isPrivateAddress } from '../../notifications/address-guard.js';
import type { Mailer } from '../../notifications/mailer.js';
import type { Notifications } from '../../notifications/notifications.js';
import { MAIL_DESTINATION, webhookDestination, type OutboxRow } from '../../notifications/outbox.js';
import { WEBHOOK_EVENTS, type Webhook, type WebhookEvent, type WebhookInput } from '../../notifications/webhooks.js';
import { cleanId } from '../../pages/page-id.js';
import type { SettingsStore } from '../../site/settings.js';
import { checkInput, single } from '../../web/forms.js';

/** What the site settings screen shows of mail. */
export interface MailPanel {
  on: boolean;
  /** smtp://host:port, without the user or password. */
  server: string;
  from: string;
  pending: number;
  failed: number;
  /** The answer to the last test mail, shown once. */
  test: { ok: boolean; message: string } | null;
}

const DELIVERIES_SHOWN = 50;

const webhookForm = z.object({
  url: z.string().trim().max(2000).refine((raw) => {
    try {
      const url = new URL(raw);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
    } catch {
      return false;
    }
  }),
  secret: z.string().trim().max(200).default(''),
  events: z.union([z.enum(WEBHOOK_EVENTS), z.array(z.enum(WEBHOOK_EVENTS)).min(1)]),
  ns: z.string().max(1000).default(''),
  private: z.literal('on').optional(),
});
const settingsForm = z.object({ digest_hours: z.string().regex(/^\d{1,3}$/).transform(Number).pipe(z.number().min(1).max(720)) });
const privateForm = z.object({ webhooks_private: z.literal('on').optional() });
const redeliverForm = z.object({ delivery: z.string().regex(/^\d{1,12}$/).transform(Number) });

type Request = FastifyRequest<{ Querystring: Record<string, unknown>; Params: { id?: string } }>;

export type AdminNotificationHandlers = ReturnType<typeof adminNotificationHandlers>;

export function adminNotificationHandlers(deps: {
  notifications: Notifications;
  settings: SettingsStore;
  users: UserStore;
  mail: MailConfig | null;
  mailer: Mailer | null;
  /** Tells the worker a delivery was queued again. */
  wake: () => void;
}) {
  const { notifications, settings, users, mailer } = deps;
  const { outbox, webhooks, subscriptions } = notifications;
  let lastTest: { login: string; ok: boolean; message: string } | null = null;

  /** The mail part of the site settings screen for this admin (the test result is shown to them once). */
  function mailPanel(request: FastifyRequest): MailPanel {
    const t = request.locale.t;
    const counts = outbox.counts(MAIL_DESTINATION);
    const test = lastTest !== null && lastTest.login === request.viewer.login ? { ok: lastTest.ok, message: lastTest.message } : null;
    if (test && request.method === 'GET') lastTest = null;
    const smtp = deps.mail?.smtp;
    return {
      on: deps.mail !== null,
      server: smtp ? `${smtp.secure ? 'smtps' : 'smtp'}://${smtp.host.includes(':') ? `[${smtp.host}]` : smtp.host}:${smtp.port}` : '',
      from: deps.mail?.from ?? '',
      pending: counts.pending + counts.sending,
      failed: counts.failed,
      test: test ? { ok: test.ok, message: test.ok ? test.message : t('config.testMailFailed', { error: test.message }) } : null,
    };
  }

  const testMail = async (request: Request, reply: FastifyReply) => {
    if (!mailer || !deps.mail) throw notFound();
    const login = request.viewer.login as string;
    const user = users.get(login);
    const t = request.locale.t;
    const mail = user ? notifications.composer.testMail(user, crypto.randomUUID()) : null;
    if (!mail) {
      lastTest = { login, ok: false, message: t('config.testMailNoAddress') };
    } else {
      // Sent at once, not queued: the admin wants to see the server's answer.
      const sent = await mailer.send(mail);
      lastTest = sent.ok ? { login, ok: true, message: t('config.testMailSent', { email: mail.to.address }) } : { login, ok: false, message: sent.error };
    }
    return reply.redirect('/_/admin/config#mail', 303);
  };

  const overview = async (request: Request, reply: FastifyReply) => {
    const t = request.locale.t;
    const summary = subscriptions.summary();
    const counts = outbox.counts(MAIL_DESTINATION);
    return reply.page('admin-notifications', {
      title: t('admin.notifications'),
      noindex: true,
      mailOn: deps.mail !== null,
      summary,
      styles: (['every', 'digest', 'list'] as const).map((style) => ({ label: t(`subscribe.style.${style}`), count: summary.byStyle[style] })),
      queue: (['pending', 'sending', 'sent', 'failed', 'skipped'] as const).map((state) => ({ label: t(`notifications.state.${state}`), count: counts[state] })),
      digestHours: settings.site().digestHours,
      message: single(request.query.saved) ? t('notifications.saved') : null,
      error: null,
    });
  };

  const changeSettings = async (request: Request, reply: FastifyReply) => {
    const checked = checkInput(settingsForm, request.body);
    if (!checked.ok) throw badRequest(checked.field);
    settings.update({ digestHours: checked.data.digest_hours });
    return reply.redirect('/_/admin/notifications?saved=1', 303);
  };

  function webhookRows(request: FastifyRequest) {
    const t = request.locale.t;
    return webhooks.all().map((webhook) => ({
      ...webhook,
      counts: outbox.counts(webhookDestination(webhook.id)),
      href: `/_/admin/webhooks/${webhook.id}`,
      label: t('webhooks.manageLabel', { id: webhook.id }),
    }));
  }

  function showList(request: Request, reply: FastifyReply, notice: { message?: string; error?: string; values?: Record<string, unknown> } = {}) {
    const t = request.locale.t;
    return reply.page('admin-webhooks', {
      title: t('admin.webhooks'),
      noindex: true,
      list: webhookRows(request),
      events: WEBHOOK_EVENTS,
      allowPrivate: settings.site().webhooksPrivate,
      values: { url: '', secret: '', events: [...WEBHOOK_EVENTS], ns: '', private: false, ...notice.values },
      message: notice.message ?? null,
      error: notice.error ?? null,
    });
  }

  const listWebhooks = async (request: Request, reply: FastifyReply) => {
    const t = request.locale.t;
    const done = single(request.query.done);
    return showList(request, reply, { message: done === 'deleted' ? t('webhooks.deleted') : done === 'settings' ? t('notifications.saved') : undefined });
  };

  /** The form's values as an endpoint, or the message of what is wrong with them. */
  function readWebhook(request: FastifyRequest, current: Webhook | null): WebhookInput | string {
    const t = request.locale.t;
    const checked = checkInput(webhookForm, request.body);
    if (!checked.ok) return checked.field === 'url' ? t('webhooks.urlInvalid') : checked.field.startsWith('events') ? t('webhooks.eventsInvalid') : t('form.invalid', { field: checked.field });
    const form = checked.data;
    const host = new URL(form.url).hostname.replace(/^\[|\]$/g, '');
    if (!settings.site().webhooksPrivate && net.isIP(host) !== 0 && isPrivateAddress(host)) return t('webhooks.urlPrivate');
    const events = (Array.isArray(form.events) ? form.events : [form.events]) as WebhookEvent[];
    return {
      url: form.url,
      // An empty secret keeps the current one; a new endpoint without one gets a random one.
      secret: form.secret !== '' ? form.secret : (current?.secret ?? crypto.randomBytes(24).toString('base64url')),
      events,
      ns: cleanId(form.ns),
      private: form.private === 'on',
    };
  }

  const formValues = (request: FastifyRequest) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const events = body.events;
    return { url: String(body.url ?? ''), ns: String(body.ns ?? ''), private: body.private === 'on', events: Array.isArray(events) ? events : events ? [events] : [] };
  };

  const addWebhook = async (request: Request, reply: FastifyReply) => {
    if (single(request.query.do) === 'settings') {
      const checked = checkInput(privateForm, request.body);
      if (!checked.ok) throw badRequest(checked.field);
      settings.update({ webhooksPrivate: checked.data.webhooks_private === 'on' });
      return reply.redirect('/_/admin/webhooks?done=settings', 303);
    }
    const input = readWebhook(request, null);
    if (typeof input === 'string') {
      reply.status(400);
      return showList(request, reply, { error: input, values: formValues(request) });
    }
    const id = webhooks.add(input);
    return reply.redirect(`/_/admin/webhooks/${id}?saved=1`, 303);
  };

  function loadWebhook(request: Request): Webhook {
    const raw = request.params.id ?? '';
    const webhook = /^\d{1,12}$/.test(raw) ? webhooks.get(Number(raw)) : undefined;
    if (!webhook) throw notFound();
    return webhook;
  }

  function deliveryRow(request: FastifyRequest, row: OutboxRow) {
    const t = request.locale.t;
    const payload = JSON.parse(row.payload) as { event?: string };
    return {
      id: row.id,
      delivery: row.delivery,
      event: payload.event ?? '',
      state: t(`notifications.state.${row.state}`),
      attempts: row.attempts,
      status: row.lastStatus,
      error: row.lastError,
      when: request.locale.date(row.created),
      finished: row.state === 'sent' || row.state === 'failed' || row.state === 'skipped',
    };
  }

  function showWebhookScreen(request: Request, reply: FastifyReply, webhook: Webhook, notice: { message?: string; error?: string; values?: Record<string, unknown> } = {}) {
    const t = request.locale.t;
    return reply.page('admin-webhook', {
      title: t('webhooks.edit', { id: webhook.id }),
      noindex: true,
      webhook,
      events: WEBHOOK_EVENTS,
      values: { url: webhook.url, ns: webhook.ns, private: webhook.private, events: webhook.events, ...notice.values },
      deliveries: outbox.recent(webhookDestination(webhook.id), DELIVERIES_SHOWN).map((row) => deliveryRow(request, row)),
      message: notice.message ?? null,
      error: notice.error ?? null,
    });
  }

  const showWebhook = async (request: Request, reply: FastifyReply) => {
    const t = request.locale.t;
    const webhook = loadWebhook(request);
    const saved = single(request.query.saved);
    return showWebhookScreen(request, reply, webhook, { message: saved === 'redelivered' ? t('webhooks.redelivered') : saved ? t('webhooks.saved') : undefined });
  };

  const changeWebhook = async (request: Request, reply: FastifyReply) => {
    const webhook = loadWebhook(request);
    const action = single(request.query.do) ?? '';
    if (action === 'delete') {
      webhooks.remove(webhook.id);
      outbox.removeDestination(webhookDestination(webhook.id));
      return reply.redirect('/_/admin/webhooks?done=deleted', 303);
    }
    if (action === 'redeliver') {
      const checked = checkInput(redeliverForm, request.body);
      if (!checked.ok) throw badRequest(checked.field);
      const row = outbox.get(checked.data.delivery);
      if (!row || row.destination !== webhookDestination(webhook.id) || !outbox.redeliver(row.id, Date.now())) throw notFound();
      deps.wake();
      return reply.redirect(`/_/admin/webhooks/${webhook.id}?saved=redelivered`, 303);
    }
    if (action !== '') throw badRequest('do');
    const input = readWebhook(request, webhook);
    if (typeof input === 'string') {
      reply.status(400);
      return showWebhookScreen(request, reply, webhook, { error: input, values: formValues(request) });
    }
    webhooks.change(webhook.id, input);
    return reply.redirect(`/_/admin/webhooks/${webhook.id}?saved=1`, 303);
  };

  return { mailPanel, testMail, overview, changeSettings, listWebhooks, addWebhook, showWebhook, changeWebhook };
}
