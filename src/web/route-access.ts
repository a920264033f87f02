// Permission is route data: every route declares what it needs (`config.access`, a RouteAccess),
// a route that declares nothing is refused at start-up, and the declaration is checked with the
// one permission function — on the whole wiki before the route runs, or, for a route whose check
// depends on the page or namespace it names, through request.authorize(target) with the level the
// route declared. Registered once by buildApp, after the visitors (it needs the viewer).
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { levelNeeded, type Access, type RouteAccess } from '../access/access.js';
import { deny } from '../errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    /**
     * Checks the level this route declares (`of: 'page'` or `of: 'namespace'`) on `target` (a page
     * id, or 'ns:*'), refusing with 401 or 403; `exists` false asks for what a missing page needs.
     * Returns the viewer's level there.
     */
    authorize(target: string, exists?: boolean): number;
  }
}

const SITE = '*';

export function registerRouteAccess(app: FastifyInstance, access: Access): void {
  app.addHook('onRoute', (route) => {
    const config = route.config as { access?: RouteAccess } | undefined;
    if (!config?.access) throw new Error(`Route ${route.method} ${route.url} declares no access`);
  });

  app.addHook('onRequest', (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
    const needs = request.routeOptions.config.access;
    if (needs === 'logged-in' && request.viewer.login === null) return done(deny(request.viewer));
    if (typeof needs === 'object' && needs.of === 'site' && access.level(request.viewer, SITE) < levelNeeded(needs)) {
      return done(deny(request.viewer));
    }
    done();
  });

  app.decorateRequest('authorize', function (this: FastifyRequest, target: string, exists = true): number {
    const needs = this.routeOptions.config.access;
    if (typeof needs !== 'object' || needs.of === 'site') {
      throw new Error(`${this.method} ${this.routeOptions.url} authorizes a target but declares no page or namespace access`);
    }
    const level = access.level(this.viewer, target);
    if (level < levelNeeded(needs, exists)) throw deny(this.viewer);
    return level;
  });
}
