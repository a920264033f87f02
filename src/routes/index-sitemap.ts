// GET /_/index (?ns= opens a namespace): the namespace tree of readable pages, as DokuWiki's
// sitemap; GET /_/sitemap.xml: the sitemaps.org list of the pages anonymous visitors may read.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ANONYMOUS, type Viewer } from '../access/access.js';
import { single } from '../web/forms.js';
import { cleanId, idToPath, namespaceOf } from '../pages/page-id.js';
import { indexTree, type IndexNode, type PageIndex } from '../finding/page-index.js';
import type { ReadFilter } from '../access/readable.js';
import { siteUrl } from '../web/site-url.js';
import { XML_DECLARATION, xmlEscape } from '../finding/xml.js';

export interface PageIndexDeps {
  pageIndex: PageIndex;
  baseUrl: string | null;
  readable: (viewer: Viewer) => ReadFilter;
}

export interface IndexItem extends IndexNode {
  href: string;
  children: IndexItem[];
}

/** Links for the view: a page opens the page; a closed namespace opens it, an open one closes it. */
function withLinks(nodes: IndexNode[]): IndexItem[] {
  return nodes.map((node) => {
    const target = node.kind === 'page' ? null : node.open ? namespaceOf(node.id) : node.id;
    const href = target === null ? idToPath(node.id) : target === '' ? '/_/index' : `/_/index?ns=${encodeURIComponent(target)}`;
    return { ...node, href, children: withLinks(node.children) };
  });
}

export type IndexHandlers = ReturnType<typeof indexHandlers>;

export function indexHandlers(deps: PageIndexDeps) {
  // Every page listed is filtered with read permission; the routes themselves reveal no page.

  const index = async (request: FastifyRequest<{ Querystring: Record<string, unknown> }>, reply: FastifyReply) => {
    const open = cleanId((single(request.query.ns) ?? '').replace(/[:*]+$/, ''));
    const tree = indexTree(deps.pageIndex.ids(), open, deps.readable(request.viewer));
    return reply.page('index', { title: request.locale.t('index.title'), noindex: true, tree: withLinks(tree) });
  };

  const sitemap = async (request: FastifyRequest, reply: FastifyReply) => {
    const base = siteUrl(deps.baseUrl, request);
    const canRead = deps.readable(ANONYMOUS);
    const urls = deps.pageIndex
      .pages()
      .filter((page) => canRead(page.id))
      .map((page) => `<url><loc>${xmlEscape(base + idToPath(page.id))}</loc><lastmod>${new Date(page.modified).toISOString()}</lastmod></url>`);
    reply.type('application/xml; charset=utf-8');
    return [XML_DECLARATION, '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">', ...urls, '</urlset>', ''].join('\n');
  };

  return { index, sitemap };
}
