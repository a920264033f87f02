// Drawing a screen inside the site layout, through @fastify/view: everything the layout shows is
// worked out first, then the screen's template and the layout are drawn; for anonymous readers of
// a page the screen comes from the page cache when nothing it was made from has changed.
// Registered once by buildApp.
import type { Eta } from 'eta';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Level } from '../access/acl.js';
import { ANONYMOUS, type Access } from '../access/access.js';
import type { Setup } from '../accounts/setup.js';
import { namespaceOf } from '../pages/page-id.js';
import type { SettingsStore } from '../site/settings.js';
import type { Assets } from './assets.js';
import type { PageCache } from './page-cache.js';
import type { PageToolsOf, PluginChrome } from './plugin-chrome.js';
import { bodyOf, screenOf, slotMarker, TRACE_HOLE, type Screen } from './screen.js';
import type { Trace, TraceCrumb } from './trace-cookie.js';

declare module 'fastify' {
  interface FastifyReply {
    /** Renders views/NAME.eta inside the layout (views/layouts/main.eta) with the shared data, as the reply's body. */
    page(template: string, data?: Record<string, unknown>, options?: ScreenOptions): Promise<Buffer>;
    /** The screen page() kept for this URL under `cacheStamp`, when the viewer is anonymous and nothing changed. */
    cachedPage(cacheStamp: string): Buffer | undefined;
    /** Renders views/NAME.eta as a whole document of its own, outside the layout. */
    document(template: string, data: Record<string, unknown>): Promise<string>;
  }
  interface FastifyInstance {
    /** Screens kept for anonymous readers (exposed for tests and diagnostics). */
    pageCache: PageCache;
  }
}

export interface ScreenDeps {
  access: Access;
  /** The built scripts' hashed URLs (`it.asset('site.js')` in templates). */
  assets: Assets;
  settings: SettingsStore;
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

export function registerScreens(app: FastifyInstance, deps: ScreenDeps): void {
  const { access, assets, settings, setup, eta, trace, pageCache, pluginChrome, siteVersion } = deps;

  app.decorate('pageCache', pageCache);

  /** The trace of this reply, drawn: nothing while it is empty. */
  function traceHtml(request: FastifyRequest, crumbs: readonly TraceCrumb[]): string {
    return crumbs.length === 0 ? '' : eta.render('/partials/trace', { t: request.locale.t, crumbs });
  }

  /** Only what an anonymous reader gets is cached: it is the same for every one of them. */
  const cacheable = (request: FastifyRequest) => request.viewer === ANONYMOUS && (request.method === 'GET' || request.method === 'HEAD');

  /**
   * The "New page" site tool (/_/new, in the namespace of the page shown), for those who may write
   * somewhere: anyone logged in picks a namespace there, a visitor sees it where visitors may create.
   */
  function newPageHref(request: FastifyRequest, pageId: string | null): string | null {
    const ns = pageId ? namespaceOf(pageId) : '';
    const mayCreate = request.viewer.login !== null || access.level(request.viewer, ns === '' ? '*' : `${ns}:*`) >= Level.CREATE;
    if (!mayCreate) return null;
    return ns === '' ? '/_/new' : `/_/new?ns=${encodeURIComponent(ns)}`;
  }

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
      // The set-up screen does not tell its own visitor to finish the set-up.
      setupPending: template !== 'setup' && setup.pending(),
      // After logging in, a refused form sends the user back to the page, not to the POST's URL.
      currentUrl: request.method === 'POST' ? request.url.split('?', 1)[0] : request.url,
      csrf: () => {
        personal = true;
        return this.csrfToken();
      },
      traceHole: TRACE_HOLE,
      asset: assets.url,
      slot: slotMarker,
      body: '',
      pageId: null,
      // Last: V8 (Node 20) turns a literal with named properties after a spread into a slow
      // runtime call that allocates in the old generation, several microseconds each.
      ...data,
    };
    it.newPageHref = newPageHref(request, it.pageId as string | null);
    // Everything the layout shows is worked out before it is drawn: the plugins' parts and the trace.
    const pageTools = it.pageTools as PageToolsOf['tools'] | undefined;
    const chrome = pluginChrome(request, pageTools ? { tools: pageTools, pageId: it.pageId as string | null, rev: (it.pageRev as number | null | undefined) ?? null } : null);
    it.pageToolItems = chrome.pageToolItems;
    it.siteToolItems = chrome.siteToolItems;
    it.userToolItems = chrome.userToolItems;
    it.panelWidgets = chrome.panelWidgets;
    const crumbs = trace.crumbs(request, this);
    // The screen's own template, then the layout around it with the same data, through @fastify/view.
    it.body = await this.viewAsync(template, it);
    const html = await this.viewAsync(LAYOUT, it);
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
