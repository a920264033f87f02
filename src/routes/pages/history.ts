// A page's past: the revision list, the diff of any two revisions, and the pages linking here.
import { summaryFor } from '../../pages/summaries.js';
import { Level } from '../../access/acl.js';
import { diffTexts } from '../../pages/diff.js';
import { HttpError } from '../../errors.js';
import { single } from '../../web/forms.js';
import { idToPath } from '../../pages/page-id.js';
import type { ActionContext } from './dispatch.js';
import { authorLabel } from './chrome.js';
import { chromeFor, parseRev } from './view.js';

export const REVISIONS_PER_PAGE = 20;

function parseFirst(raw: unknown): number {
  const value = single(raw);
  if (value === undefined || value === '') return 0;
  if (!/^\d{1,9}$/.test(value)) throw new HttpError(400, 'bad_request', 'error.field', { field: 'first' });
  return Number(value);
}

async function revisions(context: ActionContext) {
  const { deps, id, request } = context;
  const locale = request.locale;
  const first = parseFirst(context.query.first);
  const total = deps.pages.countRevisions(id);
  const current = context.current();
  const rows = deps.pages.revisions(id, first, REVISIONS_PER_PAGE).map((revision) => ({
    ...revision,
    summary: summaryFor(revision, locale.t),
    date: locale.date(revision.modified),
    author: authorLabel(locale, revision),
    typeLabel: locale.t(`type.${revision.type}`),
    delta: locale.number(revision.sizeDelta),
    isCurrent: revision.rev === current?.rev,
  }));
  return context.reply.page('revisions', {
    title: locale.t('revisions.title', { id }),
    noindex: true,
    rows,
    mayRestore: context.permission >= Level.EDIT,
    newer: first > 0 ? Math.max(0, first - REVISIONS_PER_PAGE) : null,
    older: first + REVISIONS_PER_PAGE < total ? first + REVISIONS_PER_PAGE : null,
    ...chromeFor(context, 'revisions', current),
  });
}

/** Which two revisions to compare: rev2 given twice compares those; else rev (default: previous) against rev2 (default: latest). */
export function diffRange(rev: unknown, rev2: unknown, latest: number): { from: number; to: number } {
  if (Array.isArray(rev2) && rev2.length >= 2) {
    const [a, b] = [parseRev(rev2[0], 'rev2', 0) ?? 0, parseRev(rev2[1], 'rev2', 0) ?? 0];
    return { from: Math.min(a, b), to: Math.max(a, b) };
  }
  // Revision 0 is the empty page before the first revision.
  const to = parseRev(rev2, 'rev2', 0) ?? latest;
  const from = parseRev(rev, 'rev', 0) ?? Math.max(0, to - 1);
  return from <= to ? { from, to } : { from: to, to: from };
}

async function diff(context: ActionContext) {
  const { deps, id, request, query } = context;
  const locale = request.locale;
  const latest = deps.pages.lastRev(id);
  if (latest === 0) throw new HttpError(404, 'not_found', 'error.notFound');
  const { from, to } = diffRange(query.rev, query.rev2, latest);
  const side = (rev: number) => {
    if (rev === 0) return { rev, text: '', label: locale.t('diff.nothing') };
    const revision = deps.pages.revision(id, rev);
    if (!revision) throw new HttpError(404, 'not_found', 'error.rev', { rev });
    return { rev, text: revision.text, label: locale.t('diff.revision', { rev, date: locale.date(revision.modified) }), author: authorLabel(locale, revision), summary: summaryFor(revision, locale.t) };
  };
  const [left, right] = [side(from), side(to)];
  // Without a choice, both views are drawn and the width picks one: inline below 700 px (a phone).
  const asked = single(query.difftype);
  const difftype = asked === 'inline' || asked === 'sidebyside' ? asked : 'auto';
  // "Restore this revision" (SPEC §12) for the older side, or the newer one when the older is nothing.
  const current = context.current()?.rev ?? null;
  const candidate = left.rev > 0 ? left.rev : right.rev;
  const restoreRev = context.permission >= Level.EDIT && candidate !== current ? candidate : null;
  return context.reply.page('diff', {
    title: locale.t('diff.title', { id }),
    noindex: true,
    left,
    right,
    difftype,
    restoreRev,
    result: diffTexts(left.text, right.text),
    ...chromeFor(context, 'revisions'),
  });
}

async function backlinks(context: ActionContext) {
  const { deps, id, request } = context;
  const canRead = deps.access.canRead(request.viewer);
  return context.reply.page('backlinks', {
    title: request.locale.t('backlinks.title', { id }),
    noindex: true,
    links: deps.pages.backlinks(id).filter(canRead).map((link) => ({ id: link, href: idToPath(link) })),
    ...chromeFor(context, 'backlink'),
  });
}

export { revisions, diff, backlinks };
