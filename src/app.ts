// buildApp(config, db): creates the stores and the renderer and registers every route, in one list.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import fastifyView from '@fastify/view';
import { Eta } from 'eta';
import { ANONYMOUS, createAccess } from './access.js';
import { createAclStore } from './acl-store.js';
import { API_PREFIX } from './api/openapi.js';
import { apiRoutes } from './api/plugin.js';
import type { Config } from './config.js';
import { createCsrf } from './csrf.js';
import type { Db } from './db.js';
import { createDraftStore } from './drafts.js';
import { createEditing } from './editing.js';
import { registerErrorHandlers, rewriteBadUrl } from './error-handler.js';
import { localeFor } from './i18n/index.js';
import { MAX_TEXT_BYTES } from './limits.js';
import { createPageIndex } from './page-index.js';
import { createPageRenderer } from './page-render.js';
import { createLockStore } from './locks.js';
import { createPageStore } from './pages.js';
import { createRedirectStore } from './redirects.js';
import { createRenames } from './rename.js';
import { createFailureLimiter } from './rate-limit.js';
import { createReadFilters } from './readable.js';
import { createRecentChanges } from './recent.js';
import { registerPluginChrome } from './plugins/chrome.js';
import { shippedPlugins, type Plugin } from './plugins/index.js';
import { createPluginRegistry } from './plugins/registry.js';
import { createPluginRenderer } from './plugins/renderer.js';
import { pluginRoutes } from './plugins/routes.js';
import { createToolbox } from './plugins/toolbox.js';
import { adminAclRoutes } from './routes/admin-acl.js';
import { adminConfigRoutes } from './routes/admin-config.js';
import { adminUserRoutes } from './routes/admin-users.js';
import { authRoutes } from './routes/auth.js';
import { dokuwikiRoutes } from './routes/dokuwiki.js';
import { feedRoutes } from './routes/feed.js';
import { healthRoutes } from './routes/health.js';
import { pageIndexRoutes } from './routes/page-index.js';
import { pageRoutes } from './routes/pages.js';
import { profileRoutes } from './routes/profile.js';
import { recentRoutes } from './routes/recent.js';
import { searchRoutes } from './routes/search.js';
import { setupRoutes } from './routes/setup.js';
import { staticRoutes } from './routes/static.js';
import { registerTrace } from './routes/trace.js';
import { createSearchIndex } from './search.js';
import { seedContent } from './seed.js';
import { createSessionStore } from './sessions.js';
import { createSettingsStore } from './settings.js';
import { createSetup } from './setup.js';
import { createTokenStore } from './tokens.js';
import { createUserStore } from './users.js';
import { registerWeb } from './web.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LOGIN_WINDOW_MS = 5 * 60 * 1000;
/** Drafts not touched for 30 days are forgotten. */
const DRAFT_KEEP_MS = 30 * 24 * 3600 * 1000;

export interface AppOptions {
  logger?: FastifyServerOptions['logger'];
  /** The plugins the admin may enable; the shipped ones unless a test brings its own. */
  plugins?: readonly Plugin[];
}

export async function buildApp(config: Config, db: Db, options: AppOptions = {}): Promise<FastifyInstance> {
  const settings = createSettingsStore(db);
  const app = Fastify({
    logger: options.logger ?? false,
    rewriteUrl: rewriteBadUrl,
    trustProxy: config.trustProxy,
    bodyLimit: MAX_TEXT_BYTES * 4,
    routerOptions: { ignoreDuplicateSlashes: false, maxParamLength: 4096 },
  });

  const pages = createPageStore(db);
  const users = createUserStore(db);
  const sessions = createSessionStore(db);
  const tokens = createTokenStore(db);
  const acl = createAclStore(db);
  const access = createAccess(acl);
  const eta = new Eta({ views: path.join(ROOT, 'views'), cache: true, autoTrim: false });
  const pluginLog = { error: (details: object, message: string) => app.log.error(details, message) };
  const plugins = createPluginRegistry({
    plugins: options.plugins ?? shippedPlugins(),
    host: { db, pages, access, log: pluginLog },
    enabledNames: () => settings.site().plugins,
    log: pluginLog,
  });
  const toolbox = createToolbox({ registry: plugins, eta, log: pluginLog, panelWidgets: () => settings.site().toolbox });
  const renderer = createPluginRenderer(plugins, pluginLog);
  const pageRenderer = createPageRenderer({
    pages,
    renderer,
    startPage: () => settings.site().start,
    // Widgets inside page HTML are drawn for the site's language (the renderer does not know the reader).
    placeWidget: (name, pageId, index) => toolbox.inPage(name, { viewer: ANONYMOUS, locale: localeFor(settings.site().lang) }, pageId, index),
    epoch: plugins.epoch,
  });
  const locks = createLockStore(db);
  const drafts = createDraftStore(db);
  const redirects = createRedirectStore(db);
  const editing = createEditing(pages, pageRenderer, { locks, drafts, events: plugins.events });
  const renames = createRenames({ pages, editing, pageRenderer, locks, drafts, redirects, startPage: () => settings.site().start });
  const searchIndex = createSearchIndex(db);
  pages.onSave(searchIndex.listener);
  const recentChanges = createRecentChanges(db);
  const pageIndex = createPageIndex(db);
  const readable = createReadFilters(access, acl.rules);
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
  await app.register(fastifyView, {
    engine: { eta },
    templates: path.join(ROOT, 'views'),
    production: true,
  });
  registerPluginChrome(app, { registry: plugins, toolbox, access, pages });
  registerWeb(app, { access, csrf, settings, sessions, users, setup });
  registerErrorHandlers(app);
  registerTrace(app, { pages, settings, readable });

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
  await app.register(pageRoutes, { pages, pageRenderer, editing, access, settings, locks, drafts, redirects, renames });
  return app;
}
