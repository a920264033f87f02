// GET /_/new?ns=NS (SPEC §12, the "New page" site tool): a namespace and a name, then the editor of
// that page; a name that cleans to nothing, or an id too long, is refused with a message.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MessageKey } from '../i18n/index.js';
import { cleanId, idToPath, MAX_ID_LENGTH } from '../pages/page-id.js';
import { single } from '../web/forms.js';

export type NewPageHandlers = ReturnType<typeof newPageHandlers>;

/** The page `name` makes in `ns`, or why it makes none. */
export function newPageId(ns: string, name: string): { id: string } | { problem: MessageKey } {
  if (cleanId(name) === '') return { problem: 'newPage.empty' };
  const id = cleanId(`${ns}:${name}`);
  if (id.length > MAX_ID_LENGTH) return { problem: 'newPage.tooLong' };
  return { id };
}

export function newPageHandlers() {
  const newPage = async (request: FastifyRequest<{ Querystring: Record<string, unknown> }>, reply: FastifyReply) => {
    const { t } = request.locale;
    const ns = cleanId(single(request.query.ns) ?? '');
    const name = single(request.query.name);
    const show = (error: string | null) =>
      reply.page('new-page', { title: t('newPage.title'), noindex: true, ns, name: name ?? '', error });
    if (name === undefined) return show(null);
    const made = newPageId(ns, name);
    if ('problem' in made) {
      reply.status(400);
      return show(t(made.problem, { max: MAX_ID_LENGTH }));
    }
    // The editor checks the permission to create there, as for any new page.
    return reply.redirect(`${idToPath(made.id)}?do=edit`, 303);
  };
  return { newPage };
}
