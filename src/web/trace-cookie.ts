// The trace in every screen's layout (SPEC §4): showing an existing page the viewer may read moves
// it to the end of the trace cookie (the show action calls reply.traceVisit); the layout lists the
// trace's pages that the viewer may still read and that still exist.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Viewer } from '../access/access.js';
import { idToPath, nameOf } from '../pages/page-id.js';
import type { PageStore } from '../pages/store.js';
import type { ReadFilter } from '../access/readable.js';
import type { SettingsStore } from '../site/settings.js';
import { readTrace, TRACE_COOKIE, visit, writeTrace } from '../finding/trace.js';

declare module 'fastify' {
  interface FastifyReply {
    /** Records a view of `id`, an existing page the viewer may read, in the trace. */
    traceVisit(id: string): void;
    /** The page this reply showed (and so knows to exist), once traceVisit ran. */
    traceShown: string | null;
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

export type Trace = ReturnType<typeof createTrace>;

export function createTrace(deps: TraceDeps) {
  return {
    /** The trace to show in this reply's layout, worked out after the handler had its chance to visit. */
    crumbs(request: FastifyRequest, reply: FastifyReply): TraceCrumb[] {
      const max = deps.settings.site().breadcrumbs;
      const cookie = request.cookies[TRACE_COOKIE];
      if (max <= 0 || !cookie) return [];
      const canRead = deps.readable(request.viewer);
      const trace = readTrace(cookie).slice(-max).filter(canRead);
      // The page just shown is known to exist; only the others are looked up, in one query.
      const shown = reply.traceShown;
      const others = trace.filter((id) => id !== shown);
      const existing = others.length > 0 ? deps.pages.existing(others) : new Set<string>();
      return trace
        .filter((id) => id === shown || existing.has(id))
        .map((id) => ({ id, label: nameOf(id), href: idToPath(id) }));
    },
  };
}

export function registerTrace(app: FastifyInstance, deps: TraceDeps): void {
  app.decorateReply('traceShown', null);
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
    this.traceShown = id;
  });
}
