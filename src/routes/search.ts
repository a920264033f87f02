// GET /_/search?q=: page-name matches, then full-text hits with snippets, only pages the viewer may
// read, paged with &first=K. An empty or too long query gets the form and a message, never an error.
// "Create page ‹query›" is offered to those who may create the page the query names, when it does
// not exist (SPEC §12).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Access, Viewer } from '../access/access.js';
import { Level } from '../access/acl.js';
import { HttpError } from '../errors.js';
import { single } from '../web/forms.js';
import type { MessageKey } from '../i18n/index.js';
import { cleanId, idToPath, MAX_ID_LENGTH } from '../pages/page-id.js';
import type { PageStore } from '../pages/store.js';
import type { ReadFilter } from '../access/readable.js';
import { MAX_QUERY_LENGTH, type SearchIndex } from '../finding/search-index.js';

export const HITS_PER_PAGE = 20;

export interface SearchDeps {
  search: SearchIndex;
  readable: (viewer: Viewer) => ReadFilter;
  access: Access;
  pages: Pick<PageStore, 'exists'>;
}

/** Search syntax (phrases, exclusions, prefixes, namespaces): such a query names no page. */
const SEARCH_SYNTAX = /["*^@]|(^|\s)-|(^|\s)ns:/i;

/** ?first=K: absent → 0; not a whole number → 400 naming `first`. */
export function parseFirst(raw: unknown): number {
  const value = single(raw);
  if (value === undefined || value === '') return 0;
  if (!/^\d{1,9}$/.test(value)) throw new HttpError(400, 'bad_request', 'error.field', { field: 'first' });
  return Number(value);
}

export type SearchHandlers = ReturnType<typeof searchHandlers>;

export function searchHandlers(deps: SearchDeps) {
  // Each result is filtered with the viewer's read permission; the route itself reveals no page.

  /** The page a plain query names, when this viewer may create it and it does not exist. */
  function createOffer(viewer: Viewer, q: string): { id: string; href: string } | null {
    if (SEARCH_SYNTAX.test(q)) return null;
    const id = cleanId(q);
    if (id === '' || id.length > MAX_ID_LENGTH) return null;
    // Permission first: a page that may not be created here is never looked up.
    if (deps.access.level(viewer, id) < Level.CREATE || deps.pages.exists(id)) return null;
    return { id, href: `${idToPath(id)}?do=edit` };
  }

  const search = async (request: FastifyRequest<{ Querystring: Record<string, unknown> }>, reply: FastifyReply) => {
    const t = request.locale.t;
    const q = (single(request.query.q) ?? '').trim();
    const first = parseFirst(request.query.first);
    const show = (data: Record<string, unknown>) =>
      reply.page('search', { title: q === '' ? t('search.title') : t('search.titleFor', { q }), noindex: true, query: q, ...data });
    const refuse = (message: MessageKey, status: number) => {
      reply.status(status);
      return show({ message: t(message, { max: MAX_QUERY_LENGTH }), result: null });
    };
    if (q === '') return refuse('search.empty', 200);
    if (q.length > MAX_QUERY_LENGTH) return refuse('search.tooLong', 400);

    const result = deps.search.search(q, { canRead: deps.readable(request.viewer), limit: HITS_PER_PAGE, offset: first });
    if (result.terms.length === 0) return refuse('search.noWords', 200);
    const page = (offset: number) => `/_/search?q=${encodeURIComponent(q)}&first=${offset}`;
    return show({
      message: null,
      create: first === 0 ? createOffer(request.viewer, q) : null,
      result: {
        ...result,
        pageNames: first === 0 ? result.pageNames.map((id) => ({ id, href: idToPath(id) })) : [],
        hits: result.hits.map((hit) => ({ ...hit, href: idToPath(hit.id) })),
        from: first + 1,
        to: first + result.hits.length,
      },
      newer: first > 0 ? page(Math.max(0, first - HITS_PER_PAGE)) : null,
      older: first + HITS_PER_PAGE < result.total ? page(first + HITS_PER_PAGE) : null,
    });
  };

  return { search };
}
