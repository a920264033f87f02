// The trace in every page's layout (SPEC §4): showing an existing page the viewer may read moves it
// to the end of the trace cookie; the layout lists the trace's pages that the viewer may still read.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Viewer } from '../access.js';
import { single } from '../forms.js';
import { idToPath, nameOf } from '../page-id.js';
import type { PageStore } from '../pages.js';
import type { ReadFilter } from '../readable.js';
import type { SettingsStore } from '../settings.js';
import { readTrace, TRACE_COOKIE, visit, writeTrace } from '../trace.js';
import { locate } from './pages.js';

declare module 'fastify' {
  interface FastifyReply {
    /** Data every view gets (@fastify/view merges it into each render). */
    locals: Record<string, unknown>;
  }
}

export interface TraceCrumb {
  id: string;
  label: string;
  href: string;
}

export interface TraceDeps {
  pages: PageStore;
  settings: SettingsStore;
  readable: (viewer: Viewer) => ReadFilter;
}

/** The page a request shows as a plain view (GET, no action, no old revision), or null. */
function shownPage(request: FastifyRequest, deps: TraceDeps): string | null {
  if (request.method !== 'GET' || request.routeOptions.config.access?.kind !== 'page') return null;
  const query = request.query as Record<string, unknown>;
  if ((single(query.do) ?? 'show') !== 'show' || query.rev !== undefined) return null;
  const [path = '/'] = request.url.split('?', 1);
  try {
    const location = locate(path, deps.pages.exists, deps.settings.site().start);
    return 'id' in location ? location.id : null;
  } catch {
    return null;
  }
}

export function registerTrace(app: FastifyInstance, deps: TraceDeps): void {
  app.addHook('preHandler', async (request, reply) => {
    if (request.url.startsWith('/_/api/')) return;
    const max = deps.settings.site().breadcrumbs;
    if (max <= 0) return;
    let trace = readTrace(request.cookies[TRACE_COOKIE]);
    const canRead = deps.readable(request.viewer);
    const shown = shownPage(request, deps);
    if (shown !== null && canRead(shown) && deps.pages.exists(shown)) {
      const next = visit(trace.filter(canRead), shown, max);
      if (next.join('|') !== trace.join('|')) {
        reply.setCookie(TRACE_COOKIE, writeTrace(next), { path: '/', httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https' });
      }
      trace = next;
    }
    const shownTrace = trace.slice(-max);
    // Worked out only when a layout shows it.
    reply.locals.trace = (): TraceCrumb[] =>
      shownTrace
        .filter((id) => canRead(id) && deps.pages.exists(id))
        .map((id) => ({ id, label: nameOf(id), href: idToPath(id) }));
  });
}

