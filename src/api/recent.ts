// API: recent changes, newest first, of the pages the caller may read.
import { z } from 'zod';
import { cleanId } from '../pages/page-id.js';
import { defineRoute } from './route.js';
import { isoTime, paging, revisionType, timestamp } from './schemas.js';

const change = z.object({
  id: z.string(),
  rev: z.number().int(),
  modified: timestamp,
  author: z.string().nullable(),
  summary: z.string(),
  type: revisionType,
});

const since = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((text) => Date.parse(text))
  .meta({ description: 'Only changes at or after this time: ISO 8601 date-time (`2025-06-01T12:00:00Z`) or date (`2025-06-01`, midnight UTC).' });

export const listRecent = defineRoute({
  method: 'GET',
  path: '/recent',
  operationId: 'listRecent',
  summary: 'Recent changes, newest first',
  tag: 'history',
  needs: { kind: 'each' },
  query: z.object({
    since: since.optional(),
    ns: z.string().default('').meta({ description: 'Only pages inside this namespace.' }),
    minor: z.enum(['0', '1']).default('1').meta({ description: '`0` hides minor edits.' }),
    ...paging,
  }),
  response: z.array(change),
  errors: [400],
  paged: true,
  handle({ query }, { deps, canRead }) {
    const ns = cleanId(query.ns);
    const changes = deps.recent.list({
      ...(ns === '' ? {} : { ns }),
      ...(query.since === undefined ? {} : { since: query.since }),
      includeMinor: query.minor === '1',
      canRead,
      limit: query.limit + 1,
      offset: query.first,
    });
    const body = changes.slice(0, query.limit).map((c) => ({
      id: c.id,
      rev: c.rev,
      modified: isoTime(c.modified),
      author: c.author,
      summary: c.summary,
      type: c.type,
    }));
    return { body, next: changes.length > query.limit ? query.first + query.limit : null };
  },
});
