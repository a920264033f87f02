// API: reading pages — the list of readable pages in a namespace, and one page (any revision).
import { z } from 'zod';
import { HttpError, notFound } from '../errors.js';
import { cleanId } from '../pages/page-id.js';
import { defineRoute, type ApiContext } from './route.js';
import { isoTime, pageParams, paging, revNumber, timestamp } from './schemas.js';

const listQuery = z.object({
  ns: z.string().default('').meta({ description: 'Namespace (`wiki`, `team:notes`); empty: the whole wiki.' }),
  depth: z.coerce.number().int().min(0).max(1000).optional().meta({
    description: 'How many namespace levels below `ns` to include: 0 = pages directly in `ns`; omitted = all.',
  }),
  ...paging,
});

const pageSummary = z.object({
  id: z.string(),
  title: z.string().nullable(),
  rev: z.number().int(),
  modified: timestamp,
  size: z.number().int().meta({ description: 'Bytes of Markdown (UTF-8).' }),
});

/** Is `id` inside namespace `ns` ('' = root), at most `depth` namespace levels below it? */
export function inNamespace(id: string, ns: string, depth: number | undefined): boolean {
  if (ns !== '' && !id.startsWith(`${ns}:`)) return false;
  if (depth === undefined) return true;
  const rest = ns === '' ? id : id.slice(ns.length + 1);
  return rest.split(':').length - 1 <= depth;
}

export const listPages = defineRoute({
  method: 'GET',
  path: '/pages',
  operationId: 'listPages',
  summary: 'Readable pages, by id, optionally within a namespace',
  tag: 'pages',
  needs: { kind: 'each' },
  query: listQuery,
  response: z.array(pageSummary),
  errors: [400],
  paged: true,
  handle({ query }, { deps, canRead }) {
    const ns = cleanId(query.ns);
    const ids = deps.pages.allIds().filter((id) => inNamespace(id, ns, query.depth) && canRead(id));
    const window = ids.slice(query.first, query.first + query.limit);
    const body = window.flatMap((id) => {
      const meta = deps.pages.meta(id);
      return meta ? [{ id, title: meta.title, rev: meta.rev, modified: isoTime(meta.modified), size: meta.size }] : [];
    });
    const next = query.first + query.limit < ids.length ? query.first + query.limit : null;
    return { body, next, total: ids.length };
  },
});

const pageBody = z.object({
  id: z.string().meta({ description: 'The clean id, whatever spelling was asked for.' }),
  title: z.string().nullable(),
  rev: z.number().int(),
  modified: timestamp,
  author: z.string().nullable().meta({ description: 'null: an external edit (import, seed).' }),
  summary: z.string(),
  text: z.string().meta({ description: 'The Markdown source.' }),
  html: z.string().optional().meta({ description: 'Only with `format=html`: the rendered page without the site chrome.' }),
});

const getQuery = z.object({
  rev: revNumber.optional().meta({ description: 'An old revision; omitted: the current one.' }),
  format: z.enum(['html']).optional().meta({ description: '`html` adds the rendered page.' }),
});

function current(id: string, withHtml: boolean, { deps, canRead }: ApiContext) {
  const page = deps.pages.get(id);
  if (!page) throw notFound();
  const summary = deps.pages.revisions(id, 0, 1)[0]?.summary ?? '';
  const html = withHtml ? deps.pageRenderer.render(id, page.rev, () => page.text, canRead).html : undefined;
  const { title, rev, modified, author, text } = page;
  return { id, title, rev, modified: isoTime(modified), author, summary, text, ...(html === undefined ? {} : { html }) };
}

function old(id: string, rev: number, withHtml: boolean, { deps, canRead }: ApiContext) {
  const revision = deps.pages.revision(id, rev);
  if (!revision) throw new HttpError(404, 'not_found', 'error.rev', { rev });
  const { modified, author, summary, text } = revision;
  const body = { id, rev, modified: isoTime(modified), author, summary, text };
  if (!withHtml) return { ...body, title: deps.pageRenderer.analyse(id, text).title };
  const rendered = deps.pageRenderer.preview(id, text, canRead);
  return { ...body, title: rendered.title, html: rendered.html };
}

export const getPage = defineRoute({
  method: 'GET',
  path: '/pages/{id}',
  operationId: 'getPage',
  summary: 'A page: its current revision, or `rev`',
  tag: 'pages',
  needs: { kind: 'page', level: 'read', scope: (params) => params.id },
  params: pageParams,
  query: getQuery,
  response: pageBody,
  errors: [400, 403, 404],
  handle({ params, query }, context) {
    const withHtml = query.format === 'html';
    const latest = context.deps.pages.meta(params.id)?.rev;
    const body = query.rev === undefined || query.rev === latest ? current(params.id, withHtml, context) : old(params.id, query.rev, withHtml, context);
    return { body };
  },
});
