// The trace in every page's layout (SPEC §4): showing an existing page the viewer may read moves it
// to the end of the trace cookie (the show action calls reply.traceVisit); the layout lists the
// trace's pages that the viewer may still read and that still exist.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Viewer } from '../access.js';
import { idToPath, nameOf } from '../page-id.js';
import type { PageStore } from '../pages.js';
import type { ReadFilter } from '../readable.js';
import type { SettingsStore } from '../settings.js';
import { readTrace, TRACE_COOKIE, visit, writeTrace } from '../trace.js';

declare module 'fastify' {
  interface FastifyReply {
    /** Data every view gets (@fastify/view merges it into each render). */
    locals: Record<string, unknown>;
    /** Records a view of `id`, an existing page the viewer may read, in the trace. */
    traceVisit(id: string): void;
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

export function registerTrace(app: FastifyInstance, deps: TraceDeps): void {
  app.decorateReply('traceVisit', function (this: FastifyReply, id: string) {
    const max = deps.settings.site().breadcrumbs;
    if (max <= 0) return;
    const request = this.request;
    const canRead = deps.readable(request.viewer);
    const before = readTrace(request.cookies[TRACE_COOKIE]);
    const next = visit(before.filter(canRead), id, max);
    if (next.join('|') !== before.join('|')) {
      this.setCookie(TRACE_COOKIE, writeTrace(next), { path: '/', httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https' });
    }
    request.cookies[TRACE_COOKIE] = next.join('|');
    this.locals.traceShown = id;
  });

  app.addHook('preHandler', async (request, reply) => {
    if (request.url.startsWith('/_/api/')) return;
    // Worked out only when a layout shows it, after the handler had its chance to visit.
    reply.locals.trace = (): TraceCrumb[] => {
      const max = deps.settings.site().breadcrumbs;
      if (max <= 0) return [];
      const canRead = deps.readable(request.viewer);
      const trace = readTrace(request.cookies[TRACE_COOKIE]).slice(-max).filter(canRead);
      // The page just shown is known to exist; only the others are looked up, in one query.
      const shown = reply.locals.traceShown;
      const others = trace.filter((id) => id !== shown);
      const existing = deps.pages.existing(others);
      return trace
        .filter((id) => id === shown || existing.has(id))
        .map((id) => ({ id, label: nameOf(id), href: idToPath(id) }));
    };
  });
}
