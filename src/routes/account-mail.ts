// The account screens that work through mail (SPEC §14): "Forgot your password?" at /_/login/reset
// (the same answer whether or not the account exists, a one-time link valid 3 days, the new password
// set once with the profile's rules, the user's other sessions ended) and the confirmation of a new
// account's address at /_/register/confirm. Both answer 404 while mail is not configured.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { FailureLimiter } from '../accounts/rate-limit.js';
import type { SessionStore } from '../accounts/sessions.js';
import { normaliseLogin, PASSWORD_MIN, type UserStore } from '../accounts/users.js';
import { notFound } from '../errors.js';
import type { Notifications } from '../notifications/notifications.js';
import { checkInput, single } from '../web/forms.js';

const askForm = z.object({ u: z.string().trim().min(1).max(200) });
const passwordForm = z.object({
  password_new: z.string().max(1000),
  password_confirm: z.string().max(1000),
  token: z.string().max(200).optional(),
});

type Request = FastifyRequest<{ Querystring: Record<string, unknown> }>;

export type AccountMailHandlers = ReturnType<typeof accountMailHandlers>;

export function accountMailHandlers(deps: { notifications: Notifications; users: UserStore; sessions: SessionStore; resetRequests: FailureLimiter }) {
  const { notifications, users, sessions, resetRequests } = deps;
  const { accountTokens } = notifications;

  function mailOn(): void {
    if (!notifications.mail) throw notFound();
  }

  /** The token of a link: in the address, or carried by the form. */
  const tokenOf = (request: Request) => single(request.query.token) ?? single((request.body as Record<string, unknown> | undefined)?.token) ?? '';

  function showAsk(request: Request, reply: FastifyReply, notice: { message?: string; error?: string; u?: string } = {}) {
    const t = request.locale.t;
    return reply.page('reset', { title: t('reset.title'), noindex: true, mode: 'ask', u: notice.u ?? '', message: notice.message ?? null, error: notice.error ?? null });
  }

  function showNewPassword(request: Request, reply: FastifyReply, token: string, login: string, error: string | null = null) {
    const t = request.locale.t;
    // The link's token must not leave in a Referer header.
    reply.header('referrer-policy', 'no-referrer');
    return reply.page('reset', { title: t('reset.newTitle'), noindex: true, mode: 'new', token, login, message: null, error });
  }

  function showInvalid(request: Request, reply: FastifyReply) {
    const t = request.locale.t;
    reply.status(400).header('referrer-policy', 'no-referrer');
    return reply.page('reset', { title: t('reset.newTitle'), noindex: true, mode: 'invalid', message: null, error: t('reset.invalid') });
  }

  const askReset = async (request: Request, reply: FastifyReply) => {
    mailOn();
    const token = tokenOf(request);
    if (token === '') return showAsk(request, reply);
    const login = accountTokens.peek(token, 'reset');
    return login === null ? showInvalid(request, reply) : showNewPassword(request, reply, token, login);
  };

  /** Asking for a link: rate limited per address and per name, like logging in; the same answer either way. */
  async function requestLink(request: Request, reply: FastifyReply) {
    const t = request.locale.t;
    const checked = checkInput(askForm, request.body);
    if (!checked.ok) {
      reply.status(400);
      return showAsk(request, reply, { error: t('form.invalid', { field: 'u' }) });
    }
    const asked = checked.data.u;
    const keys = [`ip:${request.ip}`, `u:${asked.toLowerCase()}`];
    if (keys.some((key) => resetRequests.blocked(key))) {
      reply.status(429);
      return showAsk(request, reply, { u: asked, error: t('error.tooManyRequests') });
    }
    for (const key of keys) resetRequests.fail(key);
    const accounts = asked.includes('@') ? users.withEmail(asked) : [users.get(normaliseLogin(asked))].filter((user) => user !== undefined);
    for (const user of accounts) {
      if (!user.disabled && user.email !== '') notifications.queueAccountMail('reset', user.login);
    }
    request.log.info({ found: accounts.length > 0 }, 'password reset asked');
    return showAsk(request, reply, { message: t('reset.sent') });
  }

  const reset = async (request: Request, reply: FastifyReply) => {
    mailOn();
    const token = tokenOf(request);
    if (token === '') return requestLink(request, reply);
    const t = request.locale.t;
    const login = accountTokens.peek(token, 'reset');
    if (login === null) return showInvalid(request, reply);
    const checked = checkInput(passwordForm, request.body);
    if (!checked.ok) {
      reply.status(400);
      return showNewPassword(request, reply, token, login, t('form.invalid', { field: checked.field }));
    }
    const form = checked.data;
    if (form.password_new.length < PASSWORD_MIN) {
      reply.status(400);
      return showNewPassword(request, reply, token, login, t('auth.passwordShort', { min: PASSWORD_MIN }));
    }
    if (form.password_new !== form.password_confirm) {
      reply.status(400);
      return showNewPassword(request, reply, token, login, t('auth.passwordMismatch'));
    }
    // The link works once: whoever uses it first, and only them, sets the password.
    if (accountTokens.consume(token, 'reset') !== login) return showInvalid(request, reply);
    await users.setPassword(login, form.password_new);
    sessions.endAllFor(login, request.viewer.login === login ? request.sessionId : null);
    request.log.info({ login }, 'password reset');
    return reply.redirect('/_/login?reset=done', 303);
  };

  function showConfirm(request: Request, reply: FastifyReply, token: string, login: string | null) {
    const t = request.locale.t;
    reply.header('referrer-policy', 'no-referrer');
    if (login === null) reply.status(400);
    return reply.page('register-confirm', {
      title: t('register.confirmTitle'),
      noindex: true,
      token,
      intro: login === null ? null : t('register.confirmIntro', { login }),
      error: login === null ? t('register.confirmInvalid') : null,
    });
  }

  const askConfirm = async (request: Request, reply: FastifyReply) => {
    mailOn();
    const token = tokenOf(request);
    return showConfirm(request, reply, token, token === '' ? null : accountTokens.peek(token, 'confirm'));
  };

  const confirm = async (request: Request, reply: FastifyReply) => {
    mailOn();
    const token = tokenOf(request);
    const login = token === '' ? null : accountTokens.consume(token, 'confirm');
    if (login === null) return showConfirm(request, reply, token, null);
    users.setDisabled(login, false);
    reply.startSession(login, false);
    return reply.redirect('/', 303);
  };

  return { askReset, reset, askConfirm, confirm };
}

/**
 * A new account that must confirm its address first (the admin setting, with mail on): it stays
 * disabled until the mailed link is followed. False when no confirmation is asked for.
 */
export function holdForConfirmation(notifications: Notifications | undefined, required: boolean, users: UserStore, login: string): boolean {
  if (!required || !notifications?.mail) return false;
  users.setDisabled(login, true);
  return notifications.queueAccountMail('confirm', login);
}
