// GET /_/feed: the recent changes as Atom (default) or RSS 2.0 (?format=rss), ?ns= filter; only
// pages the viewer may read (anonymous without a session), links absolute from QUIRE_BASE_URL.
// DokuWiki's parameters: ?content=abstract (default) | diff | htmldiff | html puts the change in
// each entry (diffs from the diff module, HTML from the renderer), ?linkto=diff (default) | page |
// rev chooses where entries link, ?minor=1 adds minor edits, ?onlynewpages=1 keeps page creations.
import type { Eta } from 'eta';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Viewer } from '../access/access.js';
import { atomFeed, rssFeed, type FeedEntry } from '../finding/feed.js';
import { parseInput, single } from '../web/forms.js';
import type { Locale, MessageKey } from '../i18n/index.js';
import { diffTexts } from '../pages/diff.js';
import { diffAsText } from '../pages/diff-text.js';
import { cleanId, idToPath } from '../pages/page-id.js';
import { summaryFor } from '../pages/summaries.js';
import type { PageStore } from '../pages/store.js';
import type { ReadFilter } from '../access/readable.js';
import type { RecentChange, RecentChanges } from '../finding/recent.js';
import type { PageRenderer } from '../render/page-render.js';
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
  /** For ?content=html and htmldiff; without them the feed carries abstracts only. */
  pageRenderer?: PageRenderer;
  eta?: Eta;
}

const flag = z.enum(['0', '1']).optional();
const feedQuery = z.object({
  format: z.string().optional(),
  ns: z.string().optional(),
  content: z.enum(['abstract', 'diff', 'htmldiff', 'html']).default('abstract'),
  linkto: z.enum(['diff', 'page', 'rev', 'current']).default('diff'),
  minor: flag,
  onlynewpages: flag,
});

type Content = z.infer<typeof feedQuery>['content'];
type LinkTo = z.infer<typeof feedQuery>['linkto'];

export type FeedHandlers = ReturnType<typeof feedHandlers>;

export function feedHandlers(deps: FeedDeps) {
  // Each change is filtered with the viewer's read permission; the route itself reveals no page.

  function linkOf(path: string, change: RecentChange, linkto: LinkTo): string {
    if (linkto === 'page' || linkto === 'current') return path;
    if (linkto === 'rev' || change.rev <= 1) return `${path}?rev=${change.rev}`;
    return `${path}?do=diff&rev=${change.rev - 1}&rev2=${change.rev}`;
  }

  /** The change itself as an entry carries it: a text diff, or HTML from the diff template or the renderer. */
  function contentOf(change: RecentChange, content: Content, locale: Locale, canRead: ReadFilter, summary: string): Pick<FeedEntry, 'html' | 'text'> {
    if (content === 'abstract') return {};
    const revision = deps.pages.revision(change.id, change.rev);
    if (!revision) return {};
    if (content === 'html') {
      if (!deps.pageRenderer || revision.type === 'delete') return { html: `<p>${escapeHtml(summary)}</p>` };
      return { html: deps.pageRenderer.preview(change.id, revision.text, canRead).html };
    }
    const previous = change.rev > 1 ? deps.pages.revision(change.id, change.rev - 1)?.text ?? '' : '';
    const result = diffTexts(previous, revision.text);
    if (content === 'diff' || !deps.eta) return { text: diffAsText(result) };
    return { html: `<p>${escapeHtml(summary)}</p>\n${deps.eta.render('/partials/diff-inline', { t: locale.t, result })}` };
  }

  const feed = async (request: FastifyRequest<{ Querystring: Record<string, unknown> }>, reply: FastifyReply) => {
    const { locale } = request;
    const query = parseInput(feedQuery, Object.fromEntries(Object.entries(request.query).map(([key, value]) => [key, single(value)])));
    const rss = query.format === 'rss';
    const ns = cleanId(query.ns ?? '');
    const base = siteUrl(deps.baseUrl, request);
    const canRead = deps.readable(request.viewer);
    const changes = deps.recent.list({
      ns,
      includeMinor: query.minor === '1',
      canRead,
      ...(query.onlynewpages === '1' ? { keep: (change: RecentChange) => change.type === 'create' } : {}),
      limit: FEED_ENTRIES,
      offset: 0,
    });
    const entries = changes.map((change): FeedEntry => {
      const path = `${base}${idToPath(change.id)}`;
      const type = locale.t(`type.${change.type}` as MessageKey);
      const written = summaryFor(change, locale.t);
      const summary = written === '' ? `${change.id}: ${type}` : `${change.id}: ${type} — ${written}`;
      return {
        key: `${path}?rev=${change.rev}`,
        title: deps.pages.meta(change.id)?.title ?? change.id,
        link: linkOf(path, change, query.linkto),
        modified: change.modified,
        author: authorLabel(locale, change),
        summary,
        ...contentOf(change, query.content, locale, canRead, summary),
      };
    });
    const params = new URLSearchParams();
    if (rss) params.set('format', 'rss');
    if (ns !== '') params.set('ns', ns);
    for (const key of ['content', 'linkto', 'minor', 'onlynewpages'] as const) {
      const given = single(request.query[key]);
      if (given !== undefined) params.set(key, given);
    }
    const search = params.toString();
    const site = deps.settings.site().title;
    const feed = {
      title: ns === '' ? `${site} — ${locale.t('recent.title')}` : `${site} — ${locale.t('recent.title')} (${ns})`,
      description: locale.t('feed.description', { site }),
      lang: locale.lang,
      self: `${base}/_/feed${search === '' ? '' : `?${search}`}`,
      page: `${base}/_/recent${ns === '' ? '' : `?ns=${encodeURIComponent(ns)}`}`,
      base: `${base}/`,
      entries,
    };
    reply.header('cache-control', 'no-cache');
    reply.type(rss ? 'application/rss+xml; charset=utf-8' : 'application/atom+xml; charset=utf-8');
    return rss ? rssFeed(feed) : atomFeed(feed);
  };

  return { feed };
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe to put in HTML. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}
