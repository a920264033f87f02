// The URLs a DokuWiki answered, whatever its `userewrite` (0: /doku.php?id=ns:page, 1: /ns:page and
// /_media/…, 2: /doku.php/ns:page and /lib/exe/fetch.php/…), mapped to the Quire URL that shows the
// same thing, so links, bookmarks and search engines keep working after a move (301s). Pure: the
// target route checks permissions as for any request.
import { cleanId, idToPath } from '../pages/page-id.js';
import { isMediaId, mediaUrl } from '../media/media-id.js';

/** Page actions Quire has under the same `do` name; their parameters go along. */
const PAGE_ACTIONS = new Set(['edit', 'revisions', 'diff', 'backlink', 'source', 'export_raw']);
const KEPT_PARAMS = ['rev', 'rev2', 'first', 'difftype'];
const ADMIN_PAGES: Readonly<Record<string, string>> = { acl: '/_/admin/acl', usermanager: '/_/admin/users', config: '/_/admin/config' };

const one = (query: URLSearchParams, name: string): string => (query.get(name) ?? '').trim();

function withQuery(path: string, params: Array<[string, string]>): string {
  const search = new URLSearchParams(params.filter(([, value]) => value !== '')).toString();
  return search === '' ? path : `${path}?${search}`;
}

/** The URL of page `raw` (a DokuWiki id as written: `ns:page`, `ns/page`, `ns:` for a start page). */
function pagePath(raw: string): string {
  const id = cleanId(raw);
  if (id === '') return '/';
  return /[:/]$/.test(raw.trim()) ? `${idToPath(id)}/` : idToPath(id);
}

// DokuWiki's revisions form sends rev2[0] and rev2[1].
function keptParams(query: URLSearchParams): Array<[string, string]> {
  const kept: Array<[string, string]> = [];
  for (const name of KEPT_PARAMS) {
    for (const [key, value] of query) if (key === name || key.startsWith(`${name}[`)) kept.push([name, value]);
  }
  return kept;
}

/** doku.php with the page id from the query (userewrite 0) or the path (userewrite 2). */
function dokuPhp(rawId: string, query: URLSearchParams): string {
  const action = one(query, 'do');
  const namespace = cleanId(rawId.replace(/[^:/;]*$/, ''));
  switch (action) {
    case '':
    case 'show':
      return withQuery(pagePath(rawId), keptParams(query));
    case 'export_xhtml':
    case 'export_xhtmlbody':
      return withQuery(pagePath(rawId), [['do', 'export_html'], ...keptParams(query)]);
    case 'index':
      return withQuery('/_/index', [['ns', cleanId(rawId) === '' ? '' : namespace]]);
    case 'recent':
      return withQuery('/_/recent', [['first', one(query, 'first')]]);
    case 'search':
      return withQuery('/_/search', [['q', one(query, 'q') || one(query, 'id')]]);
    case 'sitemap':
      return '/_/sitemap.xml';
    case 'media':
      return withQuery('/_/media', [['ns', cleanId(one(query, 'ns'))]]);
    case 'login':
    case 'profile':
    case 'register':
      return `/_/${action}`;
    case 'admin':
      return ADMIN_PAGES[one(query, 'page')] ?? '/_/admin';
    default:
      return PAGE_ACTIONS.has(action) ? withQuery(pagePath(rawId), [['do', action], ...keptParams(query)]) : withQuery(pagePath(rawId), keptParams(query));
  }
}

/** A media file (fetch.php, /_media/); external URLs DokuWiki fetched for its pages are not followed. */
function mediaFile(raw: string, query: URLSearchParams): string | null {
  const id = cleanId(raw);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw.trim()) || !isMediaId(id)) return null;
  return withQuery(mediaUrl(id), [['w', one(query, 'w')], ['h', one(query, 'h')]]);
}

function mediaDetail(raw: string): string | null {
  const id = cleanId(raw);
  return isMediaId(id) ? withQuery('/_/media', [['id', id]]) : null;
}

/** The Quire URL for a DokuWiki URL (path without the site's base, and its query); null: not a DokuWiki URL. */
export function oldUrlTarget(path: string, query: URLSearchParams): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return null;
  }
  if (decoded === '/doku.php' || decoded === '/index.php') return dokuPhp(one(query, 'id'), query);
  if (decoded.startsWith('/doku.php/')) return dokuPhp(decoded.slice('/doku.php/'.length), query);
  if (decoded === '/lib/exe/fetch.php') return mediaFile(one(query, 'media'), query);
  if (decoded.startsWith('/lib/exe/fetch.php/')) return mediaFile(decoded.slice('/lib/exe/fetch.php/'.length), query);
  if (decoded.startsWith('/_media/')) return mediaFile(decoded.slice('/_media/'.length), query);
  if (decoded === '/lib/exe/detail.php') return mediaDetail(one(query, 'media'));
  if (decoded.startsWith('/lib/exe/detail.php/')) return mediaDetail(decoded.slice('/lib/exe/detail.php/'.length));
  if (decoded.startsWith('/_detail/')) return mediaDetail(decoded.slice('/_detail/'.length));
  const exported = /^\/_export\/(raw|xhtml|xhtmlbody)\/(.+)$/.exec(decoded);
  if (exported) return withQuery(pagePath(exported[2]!), [['do', exported[1] === 'raw' ? 'export_raw' : 'export_html']]);
  if (decoded === '/feed.php') {
    const type = one(query, 'type');
    return withQuery('/_/feed', [['ns', cleanId(one(query, 'ns'))], ['format', type.startsWith('rss') ? 'rss' : '']]);
  }
  if (decoded === '/sitemap.xml' || decoded === '/sitemap.xml.gz') return '/_/sitemap.xml';
  return null;
}
