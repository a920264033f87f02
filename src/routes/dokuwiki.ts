// Links into a wiki migrated from DokuWiki keep working: /doku.php?id=ID&do=…&rev=… answers 301
// to the page's canonical URL (the /ID-with-colons form is handled by the canonical redirect).
import type { FastifyInstance } from 'fastify';
import { cleanId, idToPath } from '../page-id.js';

const KEPT_PARAMS = ['do', 'rev', 'rev2', 'first', 'difftype'];

export async function dokuwikiRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: Record<string, string | string[]> }>(
    '/doku.php',
    { config: { access: { kind: 'public' } } },
    async (request, reply) => {
      const raw = request.query.id;
      const id = cleanId(typeof raw === 'string' ? raw : '');
      const query = new URLSearchParams();
      for (const name of KEPT_PARAMS) {
        const value = request.query[name];
        for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) query.append(name, v);
      }
      // DokuWiki's "show" is our plain view.
      if (query.get('do') === 'show') query.delete('do');
      const search = query.toString();
      return reply.redirect(`${id === '' ? '/' : idToPath(id)}${search ? `?${search}` : ''}`, 301);
    },
  );
}
