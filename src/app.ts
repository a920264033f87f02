// buildApp(config, db): serves the wiki's domain (wiki.ts) over HTTP — what every response shares
// (visitors, route access, screens, errors), then the route table (src/routes/table.ts), the
// plugins' routes and the JSON API.
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fastifyView from '@fastify/view';
import { API_PREFIX } from './api/openapi.js';
import { apiRoutes } from './api/plugin.js';
import type { Config } from './config.js';
import { createCsrf } from './web/csrf.js';
import type { Db } from './db.js';
import { errorHandlers, registerErrorHandlers, rewriteBadUrl } from './web/error-handler.js';
import { MAX_TEXT_BYTES, MEDIA_RESIZE_CACHE_BYTES } from './limits.js';
import { createResizer } from './media/resize.js';
import { createPageCache } from './web/page-cache.js';
import { createFailureLimiter } from './accounts/rate-limit.js';
import { pluginChrome } from './web/plugin-chrome.js';
import { pluginAssetHandlers, pluginRoutes } from './plugins/routes.js';
import { pluginToolbarEntries } from './plugins/toolbar.js';
import { adminAclHandlers } from './routes/admin/acl.js';
import { adminConfigHandlers } from './routes/admin/config.js';
import { adminUserHandlers } from './routes/admin/users.js';
import { authHandlers } from './routes/auth.js';
import { dokuwikiHandlers } from './routes/dokuwiki.js';
import { feedHandlers } from './routes/feed.js';
import { healthHandlers } from './routes/health.js';
import { mediaHandlers, MULTIPART_LIMITS } from './routes/media.js';
import { indexHandlers } from './routes/index-sitemap.js';
import { pageHandlers } from './routes/pages/dispatch.js';
import { newPageHandlers } from './routes/new-page.js';
import { profileHandlers } from './routes/profile.js';
import { recentHandlers } from './routes/recent.js';
import { searchHandlers } from './routes/search.js';
import { setupHandlers } from './routes/setup.js';
import { PAGE_ACTIONS, siteRoutes } from './routes/table.js';
import { staticHandlers } from './routes/static.js';
import { suggestHandlers } from './routes/suggest.js';
import { createTrace, registerTrace } from './web/trace-cookie.js';
import { seedContent } from './site/seed.js';
import { createSetup } from './accounts/setup.js';
import { registerRouteAccess } from './web/route-access.js';
import { registerScreens } from './web/screens.js';
import { registerVisitors } from './web/visitors.js';
import { loadAssets } from './web/assets.js';
import { createWiki, ROOT, type WikiOptions } from './wiki.js';

const LOGIN_WINDOW_MS = 5 * 60 * 1000;
/** Screens kept for anonymous readers: a few hundred pages of the usual size. */
const PAGE_CACHE_BYTES = 16 * 1024 * 1024;
/** Drafts not touched for 30 days are forgotten. */
const DRAFT_KEEP_MS = 30 * 24 * 3600 * 1000;

export interface AppOptions {
  logger?: FastifyServerOptions['logger'];
  /** The plugins the admin may enable; the shipped ones unless a test brings its own. */
  plugins?: WikiOptions['plugins'];
}

export async function buildApp(config: Config, db: Db, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    rewriteUrl: rewriteBadUrl,
    trustProxy: config.trustProxy,
    bodyLimit: MAX_TEXT_BYTES * 4,
    routerOptions: { ignoreDuplicateSlashes: false, maxParamLength: 4096 },
  });

  const wiki = createWiki(db, { plugins: options.plugins, log: { error: (details: object, message: string) => app.log.error(details, message) } });
  const { settings, pages, users, sessions, tokens, acl, access, plugins, toolbox, pageRenderer, locks, drafts, redirects, editing, renames } = wiki;
  const { searchIndex, recentChanges, pageIndex, readable, eta } = wiki;
  const csrf = createCsrf(settings.secret());
  const setup = await createSetup({
    dataDir: config.dataDir,
    adminPassword: config.adminPassword,
    users,
    log: (message) => app.log.warn(message),
    baseUrl: config.baseUrl ?? `http://${config.host}:${config.port}`,
  });
  const loginFailures = createFailureLimiter({ max: 10, windowMs: LOGIN_WINDOW_MS });
  seedContent({ settings, editing });

  const purgeStale = () => {
    sessions.purgeExpired();
    locks.purgeExpired();
    drafts.purgeOlderThan(DRAFT_KEEP_MS);
  };
  purgeStale();
  const purge = setInterval(purgeStale, 3600_000).unref();
  app.addHook('onClose', async () => clearInterval(purge));

  await app.register(fastifyCookie);
  await app.register(fastifyFormbody);
  // Screens render through @fastify/view with the wiki's eta, templates compiled once. Replies have
  // no `locals` (decorated empty here, so @fastify/view adds no per-request hook to make them).
  app.decorateReply('locals', null);
  await app.register(fastifyView, { engine: { eta }, root: path.join(ROOT, 'views'), production: true });
  registerVisitors(app, { csrf, settings, sessions, users });
  registerRouteAccess(app, access);
  const traceDeps = { pages, settings, readable };
  const assets = loadAssets(path.join(ROOT, 'public'));
  registerScreens(app, {
    access,
    assets,
    settings,
    setup,
    eta,
    trace: createTrace(traceDeps),
    pluginChrome: (request, page) => pluginChrome(request, page, { registry: plugins, toolbox, access }),
    pageCache: createPageCache({ maxBytes: PAGE_CACHE_BYTES }),
    // The plugins enabled and the toolbox panel are settings too.
    siteVersion: () => `${settings.version()}.${acl.version()}.${pageRenderer.generation()}.${setup.pending() ? 1 : 0}`,
  });
  registerErrorHandlers(app);
  registerTrace(app, traceDeps);
  await app.register(fastifyStatic, { root: path.join(ROOT, 'public'), serve: false });

  // The route table (src/routes/table.ts), with each feature's handlers built from what it needs.
  const routes = siteRoutes({
    health: healthHandlers({ db }),
    files: staticHandlers(),
    pluginAssets: pluginAssetHandlers({ registry: plugins }),
    errors: errorHandlers(),
    dokuwiki: dokuwikiHandlers(),
    setup: setupHandlers({ setup, users, settings, acl }),
    auth: authHandlers({ users, settings, loginFailures, locks }),
    profile: profileHandlers({ users, tokens, sessions }),
    adminUsers: adminUserHandlers({ users, sessions }),
    adminAcl: adminAclHandlers({ acl }),
    adminConfig: adminConfigHandlers({
      settings,
      availablePlugins: () => plugins.available().map((plugin) => plugin.manifest.name),
      availableWidgets: () => plugins.widgetNames().map((widget) => widget.name),
      describePlugin: (name, lang) => plugins.available().find((plugin) => plugin.manifest.name === name)?.strings[lang].description ?? '',
    }),
    search: searchHandlers({ search: searchIndex, readable, access, pages }),
    recent: recentHandlers({ recent: recentChanges, readable }),
    feed: feedHandlers({ recent: recentChanges, pages, settings, baseUrl: config.baseUrl, readable }),
    index: indexHandlers({ pageIndex, baseUrl: config.baseUrl, readable }),
    newPage: newPageHandlers(),
    suggest: suggestHandlers({ pageIndex, readable }),
    media: mediaHandlers({ media: wiki.media, access, resizer: createResizer({ maxBytes: MEDIA_RESIZE_CACHE_BYTES }) }),
    pages: pageHandlers(
      {
        pages,
        pageRenderer,
        editing,
        access,
        settings,
        locks,
        drafts,
        redirects,
        renames,
        users,
        assets,
        toolbarEntries: (request, pageId) => pluginToolbarEntries(plugins, { viewer: request.viewer, locale: request.locale, pageId }),
      },
      PAGE_ACTIONS,
    ),
  });
  // Multipart bodies are parsed only where a route takes an upload.
  await app.register(async (uploads) => {
    await uploads.register(fastifyMultipart, { throwFileSizeLimit: false, limits: MULTIPART_LIMITS });
    for (const route of routes) if (route.multipart) route.register(uploads);
  });
  for (const route of routes) if (!route.multipart) route.register(app);
  await app.register(pluginRoutes, { registry: plugins });
  await app.register(apiRoutes, { prefix: API_PREFIX, pages, pageRenderer, editing, access, tokens, users, settings, search: searchIndex, recent: recentChanges });
  return app;
}
