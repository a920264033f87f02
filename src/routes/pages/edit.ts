// Changing a page: the editor (taking the edit lock, offering a waiting draft, starting a new page
// from its namespace template), preview (a screen, or JSON for the live preview), save (refused
// while someone else holds the lock; on a stale base_rev merged when the edits do not overlap, and
// shown either way), one section at a time or the whole page, delete, revert.
import { z } from 'zod';
import { Level } from '../../access/acl.js';
import { MAX_TEXT_BYTES } from '../../limits.js';
import { diffTexts, mergeThreeWay } from '../../pages/diff.js';
import type { Draft } from '../../pages/drafts.js';
import { deny, HttpError, notFound, tooLarge } from '../../errors.js';
import { isTopLevelNavigation } from '../../web/navigation.js';
import { parseInput, single } from '../../web/forms.js';
import { wantsJson } from '../../web/accepts.js';
import type { PreviewReply } from '../../editor/wire.js';
import { idToPath } from '../../pages/page-id.js';
import { sectionText, spliceSection } from '../../pages/sections.js';
import { normaliseText, type Page, type SaveOutcome } from '../../pages/store.js';
import { fillTemplate, nearestTemplate } from '../../pages/templates.js';
import { authorLabel } from './chrome.js';
import type { ActionContext } from './dispatch.js';
import { editorOf, lockShown, showDraftOffer, showEditor, showLocked, type ConflictState } from './editor.js';
import { chromeFor, loadVersion, parseRev } from './view.js';

export const editForm = z.object({
  text: z.string(),
  summary: z.string().max(10_000).default(''),
  minor: z.literal('on').optional(),
  base_rev: z.string().regex(/^\d{0,9}$/).default(''),
  /** Editing one section (SPEC §12): its number among the page's level 1–3 headings. */
  section: z.string().regex(/^[1-9]\d{0,3}$/).optional(),
});

export type EditForm = z.infer<typeof editForm>;

export function parseEditForm(body: unknown): EditForm {
  const form = parseInput(editForm, body);
  if (Buffer.byteLength(form.text) > MAX_TEXT_BYTES) throw tooLarge();
  return form;
}

export const baseRevOf = (form: EditForm): number | null => (form.base_rev === '' ? null : Number(form.base_rev));

const sectionOf = (form: EditForm): number | null => (form.section === undefined ? null : Number(form.section));

/** ?section=N of the editor's URL; absent → null; not a number from 1 → 400 naming the field. */
function parseSection(raw: unknown): number | null {
  const value = single(raw);
  if (value === undefined || value === '') return null;
  if (!/^[1-9]\d{0,3}$/.test(value)) throw new HttpError(400, 'bad_request', 'error.field', { field: 'section' });
  return Number(value);
}

/**
 * The whole page a form stands for: its text, or — when it holds one section — that section
 * spliced into the revision the editor was opened on, so that a page changed meanwhile meets the
 * usual merge and conflict check as a whole and nothing is overwritten.
 */
export function wholeText(context: ActionContext, form: EditForm): string {
  const section = sectionOf(form);
  if (section === null) return form.text;
  const baseRev = baseRevOf(form);
  const base = baseRev === null ? undefined : context.deps.pages.revision(context.id, baseRev);
  const spliced = base && spliceSection(base.text, section, form.text);
  if (spliced === undefined) throw new HttpError(400, 'bad_request', 'error.field', { field: 'section' });
  return spliced;
}

/** Section `number` of `text` as the page shows it: its heading and anchor. */
function sectionHeading(context: ActionContext, text: string, number: number) {
  return context.deps.pageRenderer.analyse(context.id, normaliseText(text)).sections[number - 1];
}

/** The first text of a new page: its namespace's template, placeholders filled, if the viewer may read it. */
function templateText(context: ActionContext): string {
  const { deps, request, id } = context;
  const template = nearestTemplate(id, deps.pages.exists);
  if (template === null || deps.access.level(request.viewer, template) < Level.READ) return '';
  const login = request.viewer.login;
  return fillTemplate(deps.pages.get(template)?.text ?? '', {
    pageId: id,
    login: login ?? '',
    name: login === null ? '' : (request.viewer.name ?? login),
    mail: login === null ? '' : (deps.users.get(login)?.email ?? ''),
    now: new Date(),
    lang: request.locale.lang,
  });
}

/** Editing an existing page needs EDIT, creating one needs CREATE. */
function mayWrite(context: ActionContext, exists: boolean): boolean {
  return context.permission >= (exists ? Level.EDIT : Level.CREATE);
}

/** Keeps the posted text as the user's draft, so a refused save or preview loses nothing. */
function keepAsDraft(context: ActionContext, holder: string, form: EditForm): void {
  context.deps.drafts.save(context.id, holder, { text: form.text, summary: form.summary, minor: form.minor === 'on', baseRev: baseRevOf(form) });
}

/** The user's draft of this page, if it says something the page does not (a draft equal to it is dropped). */
function waitingDraft(context: ActionContext, holder: string, page: Page | undefined): Draft | undefined {
  const draft = context.deps.drafts.get(context.id, holder);
  if (!draft || normaliseText(draft.text) !== (page?.text ?? '')) return draft;
  context.deps.drafts.delete(context.id, holder);
  return undefined;
}

async function edit(context: ActionContext) {
  const { request, reply, id, deps } = context;
  const section = parseSection(context.query.section);
  // A section is edited in the current revision.
  const version = loadVersion(context, section === null ? parseRev(context.query.rev) : null);
  const exists = version.page !== undefined;
  if (!mayWrite(context, exists)) {
    if (!exists) throw deny(request.viewer);
    return reply.page('source', {
      title: request.locale.t('edit.sourceTitle', { id }),
      text: version.text,
      noindex: true,
      ...chromeFor(context, 'edit'),
    });
  }
  const editor = editorOf(request, reply);
  // Only a person opening the editor takes the lock, not an image or a frame a page points here
  // (the editor's script asks for the lock with POST ?do=lock as well).
  if (isTopLevelNavigation(request)) {
    const lock = deps.locks.acquire(id, editor.holder, editor.label);
    if (!lock.ok) return showLocked(context, lockShown(lock.lock), { text: version.text, own: false });
  } else {
    const held = deps.locks.heldByOther(id, editor.holder);
    if (held) return showLocked(context, lockShown(held), { text: version.text, own: false });
  }

  const draft = waitingDraft(context, editor.holder, version.page);
  if (draft && single(context.query.draft) === 'recover') {
    // The draft keeps the revision it was based on: saving it meets the usual conflict check.
    return showEditor(context, version.page, {
      text: draft.text,
      baseRev: draft.baseRev,
      summary: draft.summary,
      minor: draft.minor,
      recovered: request.locale.date(draft.saved),
    });
  }
  if (draft) return showDraftOffer(context, draft, version.page);

  if (section !== null) {
    const text = version.page && sectionText(version.page.text, section);
    const heading = version.page && sectionHeading(context, version.page.text, section);
    if (text === undefined || !heading) throw new HttpError(404, 'not_found', 'editor.noSection', { section });
    return showEditor(context, version.page, { text, baseRev: version.page?.rev ?? null, section: { number: section, heading: heading.text } });
  }
  const oldRev = version.rev !== null && version.rev !== version.page?.rev ? version.rev : null;
  const text = exists || version.rev !== null ? version.text : templateText(context);
  return showEditor(context, version.page, { text, baseRev: version.page?.rev ?? null, oldRev });
}

async function preview(context: ActionContext) {
  const { request, reply, id, deps } = context;
  const form = parseEditForm(request.body);
  const canRead = deps.access.canRead(request.viewer);
  // The live preview: the text as the page renderer draws it, nothing stored, no lock taken.
  if (wantsJson(request)) return reply.send({ html: deps.pageRenderer.preview(id, form.text, canRead).html } satisfies PreviewReply);
  const page = deps.pages.get(id);
  const editor = editorOf(request, reply);
  const lock = deps.locks.acquire(id, editor.holder, editor.label);
  if (!lock.ok) {
    const text = wholeText(context, form);
    keepAsDraft(context, editor.holder, { ...form, text });
    return showLocked(context, lockShown(lock.lock), { text, own: true });
  }
  const section = sectionOf(form);
  const heading = section === null ? undefined : sectionHeading(context, wholeText(context, form), section);
  const result = deps.pageRenderer.preview(id, form.text, canRead);
  return showEditor(context, page, {
    text: form.text,
    baseRev: baseRevOf(form),
    summary: form.summary,
    minor: form.minor === 'on',
    preview: result,
    section: section === null ? null : { number: section, heading: heading?.text ?? String(section) },
  });
}

/** Who made the revisions after `baseRev`, newest first, each named once. */
function authorsSince(context: ActionContext, baseRev: number, currentRev: number): string {
  const { pages } = context.deps;
  const since = pages.revisions(context.id, 0, Math.max(1, Math.min(currentRev - baseRev, 50))).filter((revision) => revision.rev > baseRev);
  return [...new Set(since.map((revision) => authorLabel(context.request.locale, revision)))].join(', ');
}

/**
 * Someone saved in between. When both edits touch different lines of the revision the editor was
 * opened on, the merge is put in the editor; otherwise the user's own text is. Either way it is
 * shown with the current text and the difference, and only saved when the user saves again.
 */
function conflictState(context: ActionContext, form: EditForm, current: Page | null): { text: string; conflict: ConflictState } {
  const baseRev = baseRevOf(form);
  const base = baseRev === null ? undefined : context.deps.pages.revision(context.id, baseRev);
  const merged = base && current && baseRev !== null ? mergeThreeWay(base.text, normaliseText(form.text), current.text) : null;
  const currentText = current?.text ?? '';
  const text = merged ?? form.text;
  const mergedWith = merged !== null && current && baseRev !== null ? authorsSince(context, baseRev, current.rev) : null;
  return { text, conflict: { rev: current?.rev ?? null, currentText, diff: diffTexts(currentText, text), mergedWith } };
}

async function save(context: ActionContext) {
  const { request, reply, id, deps } = context;
  const form = parseEditForm(request.body);
  const text = wholeText(context, form);
  const section = sectionOf(form);
  const editor = editorOf(request, reply);
  const outcome = deps.editing.save({
    id,
    text,
    baseRev: baseRevOf(form),
    summary: form.summary,
    minor: form.minor === 'on',
    author: request.viewer.login,
    ip: request.ip,
    holder: editor.holder,
  });
  if (outcome.status === 'saved' || outcome.status === 'unchanged') {
    // After a section, the page opens at it (SPEC §12).
    const anchor = section === null ? undefined : sectionHeading(context, text, section)?.anchor;
    return reply.redirect(idToPath(id) + (anchor ? `#${anchor}` : ''), 303);
  }
  if (outcome.status === 'locked') {
    keepAsDraft(context, editor.holder, { ...form, text });
    return showLocked(context, outcome, { text, own: true });
  }
  reply.status(409);
  deps.locks.acquire(id, editor.holder, editor.label);
  const current = outcome.current;
  // The merge and the conflict are of the whole page: the editor shows all of it.
  return showEditor(context, current ?? undefined, {
    ...conflictState(context, { ...form, text }, current),
    baseRev: current?.rev ?? null,
    summary: form.summary,
    minor: form.minor === 'on',
  });
}

/** For the one-button changes (delete, revert): a lock held by someone else is a plain 423. */
function refuseIfLocked(context: ActionContext, outcome: SaveOutcome): void {
  if (outcome.status !== 'locked') return;
  const until = context.request.locale.date(outcome.expires);
  throw new HttpError(423, 'locked', 'lock.heldBy', { holder: outcome.holder, until });
}

async function confirmDelete(context: ActionContext) {
  const meta = context.deps.pages.meta(context.id);
  if (!meta) throw notFound();
  return context.reply.page('delete', {
    title: context.request.locale.t('delete.title', { id: context.id }),
    noindex: true,
    ...chromeFor(context, 'delete', meta),
  });
}

const deleteForm = z.object({ summary: z.string().max(10_000).default('') });

async function deletePage(context: ActionContext) {
  const { request, reply, id, deps } = context;
  const form = parseInput(deleteForm, request.body);
  const page = deps.pages.meta(id);
  if (!page) throw notFound();
  const outcome = deps.editing.save({
    id,
    text: '',
    baseRev: page.rev,
    summary: form.summary,
    minor: false,
    author: request.viewer.login,
    ip: request.ip,
    holder: editorOf(request, reply).holder,
  });
  refuseIfLocked(context, outcome);
  return reply.redirect(idToPath(id), 303);
}

const revertForm = z.object({ rev: z.string().regex(/^\d{1,9}$/) });

async function revert(context: ActionContext) {
  const { request, reply, id, deps } = context;
  // The field `rev`, or `?do=revert&rev=N` (SPEC §12: "Restore this revision" buttons).
  const body = (request.body ?? {}) as Record<string, unknown>;
  const rev = Number(parseInput(revertForm, { rev: body.rev ?? single(context.query.rev) }).rev);
  const revision = deps.pages.revision(id, rev);
  if (!revision) throw new HttpError(404, 'not_found', 'error.rev', { rev });
  const current = deps.pages.meta(id);
  const outcome = deps.editing.save({
    id,
    text: revision.text,
    baseRev: current?.rev ?? null,
    summary: request.locale.t('revisions.restoredSummary', { rev }),
    system: { kind: 'restored', rev },
    minor: false,
    author: request.viewer.login,
    ip: request.ip,
    type: 'revert',
    holder: editorOf(request, reply).holder,
  });
  refuseIfLocked(context, outcome);
  return reply.redirect(idToPath(id), 303);
}

export { edit, preview, save, confirmDelete, deletePage, revert };
