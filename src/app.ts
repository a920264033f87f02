// buildApp(config, db): serves the wiki's domain (wiki.ts) over HTTP — every route plugin is
// registered here, in one list.
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import fastifyView from '@fastify/view';
import { API_PREFIX } from './api/openapi.js';
import { apiRoutes } from './api/plugin.js';
import type { Config } from './config.js';
import { createCsrf } from './web/csrf.js';
import type { Db } from './db.js';
import { registerErrorHandlers, rewriteBadUrl } from './web/error-handler.js';
import { MAX_TEXT_BYTES, MEDIA_RESIZE_CACHE_BYTES } from './limits.js';
import { createResizer } from './media/resize.js';
import { createPageCache } from './web/page-cache.js';
import { createFailureLimiter } from './accounts/rate-limit.js';
import { pluginChrome } from './web/plugin-chrome.js';
import { pluginRoutes } from './plugins/routes.js';
import { adminAclRoutes } from './routes/admin/acl.js';
import { adminConfigRoutes } from './routes/admin/config.js';
import { adminUserRoutes } from './routes/admin/users.js';
import { authRoutes } from './routes/auth.js';
import { dokuwikiRoutes } from './routes/dokuwiki.js';
import { feedRoutes } from './routes/feed.js';
import { healthRoutes } from './routes/health.js';
import { mediaRoutes } from './routes/media.js';
import { pageIndexRoutes } from './routes/index-sitemap.js';
import { pageRoutes } from './routes/pages/dispatch.js';
import { profileRoutes } from './routes/profile.js';
import { recentRoutes } from './routes/recent.js';
import { searchRoutes } from './routes/search.js';
import { setupRoutes } from './routes/setup.js';
import { staticRoutes } from './routes/static.js';
import { createTrace, registerTrace } from './web/trace-cookie.js';
import { seedContent } from './site/seed.js';
import { createSetup } from './accounts/setup.js';
import { registerWeb } from './web/screens.js';
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
  const traceDeps = { pages, settings, readable };
  registerWeb(app, {
    access,
    csrf,
    settings,
    sessions,
    users,
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
  await app.register(staticRoutes);
  await app.register(healthRoutes, { db });
  await app.register(dokuwikiRoutes);
  await app.register(setupRoutes, { setup, users, settings, acl });
  await app.register(authRoutes, { users, settings, loginFailures, locks });
  await app.register(profileRoutes, { users, tokens, sessions });
  await app.register(adminUserRoutes, { users, sessions });
  await app.register(adminAclRoutes, { acl });
  await app.register(adminConfigRoutes, {
    settings,
    availablePlugins: () => plugins.available().map((plugin) => plugin.manifest.name),
    availableWidgets: () => plugins.widgetNames().map((widget) => widget.name),
    describePlugin: (name, lang) => plugins.available().find((plugin) => plugin.manifest.name === name)?.strings[lang].description ?? '',
  });
  await app.register(pluginRoutes, { registry: plugins });
  await app.register(searchRoutes, { search: searchIndex, readable });
  await app.register(recentRoutes, { recent: recentChanges, readable });
  await app.register(feedRoutes, { recent: recentChanges, pages, settings, baseUrl: config.baseUrl, readable });
  await app.register(pageIndexRoutes, { pageIndex, baseUrl: config.baseUrl, readable });
  await app.register(apiRoutes, { prefix: API_PREFIX, pages, pageRenderer, editing, access, tokens, users, settings, search: searchIndex, recent: recentChanges });
  await app.register(mediaRoutes, { media: wiki.media, access, resizer: createResizer({ maxBytes: MEDIA_RESIZE_CACHE_BYTES }) });
  await app.register(pageRoutes, { pages, pageRenderer, editing, access, settings, locks, drafts, redirects, renames });
  return app;
}
