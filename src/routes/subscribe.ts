// Subscriptions (DokuWiki's do=subscribe, SPEC §14): the page actions ?do=subscribe (the form, and
// POST target + style) and ?do=unsubscribe (POST target), the one-click unsubscribe link of every
// mail (/_/unsubscribe, signed, no log-in), and the "Subscribe" page tool. Hidden without mail.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Level } from '../access/acl.js';
import { deny, HttpError, notFound } from '../errors.js';
import type { Locale } from '../i18n/index.js';
import type { Notifications } from '../notifications/notifications.js';
import { covers, isNamespaceTarget, namespaceOfTarget, STYLES, WHOLE_WIKI, type Subscription } from '../notifications/subscriptions.js';
import { checkUnsubscribeToken } from '../notifications/unsubscribe.js';
import { cleanId, idToPath, MAX_ID_LENGTH, parentsOf } from '../pages/page-id.js';
import type { SettingsStore } from '../site/settings.js';
import { checkInput, single } from '../web/forms.js';
import type { ActionContext } from './pages/dispatch.js';
import { chromeFor } from './pages/view.js';

/** `ns:` for a namespace, `:` for the whole wiki, else a page id: cleaned; null when it names nothing. */
export function parseTarget(raw: string): string | null {
  const value = raw.trim();
  if (value === WHOLE_WIKI) return WHOLE_WIKI;
  const id = cleanId(value);
  if (id.length > MAX_ID_LENGTH) return null;
  if (value.endsWith(':')) return id === '' ? WHOLE_WIKI : `${id}:`;
  return id === '' ? null : id;
}

/** The ACL scope a target is read through: the page, `ns:*`, or `*`. */
export const scopeOf = (target: string) => (target === WHOLE_WIKI ? '*' : isNamespaceTarget(target) ? `${namespaceOfTarget(target)}:*` : target);

/** How a target reads in a sentence. */
export function targetName(locale: Locale, target: string): string {
  return target === WHOLE_WIKI ? locale.t('subscribe.wholeWiki') : target;
}

const subscribeForm = z.object({
  target: z.string().max(4 * MAX_ID_LENGTH),
  style: z.enum(STYLES),
  minor: z.literal('on').optional(),
});
const unsubscribeForm = z.object({ target: z.string().max(4 * MAX_ID_LENGTH) });

function notificationsOf(context: ActionContext): Notifications {
  const notifications = context.deps.notifications;
  if (!notifications?.mail) throw notFound();
  if (context.request.viewer.login === null) throw deny(context.request.viewer);
  return notifications;
}

/** The choices of the form: this page, its namespaces upwards, the whole wiki. */
function targetChoices(context: ActionContext): { value: string; label: string }[] {
  const t = context.request.locale.t;
  const namespaces = parentsOf(context.id).reverse();
  return [
    { value: context.id, label: t('subscribe.targetPage', { id: context.id }) },
    ...namespaces.map((ns) => ({ value: `${ns}:`, label: t('subscribe.targetNamespace', { ns: `${ns}:` }) })),
    { value: WHOLE_WIKI, label: t('subscribe.targetWiki') },
  ];
}

async function showForm(context: ActionContext, error: string | null = null) {
  const { request, reply, id, deps } = context;
  const notifications = notificationsOf(context);
  const login = request.viewer.login as string;
  const t = request.locale.t;
  const here = notifications.subscriptions.ofUser(login).filter((subscription) => covers(subscription.target, id));
  return reply.page('subscribe', {
    title: t('subscribe.title', { id }),
    noindex: true,
    error,
    current: here.map((subscription) => ({
      target: subscription.target,
      label: targetName(request.locale, subscription.target),
      style: t(`subscribe.style.${subscription.style}`),
      minor: subscription.minor,
    })),
    choices: targetChoices(context),
    styles: STYLES.map((style) => ({ value: style, label: t(`subscribe.style.${style}`) })),
    hours: deps.settings.site().digestHours,
    noEmail: (context.deps.users?.get(login)?.email ?? '') === '',
    ...chromeFor(context, 'subscribe'),
  });
}

async function form(context: ActionContext) {
  return showForm(context);
}

async function subscribe(context: ActionContext) {
  const { request, reply, id, deps } = context;
  const notifications = notificationsOf(context);
  const checked = checkInput(subscribeForm, request.body);
  if (!checked.ok) throw new HttpError(400, 'bad_request', 'error.field', { field: checked.field });
  const target = parseTarget(checked.data.target);
  if (target === null) throw new HttpError(400, 'bad_request', 'error.field', { field: 'target' });
  if (checked.data.style === 'list' && !isNamespaceTarget(target)) {
    reply.status(400);
    return showForm(context, request.locale.t('subscribe.listOnlyNamespace'));
  }
  if (deps.access.level(request.viewer, scopeOf(target)) < Level.READ) throw deny(request.viewer);
  notifications.subscriptions.subscribe(request.viewer.login as string, target, checked.data.style, checked.data.minor === 'on');
  return reply.redirect(idToPath(id), 303);
}

async function unsubscribe(context: ActionContext) {
  const { request, reply, id } = context;
  const notifications = notificationsOf(context);
  const checked = checkInput(unsubscribeForm, request.body);
  if (!checked.ok) throw new HttpError(400, 'bad_request', 'error.field', { field: checked.field });
  const target = parseTarget(checked.data.target);
  if (target === null) throw new HttpError(400, 'bad_request', 'error.field', { field: 'target' });
  notifications.subscriptions.unsubscribe(request.viewer.login as string, target);
  return reply.redirect(idToPath(id), 303);
}

export { form, subscribe, unsubscribe };

export type UnsubscribeHandlers = ReturnType<typeof unsubscribeHandlers>;

/** /_/unsubscribe?s=ID&token=SIG: a GET asks, a POST (a person's button, or the mail client's one click) removes. */
export function unsubscribeHandlers(deps: { notifications: Notifications; settings: SettingsStore }) {
  const { notifications, settings } = deps;

  function signed(request: FastifyRequest<{ Querystring: Record<string, unknown> }>): Subscription | null {
    const id = single(request.query.s) ?? '';
    const token = single(request.query.token) ?? '';
    if (!/^\d{1,12}$/.test(id) || token === '') return null;
    const subscription = notifications.subscriptions.get(Number(id));
    return subscription && checkUnsubscribeToken(settings.secret(), subscription, token) ? subscription : null;
  }

  function show(request: FastifyRequest, reply: FastifyReply, data: { subscription: Subscription | null; done: boolean; target?: string }) {
    const { locale } = request;
    const t = locale.t;
    if (!data.subscription && !data.done) reply.status(404);
    return reply.page('unsubscribe', {
      title: t('unsubscribe.title'),
      noindex: true,
      action: request.url,
      question: data.subscription
        ? t('unsubscribe.confirm', { target: targetName(locale, data.subscription.target), style: t(`subscribe.style.${data.subscription.style}`), login: data.subscription.login })
        : null,
      done: data.done ? t('unsubscribe.done', { target: targetName(locale, data.target ?? '') }) : null,
      invalid: !data.subscription && !data.done ? t('unsubscribe.invalid') : null,
    });
  }

  const askUnsubscribe = async (request: FastifyRequest<{ Querystring: Record<string, unknown> }>, reply: FastifyReply) => {
    if (!notifications.mail) throw notFound();
    reply.header('referrer-policy', 'no-referrer');
    return show(request, reply, { subscription: signed(request), done: false });
  };

  const unsubscribeByLink = async (request: FastifyRequest<{ Querystring: Record<string, unknown> }>, reply: FastifyReply) => {
    if (!notifications.mail) throw notFound();
    reply.header('referrer-policy', 'no-referrer');
    const subscription = signed(request);
    if (!subscription) return show(request, reply, { subscription: null, done: false });
    notifications.subscriptions.unsubscribe(subscription.login, subscription.target);
    return show(request, reply, { subscription: null, done: true, target: subscription.target });
  };

  return { askUnsubscribe, unsubscribeByLink };
}
