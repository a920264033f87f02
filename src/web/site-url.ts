// Absolute URLs for feeds and the sitemap: QUIRE_BASE_URL when set, else the scheme and host the
// request came in on (a Host header that is not a plain host name falls back to localhost).
import type { FastifyRequest } from 'fastify';

const HOST = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

export function siteUrl(baseUrl: string | null, request: FastifyRequest): string {
  if (baseUrl) return baseUrl;
  const host = HOST.test(request.host) ? request.host : 'localhost';
  return `${request.protocol}://${host}`;
}
