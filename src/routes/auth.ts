// Logging in and out, and self-registration when the site settings allow it.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { HttpError, notFound } from '../errors.js';
import { checkInput, single } from '../web/forms.js';
import type { MessageKey, Translate } from '../i18n/index.js';
import { userHolder, type LockStore } from '../pages/locks.js';
import type { LoginThrottle } from '../accounts/login-throttle.js';
import type { FailureLimiter } from '../accounts/rate-limit.js';
import type { SettingsStore } from '../site/settings.js';
import { LOGIN_PATTERN, normaliseLogin, PASSWORD_MIN, type UserStore } from '../accounts/users.js';
import { localPath } from '../web/visitors.js';
import type { Notifications } from '../notifications/notifications.js';
import { holdForConfirmation } from './account-mail.js';

const loginForm = z.object({
  u: z.string().max(200),
  p: z.string().max(1000),
  remember: z.literal('on').optional(),
  return_to: z.string().max(4000).optional(),
});

export const registerForm = z.object({
  login: z.string().trim().toLowerCase().regex(LOGIN_PATTERN),
  name: z.string().trim().max(200).default(''),
  email: z.union([z.literal(''), z.email().max(200)]).default(''),
  password: z.string().min(PASSWORD_MIN).max(1000),
  password_confirm: z.string().max(1000),
});

const FIELD_MESSAGES: Record<string, MessageKey> = {
  login: 'auth.loginInvalid',
  email: 'auth.emailInvalid',
  password: 'auth.passwordShort',
  password_new: 'auth.passwordShort',
  groups: 'users.groupsInvalid',
};

/** The message for an invalid account field, naming the field when there is no specific one. */
export function accountFieldError(t: Translate, field: string): string {
  return t(FIELD_MESSAGES[field] ?? 'form.invalid', { min: PASSWORD_MIN, field });
}

export type AuthHandlers = ReturnType<typeof authHandlers>;

/** Registrations one address may make in an hour (each hashes a password). */
export const REGISTRATIONS_PER_HOUR = 10;
const REGISTRATION_WAIT_S = 3600;

/** The password hash queue was full: the answer is 503, try again. */
export const isBusy = (error: unknown): boolean => error instanceof HttpError && error.status === 503;

export function authHandlers(deps: {
  users: UserStore;
  settings: SettingsStore;
  loginThrottle: LoginThrottle;
  /** Registrations per address, counted before the password is hashed. */
  registrations: FailureLimiter;
  locks: LockStore;
  notifications?: Notifications;
}) {
  const { users, settings, loginThrottle, registrations, locks } = deps;

  function showLogin(request: FastifyRequest, reply: FastifyReply, values: { u?: string; returnTo: string; error?: MessageKey; message?: MessageKey }) {
    const t = request.locale.t;
    return reply.page('login', {
      title: t('auth.login.title'),
      noindex: true,
      u: values.u ?? '',
      returnTo: values.returnTo,
      error: values.error ? t(values.error, { min: PASSWORD_MIN }) : null,
      registration: settings.site().registration,
      // "Forgot your password?" works through mail (SPEC §14).
      resetLink: deps.notifications?.mail === true,
      message: values.message ? t(values.message) : null,
    });
  }

  const askLogin = async (request: FastifyRequest<{ Querystring: Record<string, unknown> }>, reply: FastifyReply) => {
    const returnTo = localPath(single(request.query.return_to)) ?? '/';
    if (request.viewer.login !== null) return reply.redirect(returnTo, 303);
    return showLogin(request, reply, { returnTo, ...(single(request.query.reset) === 'done' ? { message: 'reset.done' as const } : {}) });
  };

  const logIn = async (request: FastifyRequest, reply: FastifyReply) => {
    const checked = checkInput(loginForm, request.body);
    if (!checked.ok) throw new HttpError(400, 'bad_request', 'error.field', { field: checked.field });
    const form = checked.data;
    const returnTo = localPath(form.return_to) ?? '/';
    const login = normaliseLogin(form.u);
    const refuse = (status: number, error: MessageKey, retryAfter: number) => {
      reply.status(status).header('retry-after', String(retryAfter));
      return showLogin(request, reply, { u: form.u, returnTo, error });
    };
    // Counted before the password is hashed: simultaneous guesses are refused as they come.
    const wait = loginThrottle.begin(request.ip, login);
    if (wait !== null) return refuse(429, 'error.tooManyRequests', wait);
    let user;
    try {
      user = await users.verify(login, form.p);
    } catch (error) {
      if (!isBusy(error)) throw error;
      loginThrottle.cancel(request.ip, login);
      return refuse(503, 'error.busy', 1);
    }
    if (!user) {
      request.log.info({ login }, 'failed log-in');
      reply.status(401);
      return showLogin(request, reply, { u: form.u, returnTo, error: 'auth.login.failed' });
    }
    loginThrottle.succeeded(request.ip, login);
    reply.startSession(user.login, form.remember === 'on');
    return reply.redirect(returnTo, 303);
  };

  const logOut = async (request: FastifyRequest, reply: FastifyReply) => {
    // Leaving releases the user's edit locks (SPEC §6); their drafts stay for next time.
    if (request.viewer.login !== null) locks.releaseAll(userHolder(request.viewer.login));
    reply.endSession();
    const body = request.body as Record<string, unknown> | undefined;
    return reply.redirect(localPath(body?.return_to) ?? '/', 303);
  };

  function showRegister(request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, error: string | null = null) {
    const t = request.locale.t;
    return reply.page('register', {
      title: t('auth.register.title'),
      noindex: true,
      values: { login: '', name: '', email: '', ...values },
      error,
    });
  }

  const askRegistration = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!settings.site().registration) throw notFound();
    return showRegister(request, reply, {});
  };

  const register = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!settings.site().registration) throw notFound();
    const body = (request.body ?? {}) as Record<string, string>;
    const values = { login: String(body.login ?? ''), name: String(body.name ?? ''), email: String(body.email ?? '') };
    const checked = checkInput(registerForm, body);
    if (!checked.ok) {
      reply.status(400);
      return showRegister(request, reply, values, accountFieldError(request.locale.t, checked.field));
    }
    const form = checked.data;
    const confirming = settings.site().registrationConfirm && deps.notifications?.mail === true;
    if (confirming && form.email === '') {
      reply.status(400);
      return showRegister(request, reply, values, accountFieldError(request.locale.t, 'email'));
    }
    if (form.password !== form.password_confirm) {
      reply.status(400);
      return showRegister(request, reply, values, request.locale.t('auth.passwordMismatch'));
    }
    if (users.get(form.login)) {
      reply.status(409);
      return showRegister(request, reply, values, request.locale.t('auth.register.taken'));
    }
    // Counted before the password is hashed, like log-ins.
    if (registrations.blocked(request.ip)) {
      reply.status(429).header('retry-after', String(REGISTRATION_WAIT_S));
      return showRegister(request, reply, values, request.locale.t('error.tooManyRequests'));
    }
    registrations.fail(request.ip);
    try {
      await users.create({ login: form.login, name: form.name, email: form.email, password: form.password });
    } catch (error) {
      // Two registrations of one login at once: the second is told the login is taken.
      if (!(error instanceof HttpError) || (error.status !== 409 && error.status !== 503)) throw error;
      reply.status(error.status);
      if (error.status === 503) reply.header('retry-after', '1');
      return showRegister(request, reply, values, request.locale.t(error.messageKey));
    }
    if (holdForConfirmation(deps.notifications, confirming, users, form.login)) {
      return reply.page('register-confirm', { title: request.locale.t('register.confirmTitle'), noindex: true, token: null, intro: null, error: null, sent: request.locale.t('register.confirmSent', { email: form.email }) });
    }
    reply.startSession(form.login, false);
    return reply.redirect('/', 303);
  };

  return { askLogin, logIn, logOut, askRegistration, register };
}
