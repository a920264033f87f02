// Content negotiation for the HTML routes that also answer the editor script in JSON (SPEC §12:
// `Accept: application/json` on ?do=preview, /_/media): the script asks for JSON explicitly, a
// browser's own navigation never does.
import type { FastifyRequest } from 'fastify';

export function wantsJson(request: FastifyRequest): boolean {
  const accept = request.headers.accept;
  if (typeof accept !== 'string' || !accept.includes('application/json')) return false;
  // A browser navigating asks for HTML first; only a request that prefers JSON gets it.
  const html = accept.indexOf('text/html');
  return html < 0 || accept.indexOf('application/json') < html;
}
