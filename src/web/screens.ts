// What every HTML response shares: the viewer (from the session cookie), their language, the CSRF
// token, and drawing a screen inside the site layout — for anonymous readers of a page, from the
// page cache when nothing it was made from has changed. Registered once by buildApp.
import type { Eta } from 'eta';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { Level } from '../access/acl.js';
import { ANONYMOUS, viewerOf, type Access, type RouteAccess, type Viewer } from '../access/access.js';
import { CSRF_COOKIE, type Csrf } from './csrf.js';
import { badCsrf, deny } from '../errors.js';
import { localeFor, type Locale } from '../i18n/index.js';
import type { PageCache } from './page-cache.js';
import type { PageToolsOf, PluginChrome } from './plugin-chrome.js';
import type { Trace, TraceCrumb } from './trace-cookie.js';
import { bodyOf, screenOf, slotMarker, TRACE_HOLE, type Screen } from './screen.js';
import { SESSION_COOKIE, type SessionStore } from '../accounts/sessions.js';
import type { SettingsStore } from '../site/settings.js';
import type { Setup } from '../accounts/setup.js';
import type { UserStore } from '../accounts/users.js';

declare module 'fastify' {
  interface FastifyRequest {
    viewer: Viewer;
    locale: Locale;
    /** The session id from the cookie when it names a live session of an enabled user. */
    sessionId: string | null;
  }
  interface FastifyReply {
    /** Renders views/NAME.eta inside the layout (views/layouts/main.eta) with the shared data, as the reply's body. */
    page(template: string, data?: Record<string, unknown>, options?: ScreenOptions): Promise<Buffer>;
    /** The screen page() kept for this URL under `cacheStamp`, when the viewer is anonymous and nothing changed. */
    cachedPage(cacheStamp: string): Buffer | undefined;
    /** Renders views/NAME.eta as a whole document of its own, outside the layout. */
    document(template: string, data: Record<string, unknown>): Promise<string>;
    /** The hidden-field value for POST forms of this response (sets the visitor cookie if needed). */
    csrfToken(): string;
    /** Starts a session for `login` and sets its cookie (a new id at every log-in). */
    startSession(login: string, remember: boolean): void;
    /** Ends the current session and clears its cookie. */
    endSession(): void;
  }
  interface FastifyInstance {
    /** Screens kept for anonymous readers (exposed for tests and diagnostics). */
    pageCache: PageCache;
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
  eta: Eta;
  trace: Trace;
  pluginChrome: (request: FastifyRequest, page: PageToolsOf | null) => PluginChrome;
  pageCache: PageCache;
  /** Changes whenever anything every screen shows may have changed: settings, ACL, plugins, existing pages. */
  siteVersion: () => string;
}

export interface ScreenOptions {
  /** Parts drawn elsewhere, as bytes, put where the template writes `it.slot(NAME)`. */
  slots?: Readonly<Record<string, Buffer>>;
  /**
   * A name of everything the screen is made from besides the site-wide state: with it, an
   * anonymous reader's screen is kept in the page cache for reply.cachedPage.
   */
  cacheStamp?: string;
}

const HTML = 'text/html; charset=utf-8';
/** Every screen page() draws is inside this template, which shows the screen's own as `it.body`. */
const LAYOUT = '/layouts/main.eta';

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
  const { access, csrf, settings, sessions, users, setup, eta, trace, pageCache, pluginChrome, siteVersion } = options;

  app.decorate('pageCache', pageCache);

  // Set per request in onRequest; decorated empty so every request object has the same shape.
  app.decorateRequest('viewer', null as unknown as Viewer);
  app.decorateRequest('locale', null as unknown as Locale);
  app.decorateRequest('sessionId', null);

  // Every route must say what it needs; a route that does not is refused at start-up.
  app.addHook('onRoute', (route) => {
    const config = route.config as { access?: RouteAccess } | undefined;
    if (!config?.access) throw new Error(`Route ${route.method} ${route.url} declares no access`);
  });

  // Callback hooks rather than async ones: they run on every request, and a promise each costs.
  app.addHook('onRequest', (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
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
    if (routeAccess?.kind === 'login' && request.viewer.login === null) return done(deny(request.viewer));
    if (routeAccess?.kind === 'level' && access.level(request.viewer, routeAccess.scope) < routeAccess.level) {
      return done(deny(request.viewer));
    }
    done();
  });

  // Every POST carries _csrf, checked before any handler runs (the JSON API is exempt: it ignores cookies).
  app.addHook('preHandler', (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
    if (request.method !== 'POST' || request.url.startsWith('/_/api/')) return done();
    const body = request.body as Record<string, unknown> | undefined;
    done(csrf.verify(csrfBinding(request), body?._csrf) ? undefined : badCsrf());
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

  /** The trace of this reply, drawn: nothing while it is empty. */
  function traceHtml(request: FastifyRequest, crumbs: readonly TraceCrumb[]): string {
    return crumbs.length === 0 ? '' : eta.render('/partials/trace', { t: request.locale.t, crumbs });
  }

  /** Only what an anonymous reader gets is cached: it is the same for every one of them. */
  const cacheable = (request: FastifyRequest) => request.viewer === ANONYMOUS && (request.method === 'GET' || request.method === 'HEAD');

  /** The body of a screen with this reply's trace, worked out beforehand, in its hole. */
  function bodyWithTrace(request: FastifyRequest, screen: Screen, crumbs: readonly TraceCrumb[]): Buffer {
    return bodyOf(screen, crumbs.map((crumb) => crumb.id).join('|'), () => traceHtml(request, crumbs));
  }

  app.decorateReply('page', async function (this: FastifyReply, template: string, data: Record<string, unknown> = {}, screenOptions: ScreenOptions = {}) {
    const request = this.request;
    // A screen with a form holds the visitor's own CSRF token: it is never cached.
    let personal = false;
    const it: Record<string, unknown> = {
      site: settings.site(),
      locale: request.locale,
      t: request.locale.t,
      viewer: request.viewer,
      isAdmin: request.viewer.login !== null && access.level(request.viewer, '*') >= Level.ADMIN,
      setupPending: setup.pending(),
      // After logging in, a refused form sends the user back to the page, not to the POST's URL.
      currentUrl: request.method === 'POST' ? request.url.split('?', 1)[0] : request.url,
      csrf: () => {
        personal = true;
        return this.csrfToken();
      },
      traceHole: TRACE_HOLE,
      slot: slotMarker,
      body: '',
      pageId: null,
      // Last: V8 (Node 20) turns a literal with named properties after a spread into a slow
      // runtime call that allocates in the old generation, several microseconds each.
      ...data,
    };
    // Everything the layout shows is worked out before it is drawn: the plugins' parts and the trace.
    const pageTools = it.pageTools as PageToolsOf['tools'] | undefined;
    const chrome = pluginChrome(request, pageTools ? { tools: pageTools, pageId: it.pageId as string | null, rev: (it.pageRev as number | null | undefined) ?? null } : null);
    it.pageToolItems = chrome.pageToolItems;
    it.siteToolItems = chrome.siteToolItems;
    it.userToolItems = chrome.userToolItems;
    it.panelWidgets = chrome.panelWidgets;
    const crumbs = trace.crumbs(request, this);
    // The screen's own template inside the layout, through @fastify/view.
    const html = await this.viewAsync(template, it, { layout: LAYOUT });
    const screen = screenOf(html, screenOptions.slots);
    if (screenOptions.cacheStamp !== undefined && !personal && cacheable(request)) {
      pageCache.set(request.url, `${screenOptions.cacheStamp}/${siteVersion()}`, screen);
    }
    this.type(HTML);
    return bodyWithTrace(request, screen, crumbs);
  });

  app.decorateReply('cachedPage', function (this: FastifyReply, cacheStamp: string) {
    const request = this.request;
    if (!cacheable(request)) return undefined;
    const screen = pageCache.get(request.url, `${cacheStamp}/${siteVersion()}`);
    if (screen === undefined) return undefined;
    this.type(HTML);
    return bodyWithTrace(request, screen, trace.crumbs(request, this));
  });

  app.decorateReply('document', async function (this: FastifyReply, template: string, data: Record<string, unknown>) {
    this.type(HTML);
    return this.viewAsync(template, data);
  });
}
