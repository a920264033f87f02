// Logging in and out, and self-registration when the site settings allow it.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { HttpError, notFound } from '../errors.js';
import { checkInput, single } from '../web/forms.js';
import type { MessageKey, Translate } from '../i18n/index.js';
import { userHolder, type LockStore } from '../pages/locks.js';
import type { FailureLimiter } from '../accounts/rate-limit.js';
import type { SettingsStore } from '../site/settings.js';
import { LOGIN_PATTERN, normaliseLogin, PASSWORD_MIN, type UserStore } from '../accounts/users.js';
import { localPath } from '../web/visitors.js';

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

export function authHandlers(deps: { users: UserStore; settings: SettingsStore; loginFailures: FailureLimiter; locks: LockStore }) {
  const { users, settings, loginFailures, locks } = deps;

  function showLogin(request: FastifyRequest, reply: FastifyReply, values: { u?: string; returnTo: string; error?: MessageKey }) {
    const t = request.locale.t;
    return reply.page('login', {
      title: t('auth.login.title'),
      noindex: true,
      u: values.u ?? '',
      returnTo: values.returnTo,
      error: values.error ? t(values.error, { min: PASSWORD_MIN }) : null,
      registration: settings.site().registration,
    });
  }

  const askLogin = async (request: FastifyRequest<{ Querystring: Record<string, unknown> }>, reply: FastifyReply) => {
    const returnTo = localPath(single(request.query.return_to)) ?? '/';
    if (request.viewer.login !== null) return reply.redirect(returnTo, 303);
    return showLogin(request, reply, { returnTo });
  };

  const logIn = async (request: FastifyRequest, reply: FastifyReply) => {
    const checked = checkInput(loginForm, request.body);
    if (!checked.ok) throw new HttpError(400, 'bad_request', 'error.field', { field: checked.field });
    const form = checked.data;
    const returnTo = localPath(form.return_to) ?? '/';
    const login = normaliseLogin(form.u);
    const keys = [`ip:${request.ip}`, `login:${login}`];
    if (keys.some((key) => loginFailures.blocked(key))) {
      reply.status(429);
      return showLogin(request, reply, { u: form.u, returnTo, error: 'error.tooManyRequests' });
    }
    const user = await users.verify(login, form.p);
    if (!user) {
      for (const key of keys) loginFailures.fail(key);
      request.log.info({ login }, 'failed log-in');
      reply.status(401);
      return showLogin(request, reply, { u: form.u, returnTo, error: 'auth.login.failed' });
    }
    loginFailures.reset(`login:${login}`);
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
    if (form.password !== form.password_confirm) {
      reply.status(400);
      return showRegister(request, reply, values, request.locale.t('auth.passwordMismatch'));
    }
    if (users.get(form.login)) {
      reply.status(409);
      return showRegister(request, reply, values, request.locale.t('auth.register.taken'));
    }
    await users.create({ login: form.login, name: form.name, email: form.email, password: form.password });
    reply.startSession(form.login, false);
    return reply.redirect('/', 303);
  };

  return { askLogin, logIn, logOut, askRegistration, register };
}
