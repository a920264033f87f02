// What every HTML response shares: the viewer, their language, the CSRF token, and rendering a
// screen inside the site layout. Registered once by buildApp.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ANONYMOUS, type Access, type RouteAccess, type Viewer } from './access.js';
import { CSRF_COOKIE, type Csrf } from './csrf.js';
import { badCsrf, forbidden, unauthorized } from './errors.js';
import { localeFor, type Locale } from './i18n/index.js';
import type { SettingsStore } from './settings.js';

declare module 'fastify' {
  interface FastifyRequest {
    viewer: Viewer;
    locale: Locale;
  }
  interface FastifyReply {
    /** Renders views/NAME.eta inside the layout with the shared data. */
    page(template: string, data?: Record<string, unknown>): Promise<string>;
    /** The hidden-field value for POST forms of this response (sets the visitor cookie if needed). */
    csrfToken(): string;
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

export interface WebOptions {
  access: Access;
  csrf: Csrf;
  settings: SettingsStore;
  secureCookies: boolean;
}

/** Deny with 401 (anonymous: log in first) or 403 (logged in, not allowed). */
export function deny(viewer: Viewer): Error {
  return viewer.login === null ? unauthorized() : forbidden();
}

/** The binding a CSRF token is tied to: the visitor cookie (sessions come with accounts). */
function csrfBinding(request: FastifyRequest): string | undefined {
  return request.cookies[CSRF_COOKIE];
}

export function registerWeb(app: FastifyInstance, options: WebOptions): void {
  const { access, csrf, settings } = options;

  // Set per request in onRequest; decorated empty so every request object has the same shape.
  app.decorateRequest('viewer', null as unknown as Viewer);
  app.decorateRequest('locale', null as unknown as Locale);

  // Every route must say what it needs; a route that does not is refused at start-up.
  app.addHook('onRoute', (route) => {
    const config = route.config as { access?: RouteAccess } | undefined;
    if (!config?.access) throw new Error(`Route ${route.method} ${route.url} declares no access`);
  });

  app.addHook('onRequest', async (request) => {
    request.viewer = ANONYMOUS;
    request.locale = localeFor(settings.site().lang);
    const routeAccess = request.routeOptions.config.access;
    if (routeAccess?.kind === 'level' && access.level(request.viewer, routeAccess.scope) < routeAccess.level) {
      throw deny(request.viewer);
    }
  });

  // Every POST carries _csrf, checked before any handler runs (the JSON API is exempt: it ignores cookies).
  app.addHook('preHandler', async (request) => {
    if (request.method !== 'POST' || request.url.startsWith('/_/api/')) return;
    const body = request.body as Record<string, unknown> | undefined;
    if (!csrf.verify(csrfBinding(request), body?._csrf)) throw badCsrf();
  });

  app.decorateReply('csrfToken', function (this: FastifyReply) {
    let binding = csrfBinding(this.request);
    if (!binding) {
      binding = csrf.newBinding();
      this.request.cookies[CSRF_COOKIE] = binding;
      this.setCookie(CSRF_COOKIE, binding, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: options.secureCookies,
      });
    }
    return csrf.token(binding);
  });

  app.decorateReply('page', function (this: FastifyReply, template: string, data: Record<string, unknown> = {}) {
    const request = this.request;
    const site = settings.site();
    this.type('text/html; charset=utf-8');
    return this.viewAsync(template, {
      site,
      locale: request.locale,
      t: request.locale.t,
      viewer: request.viewer,
      csrf: () => this.csrfToken(),
      pageId: null,
      ...data,
    });
  });
}
