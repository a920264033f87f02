// GET /_/feed: the recent changes as Atom (default) or RSS 2.0 (?format=rss), ?ns= filter; only
// pages the viewer may read (anonymous without a session), links absolute from QUIRE_BASE_URL.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Viewer } from '../access/access.js';
import { atomFeed, rssFeed, type FeedEntry } from '../finding/feed.js';
import { single } from '../web/forms.js';
import type { MessageKey } from '../i18n/index.js';
import { cleanId, idToPath } from '../pages/page-id.js';
import type { PageStore } from '../pages/store.js';
import type { ReadFilter } from '../access/readable.js';
import type { RecentChanges } from '../finding/recent.js';
import type { SettingsStore } from '../site/settings.js';
import { siteUrl } from '../web/site-url.js';
import { authorLabel } from './pages/chrome.js';

export const FEED_ENTRIES = 20;

export interface FeedDeps {
  recent: RecentChanges;
  pages: PageStore;
  settings: SettingsStore;
  baseUrl: string | null;
  readable: (viewer: Viewer) => ReadFilter;
}

export type FeedHandlers = ReturnType<typeof feedHandlers>;

export function feedHandlers(deps: FeedDeps) {
  // Each change is filtered with the viewer's read permission; the route itself reveals no page.

  const feed = async (request: FastifyRequest<{ Querystring: Record<string, unknown> }>, reply: FastifyReply) => {
    const { locale } = request;
    const rss = single(request.query.format) === 'rss';
    const ns = cleanId(single(request.query.ns) ?? '');
    const base = siteUrl(deps.baseUrl, request);
    const changes = deps.recent.list({ ns, includeMinor: true, canRead: deps.readable(request.viewer), limit: FEED_ENTRIES, offset: 0 });
    const entries = changes.map((change): FeedEntry => {
      const path = `${base}${idToPath(change.id)}`;
      const type = locale.t(`type.${change.type}` as MessageKey);
      return {
        key: `${path}?rev=${change.rev}`,
        title: deps.pages.meta(change.id)?.title ?? change.id,
        link: change.rev > 1 ? `${path}?do=diff&rev=${change.rev - 1}&rev2=${change.rev}` : `${path}?rev=${change.rev}`,
        modified: change.modified,
        author: authorLabel(locale, change),
        summary: change.summary === '' ? `${change.id}: ${type}` : `${change.id}: ${type} — ${change.summary}`,
      };
    });
    const params = new URLSearchParams();
    if (rss) params.set('format', 'rss');
    if (ns !== '') params.set('ns', ns);
    const query = params.toString();
    const site = deps.settings.site().title;
    const feed = {
      title: ns === '' ? `${site} — ${locale.t('recent.title')}` : `${site} — ${locale.t('recent.title')} (${ns})`,
      description: locale.t('feed.description', { site }),
      lang: locale.lang,
      self: `${base}/_/feed${query === '' ? '' : `?${query}`}`,
      page: `${base}/_/recent${ns === '' ? '' : `?ns=${encodeURIComponent(ns)}`}`,
      entries,
    };
    reply.header('cache-control', 'no-cache');
    reply.type(rss ? 'application/rss+xml; charset=utf-8' : 'application/atom+xml; charset=utf-8');
    return rss ? rssFeed(feed) : atomFeed(feed);
  };

  return { feed };
}
