// GET /_/recent: every change newest first (type, author, summary, size change, links to the diff
// and the revisions), ?ns= filter, ?minor=0 hides minor edits, &first=K paging; readable pages only.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Viewer } from '../access/access.js';
import { single } from '../web/forms.js';
import type { MessageKey } from '../i18n/index.js';
import { cleanId, idToPath } from '../pages/page-id.js';
import type { ReadFilter } from '../access/readable.js';
import type { RecentChanges } from '../finding/recent.js';
import { authorLabel } from './pages/chrome.js';
import { parseFirst } from './search.js';

export const CHANGES_PER_PAGE = 20;

export interface RecentDeps {
  recent: RecentChanges;
  readable: (viewer: Viewer) => ReadFilter;
}

/** The link to a list of recent changes with these filters. */
function recentUrl(filters: { ns: string; hideMinor: boolean }, first: number): string {
  const params = new URLSearchParams();
  if (filters.ns !== '') params.set('ns', filters.ns);
  if (filters.hideMinor) params.set('minor', '0');
  if (first > 0) params.set('first', String(first));
  const query = params.toString();
  return query === '' ? '/_/recent' : `/_/recent?${query}`;
}

export type RecentHandlers = ReturnType<typeof recentHandlers>;

export function recentHandlers(deps: RecentDeps) {
  // Each change is filtered with the viewer's read permission; the route itself reveals no page.

  const listChanges = async (request: FastifyRequest<{ Querystring: Record<string, unknown> }>, reply: FastifyReply) => {
    const { locale } = request;
    const first = parseFirst(request.query.first);
    const filters = { ns: cleanId(single(request.query.ns) ?? ''), hideMinor: single(request.query.minor) === '0' };
    const changes = deps.recent.list({
      ns: filters.ns,
      includeMinor: !filters.hideMinor,
      canRead: deps.readable(request.viewer),
      limit: CHANGES_PER_PAGE + 1,
      offset: first,
    });
    const rows = changes.slice(0, CHANGES_PER_PAGE).map((change) => {
      const path = idToPath(change.id);
      return {
        ...change,
        href: path,
        revHref: `${path}?rev=${change.rev}`,
        diffHref: change.rev > 1 ? `${path}?do=diff&rev=${change.rev - 1}&rev2=${change.rev}` : null,
        revisionsHref: `${path}?do=revisions`,
        date: locale.date(change.modified),
        author: authorLabel(locale, change),
        typeLabel: locale.t(`type.${change.type}` as MessageKey),
        delta: locale.number(change.sizeDelta),
      };
    });
    return reply.page('recent', {
      title: locale.t('recent.title'),
      noindex: true,
      filters,
      rows,
      feedHref: filters.ns === '' ? '/_/feed' : `/_/feed?ns=${encodeURIComponent(filters.ns)}`,
      newer: first > 0 ? recentUrl(filters, Math.max(0, first - CHANGES_PER_PAGE)) : null,
      older: changes.length > CHANGES_PER_PAGE ? recentUrl(filters, first + CHANGES_PER_PAGE) : null,
    });
  };

  return { listChanges };
}
