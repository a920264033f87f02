// /_/profile: a logged-in user's name, e-mail, language, password and API tokens.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { deny, HttpError, notFound } from '../errors.js';
import { checkInput, single } from '../web/forms.js';
import { LANGUAGES, type MessageKey } from '../i18n/index.js';
import type { SessionStore } from '../accounts/sessions.js';
import type { TokenStore } from '../accounts/tokens.js';
import { PASSWORD_MIN, type UserStore } from '../accounts/users.js';
import { accountFieldError } from './auth.js';

const profileForm = z.object({
  name: z.string().trim().max(200),
  email: z.union([z.literal(''), z.email().max(200)]),
  lang: z.union([z.literal(''), z.enum(LANGUAGES)]),
  password_current: z.string().max(1000).default(''),
  password_new: z.string().max(1000).default(''),
  password_confirm: z.string().max(1000).default(''),
});

const tokenForm = z.object({ name: z.string().trim().min(1).max(100) });
const revokeForm = z.object({ id: z.string().regex(/^\d{1,12}$/) });

interface Notice {
  message?: MessageKey;
  /** Already translated: it may name a field. */
  error?: string;
  newToken?: string;
}

export type ProfileHandlers = ReturnType<typeof profileHandlers>;

export function profileHandlers(deps: { users: UserStore; tokens: TokenStore; sessions: SessionStore }) {
  const { users, tokens, sessions } = deps;

  function currentUser(request: FastifyRequest) {
    const login = request.viewer.login;
    const user = login === null ? undefined : users.get(login);
    if (!user) throw deny(request.viewer);
    return user;
  }

  function show(request: FastifyRequest, reply: FastifyReply, notice: Notice = {}) {
    const user = currentUser(request);
    const { t, date } = request.locale;
    return reply.page('profile', {
      title: t('profile.title'),
      noindex: true,
      user,
      languages: LANGUAGES,
      tokens: tokens.list(user.login).map((token) => ({
        ...token,
        created: date(token.created),
        lastUsed: token.lastUsed === null ? null : date(token.lastUsed),
      })),
      message: notice.message ? t(notice.message) : null,
      error: notice.error ?? null,
      newToken: notice.newToken ?? null,
    });
  }

  const showProfile = async (request: FastifyRequest<{ Querystring: Record<string, unknown> }>, reply: FastifyReply) => {
    const saved = single(request.query.saved);
    return show(request, reply, {
      message: saved === 'password' ? 'profile.password.changed' : saved === 'profile' ? 'profile.saved' : saved === 'token' ? 'profile.tokens.revoked' : undefined,
    });
  };

  const changeProfile = async (request: FastifyRequest<{ Querystring: Record<string, unknown> }>, reply: FastifyReply) => {
    const user = currentUser(request);
    const action = single(request.query.do) ?? '';
    if (action === 'token_create') {
      const checked = checkInput(tokenForm, request.body);
      if (!checked.ok) {
        reply.status(400);
        return show(request, reply, { error: request.locale.t('form.invalid', { field: checked.field }) });
      }
      const secret = tokens.create(user.login, checked.data.name);
      return show(request, reply, { newToken: secret });
    }
    if (action === 'token_revoke') {
      const checked = checkInput(revokeForm, request.body);
      if (!checked.ok) throw new HttpError(400, 'bad_request', 'error.field', { field: checked.field });
      if (!tokens.revoke(user.login, Number(checked.data.id))) throw notFound();
      return reply.redirect('/_/profile?saved=token', 303);
    }
    if (action !== '') throw new HttpError(400, 'bad_action', 'error.method');

    const checked = checkInput(profileForm, request.body);
    if (!checked.ok) {
      reply.status(400);
      return show(request, reply, { error: accountFieldError(request.locale.t, checked.field) });
    }
    const form = checked.data;
    const changingPassword = form.password_new !== '' || form.password_current !== '';
    if (changingPassword) {
      if (form.password_new.length < PASSWORD_MIN) {
        reply.status(400);
        return show(request, reply, { error: request.locale.t('auth.passwordShort', { min: PASSWORD_MIN }) });
      }
      if (form.password_new !== form.password_confirm) {
        reply.status(400);
        return show(request, reply, { error: request.locale.t('auth.passwordMismatch') });
      }
      if (!(await users.verify(user.login, form.password_current))) {
        reply.status(400);
        return show(request, reply, { error: request.locale.t('profile.password.wrong') });
      }
      await users.setPassword(user.login, form.password_new);
      sessions.endAllFor(user.login, request.sessionId);
    }
    users.update(user.login, { name: form.name, email: form.email, lang: form.lang === '' ? null : form.lang });
    return reply.redirect(`/_/profile?saved=${changingPassword ? 'password' : 'profile'}`, 303);
  };

  return { showProfile, changeProfile };
}
