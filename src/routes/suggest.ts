// GET /_/suggest?q=TEXT&ns=NS: pages for the editor's `[[` completion (SPEC §12), as JSON
// `{"pages": [{"id", "title"}]}`, only those the viewer may read.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Viewer } from '../access/access.js';
import type { ReadFilter } from '../access/readable.js';
import type { SuggestReply } from '../editor/wire.js';
import type { PageIndex } from '../finding/page-index.js';
import { suggestPages } from '../finding/suggest.js';
import { MAX_QUERY_LENGTH } from '../finding/search-index.js';
import { badRequest } from '../errors.js';
import { cleanId } from '../pages/page-id.js';
import { single } from '../web/forms.js';

export interface SuggestDeps {
  pageIndex: PageIndex;
  readable: (viewer: Viewer) => ReadFilter;
}

export type SuggestHandlers = ReturnType<typeof suggestHandlers>;

export function suggestHandlers(deps: SuggestDeps) {
  const suggest = async (request: FastifyRequest<{ Querystring: Record<string, unknown> }>, reply: FastifyReply) => {
    const q = single(request.query.q) ?? '';
    if (q.length > MAX_QUERY_LENGTH) throw badRequest('q');
    const near = cleanId(single(request.query.ns) ?? '');
    const pages = suggestPages(deps.pageIndex.titled(), q, { near, canRead: deps.readable(request.viewer) });
    return reply.header('cache-control', 'private, no-store').send({ pages } satisfies SuggestReply);
  };
  return { suggest };
}
