// The page lifecycle around the editor: autosaved drafts, lock refresh, cancel, an admin breaking
// a lock, and renaming a page (with the redirect its old URL answers and the result screen).
import { z } from 'zod';
import { Level } from '../../access/acl.js';
import { deny, HttpError, notFound } from '../../errors.js';
import { checkInput, single } from '../../web/forms.js';
import type { MessageKey } from '../../i18n/index.js';
import { cleanId, idToPath, MAX_ID_LENGTH } from '../../pages/page-id.js';
import type { ActionContext } from './dispatch.js';
import { baseRevOf, parseEditForm, wholeText } from './edit.js';
import { editorOf, knownHolderOf } from './editor.js';
import { chromeFor } from './view.js';

/** GET of a page that was renamed away: its new URL (query kept), if the viewer may read it there. */
export function renamedTo(context: ActionContext, action: string): string | null {
  const { deps, id, request } = context;
  // The editor stays reachable: a new page may be created at the old id.
  if (action === 'edit' || context.current() !== undefined) return null;
  const target = deps.redirects.target(id);
  if (target === undefined || deps.access.level(request.viewer, target) < Level.READ) return null;
  const queryAt = request.url.indexOf('?');
  return idToPath(target) + (queryAt < 0 ? '' : request.url.slice(queryAt));
}

/** Viewing a page releases the viewer's own lock on it (SPEC §6): they left the editor. */
export function releaseOwnLock(context: ActionContext): void {
  const holder = knownHolderOf(context.request);
  if (holder !== null) context.deps.locks.release(context.id, holder);
}

/** The editor's autosave (client/editor/autosave.ts): stores the draft and keeps the lock alive. JSON. */
async function draft(context: ActionContext) {
  const { request, reply, id, deps } = context;
  const form = parseEditForm(request.body);
  const editor = editorOf(request, reply);
  const lock = deps.locks.acquire(id, editor.holder, editor.label);
  // A section's draft is kept as the whole page it makes, as a save would store it.
  const at = deps.drafts.save(id, editor.holder, { text: wholeText(context, form), summary: form.summary, minor: form.minor === 'on', baseRev: baseRevOf(form) });
  return reply.send({ saved: true, at, ...(lock.ok ? { lockExpires: lock.expires } : { lockedBy: lock.lock.label, lockExpires: lock.lock.expires }) });
}

/** Keeps the lock while the editor stays open without changes. JSON; 423 when someone else has it. */
async function refreshLock(context: ActionContext) {
  const { request, reply, id, deps } = context;
  const editor = editorOf(request, reply);
  const lock = deps.locks.acquire(id, editor.holder, editor.label);
  if (lock.ok) return reply.send({ locked: true, expires: lock.expires });
  return reply.status(423).send({ locked: false, holder: lock.lock.label, expires: lock.lock.expires });
}

async function discardDraft(context: ActionContext) {
  const { request, reply, id, deps } = context;
  deps.drafts.delete(id, editorOf(request, reply).holder);
  return reply.redirect(`${idToPath(id)}?do=edit`, 303);
}

/** The editor's Cancel: the draft is dropped and the lock released, as DokuWiki does. */
async function cancel(context: ActionContext) {
  const { request, reply, id, deps } = context;
  const editor = editorOf(request, reply);
  deps.drafts.delete(id, editor.holder);
  deps.locks.release(id, editor.holder);
  return reply.redirect(idToPath(id), 303);
}

// Breaking a lock asks first, on a screen that needs no JavaScript.
async function confirmBreakLock(context: ActionContext) {
  const { request, reply, id, deps } = context;
  const lock = deps.locks.current(id);
  if (!lock) return reply.redirect(idToPath(id), 303);
  const { t, date } = request.locale;
  return reply.page('confirm', {
    title: t('lock.breakTitle', { id }),
    noindex: true,
    question: t('lock.breakQuestion', { id, holder: lock.label, until: date(lock.expires) }),
    details: [],
    action: `${idToPath(id)}?do=unlock`,
    fields: [],
    confirmLabel: t('lock.break'),
    cancelHref: idToPath(id),
  });
}

async function breakLock(context: ActionContext) {
  context.deps.locks.breakLock(context.id);
  return context.reply.redirect(idToPath(context.id), 303);
}

function showRename(context: ActionContext, values: { to: string; updateLinks: boolean; error?: string }) {
  const { deps, id, request } = context;
  return context.reply.page('rename', {
    title: request.locale.t('rename.title', { id }),
    noindex: true,
    to: values.to,
    updateLinks: values.updateLinks,
    error: values.error ?? null,
    linking: deps.pages.backlinks(id).filter((link) => link !== id).length,
    ...chromeFor(context, 'rename'),
  });
}

async function confirmRename(context: ActionContext) {
  if (!context.deps.pages.exists(context.id)) throw notFound();
  return showRename(context, { to: context.id, updateLinks: true });
}

const renameForm = z.object({
  to: z.string().max(4 * MAX_ID_LENGTH),
  update_links: z.enum(['on', 'off']).optional(),
});

async function rename(context: ActionContext) {
  const { request, reply, id, deps } = context;
  const checked = checkInput(renameForm, request.body);
  if (!checked.ok) throw new HttpError(400, 'bad_request', 'error.field', { field: checked.field });
  const form = { to: checked.data.to, updateLinks: checked.data.update_links === 'on' };
  if (!deps.pages.exists(id)) throw notFound();
  const t = request.locale.t;
  const refuse = (status: number, key: MessageKey) => {
    reply.status(status);
    return showRename(context, { ...form, error: t(key, { field: 'to', to: form.to }) });
  };
  const to = cleanId(form.to);
  if (to === '' || to.length > MAX_ID_LENGTH) return refuse(400, 'rename.invalid');
  if (to === id) return refuse(400, 'rename.same');
  if (deps.access.level(request.viewer, to) < Level.CREATE) throw deny(request.viewer);

  const editor = editorOf(request, reply);
  const result = deps.renames.rename({
    from: id,
    to,
    updateLinks: form.updateLinks,
    author: request.viewer.login,
    ip: request.ip,
    holder: editor.holder,
    mayEdit: (page) => deps.access.level(request.viewer, page) >= Level.EDIT,
    summaries: { renamed: t('rename.summary', { from: id }), linkUpdate: t('rename.linkSummary') },
  });
  switch (result.status) {
    case 'missing':
      throw notFound();
    case 'exists':
      return refuse(409, 'rename.exists');
    case 'locked':
      throw new HttpError(423, 'locked', 'lock.heldBy', { holder: result.holder, until: request.locale.date(result.expires) });
    case 'renamed':
      // Pages that still link to the old id are listed on the result screen.
      if (result.skipped.length === 0) return reply.redirect(idToPath(to), 303);
      return reply.redirect(`${idToPath(to)}?do=renamed&from=${encodeURIComponent(id)}`, 303);
  }
}

/** After a rename: the readable pages that still link to the old id (not editable, or being edited). */
async function renamed(context: ActionContext) {
  const { deps, id, request, query } = context;
  const from = cleanId(single(query.from) ?? '');
  if (from === '' || !deps.pages.exists(id)) throw notFound();
  const canRead = deps.access.canRead(request.viewer);
  return context.reply.page('renamed', {
    title: request.locale.t('rename.doneTitle', { id }),
    noindex: true,
    from,
    left: deps.pages.backlinks(from).filter(canRead).map((link) => ({ id: link, href: idToPath(link) })),
    ...chromeFor(context, 'rename'),
  });
}

export { draft, refreshLock, discardDraft, cancel, confirmBreakLock, breakLock, confirmRename, rename, renamed };
