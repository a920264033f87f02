// Reading a page: the current or an old revision, its source, and the raw and HTML exports.
import { Level } from '../../access/acl.js';
import { HttpError } from '../../errors.js';
import { single } from '../../web/forms.js';
import type { Page } from '../../pages/store.js';
import type { RenderResult } from '../../render/index.js';
import { pageChrome, subscribeTool } from './chrome.js';
import { withSectionLinks } from './section-links.js';
import type { ActionContext } from './dispatch.js';

/** Parses ?rev=N; absent → null; not a positive integer (or 0 where `least` is 0) → 400 naming the field. */
export function parseRev(raw: unknown, field = 'rev', least = 1): number | null {
  const value = single(raw);
  if (value === undefined || value === '') return null;
  if (!/^\d{1,9}$/.test(value) || Number(value) < least) throw new HttpError(400, 'bad_request', 'error.field', { field });
  return Number(value);
}

/** The text and metadata to show: the current page, or revision `rev` (404 when there is none). */
export function loadVersion(context: ActionContext, rev: number | null): { page: Page | undefined; text: string; rev: number | null; modified: number | null } {
  const { pages } = context.deps;
  const page = pages.get(context.id);
  if (rev === null || rev === page?.rev) {
    return { page, text: page?.text ?? '', rev: page?.rev ?? null, modified: page?.modified ?? null };
  }
  const revision = pages.revision(context.id, rev);
  if (!revision) throw new HttpError(404, 'not_found', 'error.rev', { rev });
  return { page, text: revision.text, rev, modified: revision.modified };
}

export function chromeFor(context: ActionContext, current: string, meta = context.current()) {
  return pageChrome({
    id: context.id,
    meta,
    permission: context.permission,
    locale: context.request.locale,
    current,
    startPage: context.deps.settings.site().start,
    hasHistory: meta !== undefined || context.deps.pages.lastRev(context.id) > 0,
    subscribe: subscribeTool(context.deps.notifications, context.request.viewer, context.id),
  });
}

// A render served again (the renderer caches them) is encoded once.
const encoded = new WeakMap<RenderResult, Buffer>();

/** The article's HTML as bytes, for the page template's `article` slot. */
function articleBytes(result: RenderResult): Buffer {
  let bytes = encoded.get(result);
  if (bytes === undefined) {
    bytes = Buffer.from(result.html);
    encoded.set(result, bytes);
  }
  return bytes;
}

async function show(context: ActionContext) {
  const { request, reply, id, deps } = context;
  const canRead = deps.access.canRead(request.viewer);
  const requested = parseRev(context.query.rev);
  const meta = context.current();
  // Asking for the current revision by number shows the page as it is, without the old-revision banner.
  const rev = requested === meta?.rev ? null : requested;
  if (rev === null) {
    if (!meta) {
      reply.status(404);
      return reply.page('notfound', {
        title: id,
        canCreate: context.permission >= Level.CREATE,
        deleted: deps.pages.lastRev(id) > 0,
        ...chromeFor(context, 'show', meta),
      });
    }
    // Only a plain view moves the trace on, not asking for a revision by number.
    if (requested === null) reply.traceVisit(id);
    // Those who may edit get section edit links: their screen is drawn for them, never cached.
    const mayEdit = context.permission >= Level.EDIT;
    // The revision and its date name the page's part of the screen; the rest is site-wide.
    const cacheStamp = mayEdit ? undefined : `${id}@${meta.rev}.${meta.modified}`;
    const cached = cacheStamp === undefined ? undefined : reply.cachedPage(cacheStamp);
    if (cached !== undefined) return cached;
    const result = deps.pageRenderer.render(id, meta.rev, () => deps.pages.get(id)?.text ?? '', canRead);
    const chrome = chromeFor(context, 'show', meta);
    const article = mayEdit ? Buffer.from(withSectionLinks(result.html, result.sections, chrome.pagePath, request.locale.t)) : articleBytes(result);
    return reply.page(
      'page',
      { title: result.title ?? id, meta: { id, rev: meta.rev }, result, oldRevision: null, ...chrome },
      { slots: { article }, cacheStamp },
    );
  }
  const revision = deps.pages.revision(id, rev);
  if (!revision) throw new HttpError(404, 'not_found', 'error.rev', { rev });
  const result = deps.pageRenderer.preview(id, revision.text, canRead);
  return reply.page(
    'page',
    {
      title: result.title ?? id,
      meta: { id, rev },
      result,
      // Editors may make it the current revision again (SPEC §12, DokuWiki's Revert).
      oldRevision: { rev, date: request.locale.date(revision.modified), deleted: revision.type === 'delete', restorable: context.permission >= Level.EDIT },
      noindex: true,
      ...chromeFor(context, 'show', meta),
    },
    { slots: { article: articleBytes(result) } },
  );
}

async function source(context: ActionContext) {
  const version = loadVersion(context, parseRev(context.query.rev));
  if (version.rev === null) throw new HttpError(404, 'not_found', 'error.notFound');
  return context.reply.page('source', {
    title: context.request.locale.t('edit.sourceTitle', { id: context.id }),
    text: version.text,
    noindex: true,
    ...chromeFor(context, 'source'),
  });
}

async function exportRaw(context: ActionContext) {
  const version = loadVersion(context, parseRev(context.query.rev));
  if (version.rev === null) throw new HttpError(404, 'not_found', 'error.notFound');
  return context.reply.type('text/markdown; charset=utf-8').send(version.text);
}

async function exportHtml(context: ActionContext) {
  const { deps, request } = context;
  const version = loadVersion(context, parseRev(context.query.rev));
  if (version.rev === null) throw new HttpError(404, 'not_found', 'error.notFound');
  const result = deps.pageRenderer.preview(context.id, version.text, deps.access.canRead(request.viewer));
  return context.reply.document('export', { lang: request.locale.lang, title: result.title ?? context.id, result, id: context.id });
}

export { show, source, exportRaw, exportHtml };
