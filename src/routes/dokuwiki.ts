// Links into a wiki migrated from DokuWiki keep working: /doku.php?id=ID&do=…&rev=… answers 301
// to the page's canonical URL (the /ID-with-colons form is handled by the canonical redirect).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { cleanId, idToPath } from '../pages/page-id.js';

const KEPT_PARAMS = ['do', 'rev', 'rev2', 'first', 'difftype'];

export type DokuwikiHandlers = ReturnType<typeof dokuwikiHandlers>;

export function dokuwikiHandlers() {
  const dokuPhp = async (request: FastifyRequest<{ Querystring: Record<string, string | string[]> }>, reply: FastifyReply) => {
      const raw = typeof request.query.id === 'string' ? request.query.id.trim() : '';
      const id = cleanId(raw);
      const query = new URLSearchParams();
      for (const name of KEPT_PARAMS) {
        // DokuWiki's revisions form sends rev2[0] and rev2[1].
        const keys = Object.keys(request.query).filter((key) => key === name || key.startsWith(`${name}[`)).sort();
        for (const key of keys) {
          const value = request.query[key];
          for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) query.append(name, v);
        }
      }
      // DokuWiki's "show" is our plain view.
      if (query.get('do') === 'show') query.delete('do');
      const search = query.toString();
      // 'ns:' names the namespace's start page, like /ns/.
      const path = id === '' ? '/' : raw.endsWith(':') ? `${idToPath(id)}/` : idToPath(id);
      return reply.redirect(`${path}${search ? `?${search}` : ''}`, 301);
    };

  return { dokuPhp };
}
