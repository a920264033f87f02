// API: full-text search over the pages the caller may read, page-name matches first.
import { z } from 'zod';
import { MAX_QUERY_LENGTH } from '../finding/search-index.js';
import { defineRoute } from './route.js';
import { paging } from './schemas.js';

const hit = z.object({
  id: z.string(),
  title: z.string().nullable(),
  score: z.number(),
  snippet: z.string().meta({ description: 'HTML: escaped text with the matches in `<mark>`.' }),
});

export const searchPages = defineRoute({
  method: 'GET',
  path: '/search',
  operationId: 'search',
  summary: 'Search the readable pages (same syntax as the search box)',
  description: 'Case- and accent-insensitive; `"a phrase"`, `-word` excludes, `ns:NAME` or `@NAME` limits to a namespace.',
  tag: 'search',
  needs: { kind: 'each' },
  query: z.object({ q: z.string().trim().min(1).max(MAX_QUERY_LENGTH).meta({ description: 'What to look for.' }), ...paging }),
  response: z.array(hit),
  errors: [400],
  paged: true,
  handle({ query: { q, first, limit } }, { deps, canRead }) {
    const result = deps.search.search(q, { canRead, limit, offset: first });
    const body = result.hits.map(({ id, title, score, snippet }) => ({ id, title, score, snippet }));
    return { body, next: first + limit < result.total ? first + limit : null, total: result.total };
  },
});
