// Whether a GET is a person opening a screen (a top-level navigation) or something a page made the
// browser fetch: `![](/page?do=edit)` in a page once made every editor who viewed it lock that
// page. Browsers say what a request is for (Sec-Fetch-Dest, Sec-Fetch-Mode); older ones at least
// say what they accept. A request that says nothing (a script, a test) counts as a navigation.
import type { FastifyRequest } from 'fastify';

export function isTopLevelNavigation(request: FastifyRequest): boolean {
  const dest = request.headers['sec-fetch-dest'];
  if (dest !== undefined && dest !== 'document') return false;
  const mode = request.headers['sec-fetch-mode'];
  if (mode !== undefined && mode !== 'navigate') return false;
  const accept = request.headers.accept;
  return accept === undefined || accept.includes('text/html') || accept.trim() === '*/*';
}
