// Admin: site settings — title, language, start page, registration, trace length, plugins.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Level } from '../acl.js';
import { checkInput, single } from '../forms.js';
import { LANGUAGES } from '../i18n/index.js';
import { cleanId } from '../page-id.js';
import type { SettingsStore } from '../settings.js';

const configForm = z.object({
  title: z.string().trim().min(1).max(100),
  lang: z.enum(LANGUAGES),
  start: z.string().transform(cleanId).pipe(z.string().min(1).max(200).regex(/^[^:]+$/)),
  registration: z.literal('on').optional(),
  breadcrumbs: z.coerce.number().int().min(0).max(50),
  plugins: z.union([z.string(), z.array(z.string())]).optional(),
});

export async function adminConfigRoutes(
  app: FastifyInstance,
  deps: { settings: SettingsStore; availablePlugins?: () => string[] },
): Promise<void> {
  const { settings } = deps;
  const availablePlugins = deps.availablePlugins ?? (() => []);
  const config = { access: { kind: 'level' as const, level: Level.ADMIN, scope: '*' } };

  function show(request: FastifyRequest, reply: FastifyReply, notice: { message?: string; error?: string; values?: Record<string, unknown> } = {}) {
    const t = request.locale.t;
    return reply.page('admin-config', {
      title: t('admin.config'),
      noindex: true,
      values: { ...settings.site(), ...notice.values },
      languages: LANGUAGES,
      plugins: availablePlugins(),
      message: notice.message ?? null,
      error: notice.error ?? null,
    });
  }

  app.get<{ Querystring: Record<string, unknown> }>('/_/admin/config', { config }, async (request, reply) =>
    show(request, reply, { message: single(request.query.saved) ? request.locale.t('config.saved') : undefined }),
  );

  app.post('/_/admin/config', { config }, async (request, reply) => {
    const checked = checkInput(configForm, request.body);
    if (!checked.ok) {
      reply.status(400);
      return show(request, reply, { error: request.locale.t('form.invalid', { field: checked.field }) });
    }
    const form = checked.data;
    const known = new Set(availablePlugins());
    const plugins = (Array.isArray(form.plugins) ? form.plugins : form.plugins ? [form.plugins] : []).filter((name) => known.has(name));
    settings.update({
      title: form.title,
      lang: form.lang,
      start: form.start,
      registration: form.registration === 'on',
      breadcrumbs: form.breadcrumbs,
      plugins,
    });
    return reply.redirect('/_/admin/config?saved=1', 303);
  });
}
