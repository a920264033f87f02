// What every HTML response shares: the viewer (from the session cookie), their language, the CSRF
// token, and rendering a screen inside the site layout. Registered once by buildApp.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Level } from './acl.js';
import { ANONYMOUS, viewerOf, type Access, type RouteAccess, type Viewer } from './access.js';
import { CSRF_COOKIE, type Csrf } from './csrf.js';
import { badCsrf, forbidden, unauthorized } from './errors.js';
import { localeFor, type Locale } from './i18n/index.js';
import { SESSION_COOKIE, type SessionStore } from './sessions.js';
import type { SettingsStore } from './settings.js';
import type { Setup } from './setup.js';
import type { UserStore } from './users.js';

declare module 'fastify' {
  interface FastifyRequest {
    viewer: Viewer;
    locale: Locale;
    /** The session id from the cookie when it names a live session of an enabled user. */
    sessionId: string | null;
  }
  interface FastifyReply {
    /** Renders views/NAME.eta inside the layout with the shared data. */
    page(template: string, data?: Record<string, unknown>): Promise<string>;
    /** The hidden-field value for POST forms of this response (sets the visitor cookie if needed). */
    csrfToken(): string;
    /** Starts a session for `login` and sets its cookie (a new id at every log-in). */
    startSession(login: string, remember: boolean): void;
    /** Ends the current session and clears its cookie. */
    endSession(): void;
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

export interface WebOptions {
  access: Access;
  csrf: Csrf;
  settings: SettingsStore;
  sessions: SessionStore;
  users: UserStore;
  setup: Setup;
}

/** Deny with 401 (anonymous: log in first) or 403 (logged in, not allowed). */
export function deny(viewer: Viewer): Error {
  return viewer.login === null ? unauthorized() : forbidden();
}

/** Only paths on this site are accepted as places to return to after logging in. */
export function localPath(raw: unknown): string | null {
  if (typeof raw !== 'string' || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return null;
  if (/[\u0000-\u001f\\]/.test(raw)) return null;
  return raw;
}

/** CSRF tokens are tied to the session when there is one, else to the visitor cookie. */
function csrfBinding(request: FastifyRequest): string | undefined {
  return request.sessionId ?? request.cookies[CSRF_COOKIE];
}

const isHttps = (request: FastifyRequest) => request.protocol === 'https';

export function registerWeb(app: FastifyInstance, options: WebOptions): void {
  const { access, csrf, settings, sessions, users, setup } = options;

  // Set per request in onRequest; decorated empty so every request object has the same shape.
  app.decorateRequest('viewer', null as unknown as Viewer);
  app.decorateRequest('locale', null as unknown as Locale);
  app.decorateRequest('sessionId', null);

  // Every route must say what it needs; a route that does not is refused at start-up.
  app.addHook('onRoute', (route) => {
    const config = route.config as { access?: RouteAccess } | undefined;
    if (!config?.access) throw new Error(`Route ${route.method} ${route.url} declares no access`);
  });

  app.addHook('onRequest', async (request) => {
    request.viewer = ANONYMOUS;
    const sessionId = request.url.startsWith('/_/api/') ? undefined : request.cookies[SESSION_COOKIE];
    if (sessionId) {
      const session = sessions.get(sessionId);
      const user = session ? users.get(session.login) : undefined;
      if (user && !user.disabled) {
        request.viewer = viewerOf(user);
        request.sessionId = sessionId;
      }
    }
    request.locale = localeFor(request.viewer.lang ?? settings.site().lang);
    const routeAccess = request.routeOptions.config.access;
    if (routeAccess?.kind === 'login' && request.viewer.login === null) throw deny(request.viewer);
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
      this.setCookie(CSRF_COOKIE, binding, { path: '/', httpOnly: true, sameSite: 'lax', secure: isHttps(this.request) });
    }
    return csrf.token(binding);
  });

  app.decorateReply('startSession', function (this: FastifyReply, login: string, remember: boolean) {
    const old = this.request.sessionId;
    if (old) sessions.end(old);
    const session = sessions.create(login, remember);
    this.request.sessionId = session.id;
    this.setCookie(SESSION_COOKIE, session.id, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: isHttps(this.request),
      ...(remember ? { expires: new Date(session.expires) } : {}),
    });
  });

  app.decorateReply('endSession', function (this: FastifyReply) {
    const id = this.request.sessionId;
    if (id) sessions.end(id);
    this.request.sessionId = null;
    this.clearCookie(SESSION_COOKIE, { path: '/' });
  });

  app.decorateReply('page', function (this: FastifyReply, template: string, data: Record<string, unknown> = {}) {
    const request = this.request;
    this.type('text/html; charset=utf-8');
    return this.viewAsync(template, {
      site: settings.site(),
      locale: request.locale,
      t: request.locale.t,
      viewer: request.viewer,
      isAdmin: request.viewer.login !== null && access.level(request.viewer, '*') >= Level.ADMIN,
      setupPending: setup.pending(),
      // After logging in, a refused form sends the user back to the page, not to the POST's URL.
      currentUrl: request.method === 'GET' ? request.url : request.url.split('?', 1)[0],
      csrf: () => this.csrfToken(),
      pageId: null,
      ...data,
    });
  });
}
