// The zod pieces several API routes share: page ids in the path, paging, timestamps, errors.
import { z } from 'zod';
import { cleanId, MAX_ID_LENGTH } from '../pages/page-id.js';

/** A page id as given in a URL or query (colons, '/' or percent-encoding), cleaned with cleanId. */
export const pageId = z
  .string()
  .meta({ description: 'A page id such as `wiki:syntax`; other spellings are cleaned to it (`Wiki:Syntax` → `wiki:syntax`).' })
  .transform((raw, ctx) => {
    const id = cleanId(raw);
    if (id === '' || id.length > MAX_ID_LENGTH) {
      ctx.issues.push({ code: 'custom', input: raw, message: id === '' ? 'not a page id' : `longer than ${MAX_ID_LENGTH} characters` });
      return z.NEVER;
    }
    return id;
  });

export const pageParams = z.object({ id: pageId });

export const PAGE_LIMIT_DEFAULT = 50;
export const PAGE_LIMIT_MAX = 500;

/** Every list takes `limit` and `first` (an offset); the next `first` comes back in headers. */
export const paging = {
  limit: z.coerce.number().int().min(1).max(PAGE_LIMIT_MAX).default(PAGE_LIMIT_DEFAULT).meta({ description: 'Items per answer.' }),
  first: z.coerce.number().int().min(0).max(1_000_000_000).default(0).meta({ description: 'How many items to skip (from `X-Next-First` or the `Link` header).' }),
};

export const revNumber = z.coerce.number().int().min(1).max(999_999_999);

export const timestamp = z.iso.datetime().meta({ description: 'ISO 8601, UTC' });

export const isoTime = (ms: number): string => new Date(ms).toISOString();

export const revisionType = z.enum(['create', 'edit', 'minor', 'delete', 'revert', 'import', 'rename']);

export const errorBody = z.object({
  error: z.looseObject({
    code: z.string().meta({ description: 'Stable, machine-readable: bad_request, unauthorized, forbidden, not_found, conflict, too_large, unsupported_media_type, locked, rate_limited, server_error …' }),
    message: z.string().meta({ description: 'For people, in the caller’s language.' }),
    field: z.string().optional().meta({ description: '400: the invalid field.' }),
    rev: z.number().int().nullable().optional().meta({ description: '409: the current revision (null: the page does not exist).' }),
    holder: z.string().optional().meta({ description: '423: who holds the lock.' }),
    expires: timestamp.optional().meta({ description: '423: when the lock ends.' }),
  }),
});
