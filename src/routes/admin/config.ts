// Admin: site settings — title, language, start page, registration, trace length, plugins and
// the widgets of the toolbox panel.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { checkInput, single } from '../../web/forms.js';
import { LANGUAGES, type Lang } from '../../i18n/index.js';
import { cleanId } from '../../pages/page-id.js';
import type { SettingsStore } from '../../site/settings.js';

const configForm = z.object({
  title: z.string().trim().min(1).max(100),
  lang: z.enum(LANGUAGES),
  start: z.string().transform(cleanId).pipe(z.string().min(1).max(200).regex(/^[^:]+$/)),
  registration: z.literal('on').optional(),
  breadcrumbs: z.string().regex(/^\d{1,2}$/).transform(Number).pipe(z.number().max(50)),
  plugins: z.union([z.string(), z.array(z.string())]).optional(),
  toolbox: z.union([z.string(), z.array(z.string())]).optional(),
});

/** A repeated field (checkboxes) as a list of the values it may take. */
function pick(raw: string | string[] | undefined, known: readonly string[]): string[] {
  const given = new Set(Array.isArray(raw) ? raw : raw ? [raw] : []);
  return known.filter((name) => given.has(name));
}

export type AdminConfigHandlers = ReturnType<typeof adminConfigHandlers>;

export function adminConfigHandlers(deps: {
    settings: SettingsStore;
    availablePlugins?: () => string[];
    /** Every toolbox widget name, for the panel's checkboxes. */
    availableWidgets?: () => string[];
    /** A plugin's description in the reader's language. */
    describePlugin?: (name: string, lang: Lang) => string;
}) {
  const { settings } = deps;
  const availablePlugins = deps.availablePlugins ?? (() => []);
  const availableWidgets = deps.availableWidgets ?? (() => []);

  function show(request: FastifyRequest, reply: FastifyReply, notice: { message?: string; error?: string; values?: Record<string, unknown> } = {}) {
    const t = request.locale.t;
    return reply.page('admin-config', {
      title: t('admin.config'),
      noindex: true,
      values: { ...settings.site(), ...notice.values },
      languages: LANGUAGES,
      plugins: availablePlugins(),
      pluginDescriptions: Object.fromEntries(availablePlugins().map((name) => [name, deps.describePlugin?.(name, request.locale.lang) ?? ''])),
      widgets: availableWidgets(),
      message: notice.message ?? null,
      error: notice.error ?? null,
    });
  }

  const showConfig = async (request: FastifyRequest<{ Querystring: Record<string, unknown> }>, reply: FastifyReply) =>
    show(request, reply, { message: single(request.query.saved) ? request.locale.t('config.saved') : undefined });

  const changeConfig = async (request: FastifyRequest, reply: FastifyReply) => {
    const checked = checkInput(configForm, request.body);
    if (!checked.ok) {
      reply.status(400);
      return show(request, reply, { error: request.locale.t('form.invalid', { field: checked.field }) });
    }
    const form = checked.data;
    const plugins = pick(form.plugins, availablePlugins());
    const toolbox = pick(form.toolbox, availableWidgets());
    settings.update({
      title: form.title,
      lang: form.lang,
      start: form.start,
      registration: form.registration === 'on',
      breadcrumbs: form.breadcrumbs,
      plugins,
      toolbox,
    });
    return reply.redirect('/_/admin/config?saved=1', 303);
  };

  return { showConfig, changeConfig };
}
