// API: a page's past and its neighbours — the revision list and the readable pages linking to it.
import { z } from 'zod';
import { notFound } from '../errors.js';
import { defineRoute } from './route.js';
import { isoTime, pageParams, paging, revisionType, timestamp } from './schemas.js';

const revision = z.object({
  rev: z.number().int(),
  modified: timestamp,
  author: z.string().nullable(),
  summary: z.string(),
  type: revisionType,
  minor: z.boolean(),
  size_delta: z.number().int().meta({ description: 'Bytes added (negative: removed).' }),
});

export const listRevisions = defineRoute({
  method: 'GET',
  path: '/pages/{id}/revisions',
  operationId: 'listRevisions',
  summary: 'The revisions of a page, newest first (deleted pages keep theirs)',
  tag: 'history',
  needs: { kind: 'page', level: 'read', scope: (params) => params.id },
  params: pageParams,
  query: z.object(paging),
  response: z.array(revision),
  errors: [400, 403, 404],
  paged: true,
  handle({ params: { id }, query: { first, limit } }, { deps }) {
    const total = deps.pages.countRevisions(id);
    if (total === 0) throw notFound();
    const body = deps.pages.revisions(id, first, limit).map((r) => ({
      rev: r.rev,
      modified: isoTime(r.modified),
      author: r.author,
      summary: r.summary,
      type: r.type,
      minor: r.minor,
      size_delta: r.sizeDelta,
    }));
    return { body, next: first + limit < total ? first + limit : null, total };
  },
});

export const listBacklinks = defineRoute({
  method: 'GET',
  path: '/pages/{id}/backlinks',
  operationId: 'listBacklinks',
  summary: 'Ids of the readable pages that link to this one',
  tag: 'history',
  needs: { kind: 'page', level: 'read', scope: (params) => params.id },
  params: pageParams,
  query: z.object(paging),
  response: z.array(z.string()),
  errors: [400, 403],
  paged: true,
  handle({ params: { id }, query: { first, limit } }, { deps, canRead }) {
    const ids = deps.pages.backlinks(id).filter(canRead);
    return { body: ids.slice(first, first + limit), next: first + limit < ids.length ? first + limit : null, total: ids.length };
  },
});
