// /_/setup?token=…: the one-time first-run screen that creates the administrator (SPEC §5).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { POLICIES, type AclStore, type Policy } from '../access/acl-store.js';
import { forbidden, notFound } from '../errors.js';
import { checkInput, single } from '../web/forms.js';
import { LANGUAGES } from '../i18n/index.js';
import type { SettingsStore } from '../site/settings.js';
import type { Setup } from '../accounts/setup.js';
import { ADMIN_GROUP, LOGIN_PATTERN, PASSWORD_MIN, type UserStore } from '../accounts/users.js';
import { accountFieldError } from './auth.js';

const setupForm = z.object({
  token: z.string(),
  login: z.string().trim().toLowerCase().regex(LOGIN_PATTERN),
  password: z.string().min(PASSWORD_MIN).max(1000),
  password_confirm: z.string().max(1000),
  title: z.string().trim().min(1).max(100),
  lang: z.enum(LANGUAGES),
  policy: z.enum(Object.keys(POLICIES) as [Policy, ...Policy[]]),
});

export type SetupHandlers = ReturnType<typeof setupHandlers>;

export function setupHandlers(deps: { setup: Setup; users: UserStore; settings: SettingsStore; acl: AclStore }) {
  const { setup, users, settings, acl } = deps;

  function show(request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, error: string | null = null) {
    const t = request.locale.t;
    return reply.page('setup', {
      title: t('setup.title'),
      noindex: true,
      values: { login: 'admin', title: settings.site().title, lang: settings.site().lang, policy: 'public', ...values },
      policies: Object.keys(POLICIES),
      error,
    });
  }

  const askSetup = async (request: FastifyRequest<{ Querystring: Record<string, unknown> }>, reply: FastifyReply) => {
    if (!setup.pending()) throw notFound();
    const token = single(request.query.token);
    if (!setup.checkToken(token)) throw forbidden();
    return show(request, reply, { token: token ?? '' });
  };

  const finishSetup = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!setup.pending()) throw notFound();
    const body = (request.body ?? {}) as Record<string, string>;
    if (!setup.checkToken(body.token)) throw forbidden();
    const values = Object.fromEntries(['token', 'login', 'title', 'lang', 'policy'].map((k) => [k, String(body[k] ?? '')]));
    const checked = checkInput(setupForm, body);
    if (!checked.ok) {
      reply.status(400);
      return show(request, reply, values, accountFieldError(request.locale.t, checked.field));
    }
    const form = checked.data;
    if (form.password !== form.password_confirm) {
      reply.status(400);
      return show(request, reply, values, request.locale.t('auth.passwordMismatch'));
    }
    if (users.get(form.login)) {
      reply.status(409);
      return show(request, reply, values, request.locale.t('auth.register.taken'));
    }
    await users.create({ login: form.login, name: form.login, password: form.password, groups: [ADMIN_GROUP] });
    settings.update({ title: form.title, lang: form.lang });
    acl.applyPolicy(form.policy);
    setup.finish();
    reply.startSession(form.login, false);
    return reply.redirect('/', 303);
  };

  return { askSetup, finishSetup };
}
