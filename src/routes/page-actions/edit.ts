// Changing a page: the editor, preview, save (with the conflict check on base_rev), delete, revert.
import { z } from 'zod';
import { Level } from '../../acl.js';
import { MAX_TEXT_BYTES } from '../../limits.js';
import { diffTexts } from '../../diff.js';
import { HttpError, notFound, tooLarge } from '../../errors.js';
import { parseInput } from '../../forms.js';
import { idToPath } from '../../page-id.js';
import type { Page } from '../../pages.js';
import { deny } from '../../web.js';
import type { ActionContext, ActionTable } from '../pages.js';
import { chromeFor, loadVersion, parseRev } from './view.js';

const editForm = z.object({
  text: z.string(),
  summary: z.string().max(10_000).default(''),
  minor: z.literal('on').optional(),
  base_rev: z.string().regex(/^\d{0,9}$/).default(''),
});

type EditForm = z.infer<typeof editForm>;

function parseEditForm(body: unknown): EditForm {
  const form = parseInput(editForm, body);
  if (Buffer.byteLength(form.text) > MAX_TEXT_BYTES) throw tooLarge();
  return form;
}

/** Editing an existing page needs EDIT, creating one needs CREATE. */
function mayWrite(context: ActionContext, exists: boolean): boolean {
  return context.permission >= (exists ? Level.EDIT : Level.CREATE);
}

function requireWrite(context: ActionContext, exists: boolean): void {
  if (!mayWrite(context, exists)) throw deny(context.request.viewer);
}

interface EditorState {
  text: string;
  baseRev: number | null;
  summary?: string;
  minor?: boolean;
  oldRev?: number | null;
  preview?: unknown;
  conflict?: { rev: number | null; diff: ReturnType<typeof diffTexts> };
}

function showEditor(context: ActionContext, page: Page | undefined, state: EditorState) {
  const { t } = context.request.locale;
  return context.reply.page('edit', {
    ...chromeFor(context, 'edit'),
    title: t(page ? 'edit.title' : 'edit.createTitle', { id: context.id }),
    noindex: true,
    summary: '',
    minor: false,
    oldRev: null,
    preview: null,
    conflict: null,
    ...state,
  });
}

async function edit(context: ActionContext) {
  const version = loadVersion(context, parseRev(context.query.rev));
  const exists = version.page !== undefined;
  if (!mayWrite(context, exists)) {
    if (!exists) throw deny(context.request.viewer);
    return context.reply.page('source', {
      ...chromeFor(context, 'edit'),
      title: context.request.locale.t('edit.sourceTitle', { id: context.id }),
      text: version.text,
      noindex: true,
    });
  }
  const oldRev = version.rev !== null && version.rev !== version.page?.rev ? version.rev : null;
  return showEditor(context, version.page, { text: version.text, baseRev: version.page?.rev ?? null, oldRev });
}

async function preview(context: ActionContext) {
  const form = parseEditForm(context.request.body);
  const page = context.deps.pages.get(context.id);
  requireWrite(context, page !== undefined);
  const result = context.deps.pageRenderer.preview(context.id, form.text, context.deps.access.canRead(context.request.viewer));
  return showEditor(context, page, {
    text: form.text,
    baseRev: form.base_rev === '' ? null : Number(form.base_rev),
    summary: form.summary,
    minor: form.minor === 'on',
    preview: result,
  });
}

async function save(context: ActionContext) {
  const { request, reply, id, deps } = context;
  const form = parseEditForm(request.body);
  requireWrite(context, deps.pages.exists(id));
  const baseRev = form.base_rev === '' ? null : Number(form.base_rev);
  const outcome = deps.editing.save({
    id,
    text: form.text,
    baseRev,
    summary: form.summary,
    minor: form.minor === 'on',
    author: request.viewer.login,
    ip: request.ip,
  });
  if (outcome.status !== 'conflict') return reply.redirect(idToPath(id), 303);
  // Someone saved in between: show the user's text again with what changed; nothing is overwritten.
  reply.status(409);
  const current = outcome.current;
  return showEditor(context, current ?? undefined, {
    text: form.text,
    baseRev: current?.rev ?? null,
    summary: form.summary,
    minor: form.minor === 'on',
    conflict: { rev: current?.rev ?? null, diff: diffTexts(current?.text ?? '', form.text) },
  });
}

async function confirmDelete(context: ActionContext) {
  const meta = context.deps.pages.meta(context.id);
  if (!meta) throw notFound();
  requireWrite(context, true);
  return context.reply.page('delete', {
    ...chromeFor(context, 'delete', meta),
    title: context.request.locale.t('delete.title', { id: context.id }),
    noindex: true,
  });
}

const deleteForm = z.object({ summary: z.string().max(10_000).default('') });

async function deletePage(context: ActionContext) {
  const { request, reply, id, deps } = context;
  const form = parseInput(deleteForm, request.body);
  const page = deps.pages.meta(id);
  if (!page) throw notFound();
  requireWrite(context, true);
  deps.editing.save({
    id,
    text: '',
    baseRev: page.rev,
    summary: form.summary,
    minor: false,
    author: request.viewer.login,
    ip: request.ip,
  });
  return reply.redirect(idToPath(id), 303);
}

const revertForm = z.object({ rev: z.string().regex(/^\d{1,9}$/) });

async function revert(context: ActionContext) {
  const { request, reply, id, deps } = context;
  const rev = Number(parseInput(revertForm, request.body).rev);
  const revision = deps.pages.revision(id, rev);
  if (!revision) throw new HttpError(404, 'not_found', 'error.rev', { rev });
  const current = deps.pages.meta(id);
  requireWrite(context, current !== undefined);
  deps.editing.save({
    id,
    text: revision.text,
    baseRev: current?.rev ?? null,
    summary: request.locale.t('revisions.restoredSummary', { rev }),
    minor: false,
    author: request.viewer.login,
    ip: request.ip,
    type: 'revert',
  });
  return reply.redirect(idToPath(id), 303);
}

export const editActions: ActionTable = {
  'GET edit': { needs: Level.READ, handle: edit },
  'POST preview': { needs: Level.EDIT, handle: preview },
  'POST save': { needs: Level.EDIT, handle: save },
  'GET delete': { needs: Level.EDIT, handle: confirmDelete },
  'POST delete': { needs: Level.EDIT, handle: deletePage },
  'POST revert': { needs: Level.EDIT, handle: revert },
};
