// Links into a wiki migrated from DokuWiki keep working: every URL form DokuWiki answered (doku.php
// with any `do`, /doku.php/ns:page, /_media/, fetch.php, detail.php, /_export/, feed.php, sitemaps)
// answers 301 to the Quire URL that shows the same thing (src/dokuwiki/old-urls.ts), which checks
// permissions as any request does. The /ID-with-colons form is handled by the canonical redirect.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { oldUrlTarget } from '../dokuwiki/old-urls.js';
import { notFound } from '../errors.js';

/** The DokuWiki paths answered with a redirect, as registered in the route table. */
export const DOKUWIKI_PATHS = [
  '/doku.php',
  '/doku.php/*',
  '/index.php',
  '/lib/exe/fetch.php',
  '/lib/exe/fetch.php/*',
  '/lib/exe/detail.php',
  '/lib/exe/detail.php/*',
  '/_media/*',
  '/_detail/*',
  '/_export/*',
  '/feed.php',
  '/sitemap.xml',
  '/sitemap.xml.gz',
] as const;

export type DokuwikiHandlers = ReturnType<typeof dokuwikiHandlers>;

export function dokuwikiHandlers() {
  const oldUrl = async (request: FastifyRequest, reply: FastifyReply) => {
    const url = new URL(request.url, 'http://quire.invalid');
    const target = oldUrlTarget(url.pathname, url.searchParams);
    if (target === null) throw notFound();
    return reply.redirect(target, 301);
  };

  return { oldUrl };
}
