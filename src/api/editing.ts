// API: writing pages — PUT saves (creating, changing or, with empty text, deleting) and DELETE,
// through the same editing.save as the editor, with the same conflict check on base_rev.
import { z } from 'zod';
import { Level } from '../access/acl.js';
import type { EditRequest } from '../pages/editing.js';
import { deny, notFound, tooLarge } from '../errors.js';
import { MAX_TEXT_BYTES } from '../limits.js';
import { userHolder } from '../pages/locks.js';
import { SUMMARY_MAX, type SaveOutcome } from '../pages/store.js';
import { ApiError } from './errors.js';
import { defineRoute, type ApiContext, type ApiResult } from './route.js';
import { isoTime, pageParams, revNumber } from './schemas.js';

const saved = z.object({
  id: z.string().meta({ description: 'The clean id the page was saved under.' }),
  rev: z.number().int().meta({ description: 'The revision now current (after a delete: the delete revision).' }),
});

/** The answer to a save, whatever its outcome; TypeScript checks that every outcome is handled. */
function answer(id: string, outcome: SaveOutcome): ApiResult<z.input<typeof saved>> {
  switch (outcome.status) {
    case 'saved':
      return { status: outcome.type === 'create' ? 201 : 200, body: { id, rev: outcome.rev } };
    case 'unchanged':
      // Empty text for a page that does not exist: there was nothing to delete.
      if (outcome.rev === null) throw notFound();
      return { body: { id, rev: outcome.rev } };
    case 'conflict':
      throw new ApiError(409, 'conflict', 'api.conflict', {}, { rev: outcome.current?.rev ?? null });
    case 'locked': {
      const expires = isoTime(outcome.expires);
      throw new ApiError(423, 'locked', 'api.locked', { holder: outcome.holder, expires }, { holder: outcome.holder, expires });
    }
    default: {
      const unhandled: never = outcome;
      throw new Error(`unhandled save outcome ${JSON.stringify(unhandled)}`);
    }
  }
}

/** Saves as the caller: their own edit lock (from the editor) does not block them; anyone's blocks anonymous callers. */
function save(context: ApiContext, request: Omit<EditRequest, 'author' | 'ip' | 'holder'>) {
  const { login } = context.viewer;
  return context.deps.editing.save({ ...request, author: login, ip: context.ip, holder: login === null ? null : userHolder(login) });
}

const putBody = z.strictObject({
  text: z.string().meta({ description: 'The whole Markdown source; empty deletes the page.' }),
  summary: z.string().max(SUMMARY_MAX).default(''),
  minor: z.boolean().default(false),
  base_rev: z.number().int().min(0).nullable().optional().meta({
    description: 'The revision your text is based on: 409 if the page is at another one now. 0 or null: the page must not exist yet. Omitted: no check (overwrite).',
  }),
});

export const putPage = defineRoute({
  method: 'PUT',
  path: '/pages/{id}',
  operationId: 'putPage',
  summary: 'Create, change or (with empty text) delete a page',
  description: 'Needs edit permission, and create permission for a new page. Unchanged text makes no revision.',
  tag: 'pages',
  needs: { kind: 'page', level: 'edit', scope: (params) => params.id },
  params: pageParams,
  body: putBody,
  response: saved,
  statuses: [201],
  errors: [400, 403, 404, 409, 413, 415, 423],
  handle({ params: { id }, body }, context) {
    if (Buffer.byteLength(body.text) > MAX_TEXT_BYTES) throw tooLarge();
    const currentRev = context.deps.pages.meta(id)?.rev ?? null;
    if (context.permission < (currentRev === null ? Level.CREATE : Level.EDIT)) throw deny(context.viewer);
    const baseRev = body.base_rev === undefined ? currentRev : body.base_rev || null;
    return answer(id, save(context, { id, text: body.text, baseRev, summary: body.summary, minor: body.minor }));
  },
});

export const deletePage = defineRoute({
  method: 'DELETE',
  path: '/pages/{id}',
  operationId: 'deletePage',
  summary: 'Delete a page (its history is kept)',
  tag: 'pages',
  needs: { kind: 'page', level: 'edit', scope: (params) => params.id },
  params: pageParams,
  query: z.object({
    summary: z.string().max(SUMMARY_MAX).default(''),
    base_rev: revNumber.optional().meta({ description: 'Delete only if the page is still at this revision (else 409).' }),
  }),
  response: saved,
  errors: [400, 403, 404, 409, 423],
  handle({ params: { id }, query }, context) {
    const current = context.deps.pages.meta(id);
    if (!current) throw notFound();
    return answer(id, save(context, { id, text: '', baseRev: query.base_rev ?? current.rev, summary: query.summary, minor: false }));
  },
});
