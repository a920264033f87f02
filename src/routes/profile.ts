// /_/profile: a logged-in user's name, e-mail, language, password and API tokens.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { deny, HttpError, notFound } from '../errors.js';
import { checkInput, single } from '../web/forms.js';
import { LANGUAGES, type MessageKey } from '../i18n/index.js';
import type { SessionStore } from '../accounts/sessions.js';
import type { TokenStore } from '../accounts/tokens.js';
import type { LoginThrottle } from '../accounts/login-throttle.js';
import { PASSWORD_MIN, type UserStore } from '../accounts/users.js';
import { accountFieldError, isBusy } from './auth.js';
import type { Notifications } from '../notifications/notifications.js';
import { idToPath } from '../pages/page-id.js';
import { isNamespaceTarget, namespaceOfTarget, WHOLE_WIKI } from '../notifications/subscriptions.js';
import { parseTarget } from './subscribe.js';

const profileForm = z.object({
  name: z.string().trim().max(200),
  email: z.union([z.literal(''), z.email().max(200)]),
  lang: z.union([z.literal(''), z.enum(LANGUAGES)]),
  password_current: z.string().max(1000).default(''),
  password_new: z.string().max(1000).default(''),
  password_confirm: z.string().max(1000).default(''),
  revoke_tokens: z.literal('on').optional(),
});

const tokenForm = z.object({ name: z.string().trim().min(1).max(100) });
const revokeForm = z.object({ id: z.string().regex(/^\d{1,12}$/) });
const unsubscribeForm = z.object({ target: z.string().max(4000) });

interface Notice {
  message?: MessageKey;
  /** Already translated: it may name a field. */
  error?: string;
  newToken?: string;
}

export type ProfileHandlers = ReturnType<typeof profileHandlers>;

export function profileHandlers(deps: { users: UserStore; tokens: TokenStore; sessions: SessionStore; loginThrottle: LoginThrottle; notifications?: Notifications }) {
  const { users, tokens, sessions, loginThrottle } = deps;

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
      // Subscriptions (SPEC §14), when mail is on.
      subscriptions: deps.notifications?.mail
        ? deps.notifications.subscriptions.ofUser(user.login).map((subscription) => ({
            target: subscription.target,
            label: subscription.target === WHOLE_WIKI ? t('subscribe.wholeWiki') : subscription.target,
            href: subscription.target === WHOLE_WIKI ? '/_/index' : isNamespaceTarget(subscription.target) ? `/_/index?ns=${encodeURIComponent(namespaceOfTarget(subscription.target))}` : idToPath(subscription.target),
            style: t(`subscribe.style.${subscription.style}`),
            minor: subscription.minor,
          }))
        : null,
    });
  }

  // Revoking a token asks first, on a screen that needs no JavaScript.
  function confirmRevoke(request: FastifyRequest, reply: FastifyReply, rawId: string | undefined) {
    const user = currentUser(request);
    const token = tokens.list(user.login).find((candidate) => String(candidate.id) === rawId);
    if (!token) throw notFound();
    const { t } = request.locale;
    return reply.page('confirm', {
      title: t('profile.tokens.revokeTitle', { name: token.name }),
      noindex: true,
      question: t('profile.tokens.revokeQuestion', { name: token.name }),
      details: [],
      action: '/_/profile?do=token_revoke',
      fields: [['id', String(token.id)]],
      confirmLabel: t('profile.tokens.revoke'),
      cancelHref: '/_/profile',
    });
  }

  const showProfile = async (request: FastifyRequest<{ Querystring: Record<string, unknown> }>, reply: FastifyReply) => {
    if (single(request.query.do) === 'token_revoke') return confirmRevoke(request, reply, single(request.query.id));
    const saved = single(request.query.saved);
    return show(request, reply, {
      message: saved === 'password' ? 'profile.password.changed' : saved === 'profile' ? 'profile.saved' : saved === 'token' ? 'profile.tokens.revoked' : saved === 'unsubscribed' ? 'subscribe.removed' : undefined,
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
    if (action === 'unsubscribe' && deps.notifications?.mail) {
      const checked = checkInput(unsubscribeForm, request.body);
      const target = checked.ok ? parseTarget(checked.data.target) : null;
      if (target === null) throw new HttpError(400, 'bad_request', 'error.field', { field: 'target' });
      deps.notifications.subscriptions.unsubscribe(user.login, target);
      return reply.redirect('/_/profile?saved=unsubscribed#subscriptions', 303);
    }
    if (action !== '') throw new HttpError(400, 'bad_action', 'error.method');

    const checked = checkInput(profileForm, request.body);
    if (!checked.ok) {
      reply.status(400);
      return show(request, reply, { error: accountFieldError(request.locale.t, checked.field) });
    }
    const form = checked.data;
    // Only a new password changes it: a current password the browser filled in alone is ignored.
    const changingPassword = form.password_new !== '';
    if (changingPassword) {
      if (form.password_new.length < PASSWORD_MIN) {
        reply.status(400);
        return show(request, reply, { error: request.locale.t('auth.passwordShort', { min: PASSWORD_MIN }) });
      }
      if (form.password_new !== form.password_confirm) {
        reply.status(400);
        return show(request, reply, { error: request.locale.t('auth.passwordMismatch') });
      }
      // The current password is a guess like a log-in's: counted and throttled the same way.
      const wait = loginThrottle.begin(request.ip, user.login);
      if (wait !== null) {
        reply.status(429).header('retry-after', String(wait));
        return show(request, reply, { error: request.locale.t('error.tooManyRequests') });
      }
      let verified;
      try {
        verified = await users.verify(user.login, form.password_current);
      } catch (error) {
        if (!isBusy(error)) throw error;
        loginThrottle.cancel(request.ip, user.login);
        reply.status(503).header('retry-after', '1');
        return show(request, reply, { error: request.locale.t('error.busy') });
      }
      if (!verified) {
        reply.status(400);
        return show(request, reply, { error: request.locale.t('profile.password.wrong') });
      }
      loginThrottle.succeeded(request.ip, user.login);
      await users.setPassword(user.login, form.password_new);
      sessions.endAllFor(user.login, request.sessionId);
      if (form.revoke_tokens === 'on') tokens.revokeAll(user.login);
    }
    users.update(user.login, { name: form.name, email: form.email, lang: form.lang === '' ? null : form.lang });
    return reply.redirect(`/_/profile?saved=${changingPassword ? 'password' : 'profile'}`, 303);
  };

  return { showProfile, changeProfile };
}
