// buildApp(config, db): serves the wiki's domain (wiki.ts) over HTTP — what every response shares
// (visitors, route access, screens, errors), then the route table (src/routes/table.ts), the
// plugins' routes and the JSON API.
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fastifyView from '@fastify/view';
import { API_PREFIX } from './api/openapi.js';
import { apiRoutes, DEFAULT_RATES } from './api/plugin.js';
import { isRemoteApiUrl, remoteApiRoutes } from './api/dokuwiki-rpc.js';
import type { Config } from './config.js';
import { createCsrf } from './web/csrf.js';
import type { Db } from './db.js';
import { errorHandlers, registerErrorHandlers, rewriteBadUrl } from './web/error-handler.js';
import { MAX_TEXT_BYTES, MEDIA_RESIZE_CACHE_BYTES } from './limits.js';
import { createResizer } from './media/resize.js';
import { createPageCache } from './web/page-cache.js';
import { createLoginThrottle } from './accounts/login-throttle.js';
import { createFailureLimiter } from './accounts/rate-limit.js';
import { pluginChrome } from './web/plugin-chrome.js';
import { pluginAssetHandlers, pluginRoutes } from './plugins/routes.js';
import { pluginToolbarEntries } from './plugins/toolbar.js';
import { adminAclHandlers } from './routes/admin/acl.js';
import { adminConfigHandlers } from './routes/admin/config.js';
import { adminUserHandlers } from './routes/admin/users.js';
import { authHandlers, REGISTRATIONS_PER_HOUR } from './routes/auth.js';
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
import { registerFormBodies } from './web/form-body.js';
import { registerSecurityHeaders } from './web/security-headers.js';
import { registerVisitors } from './web/visitors.js';
import { loadAssets } from './web/assets.js';
import { createWiki, ROOT, type WikiOptions } from './wiki.js';
import { accountMailHandlers } from './routes/account-mail.js';
import { adminNotificationHandlers } from './routes/admin/notifications.js';
import { unsubscribeHandlers } from './routes/subscribe.js';
import { createDelivery, type DeliveryDeps } from './notifications/delivery.js';
import { createMailer, type MailerOptions } from './notifications/mailer.js';
import { createWorker, type Worker } from './notifications/worker.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Sends what the outbox holds (SPEC §14); tests drain it. */
    outboxWorker: Worker;
  }
}

const LOGIN_WINDOW_MS = 5 * 60 * 1000;
/** Screens kept for anonymous readers: a few hundred pages of the usual size. */
const PAGE_CACHE_BYTES = 16 * 1024 * 1024;
/** Drafts not touched for 30 days are forgotten. */
const DRAFT_KEEP_MS = 30 * 24 * 3600 * 1000;

export interface AppOptions {
  logger?: FastifyServerOptions['logger'];
  /** The plugins the admin may enable; the shipped ones unless a test brings its own. */
  plugins?: WikiOptions['plugins'];
  /** Mail transport settings beyond the configuration (a test's own certificate authority). */
  mailer?: MailerOptions;
  /** Webhook requests: a resolver for host names and a time limit (tests). */
  webhookPost?: DeliveryDeps['post'];
  /** The outbox is sent only when a test drains it. */
  manualOutbox?: boolean;
  /** Writes a plain line for whoever started the server (the first run's set-up address). */
  announce?: (line: string) => void;
}

/**
 * QUIRE_TRUST_PROXY as Fastify takes it: `true` is one proxy in front (only the last
 * X-Forwarded-For entry is believed; a client cannot pass its own off as the address), a number
 * that many proxies, a list the proxies' own addresses.
 */
function trustedProxies(setting: Config['trustProxy']): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (setting === false || Array.isArray(setting)) return setting;
  const hops = setting === true ? 1 : setting;
  return (_address, hop) => hop < hops;
}

export async function buildApp(config: Config, db: Db, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    rewriteUrl: rewriteBadUrl,
    trustProxy: trustedProxies(config.trustProxy),
    bodyLimit: MAX_TEXT_BYTES * 4,
    routerOptions: { ignoreDuplicateSlashes: false, maxParamLength: 4096 },
  });

  // Links in mails and webhooks need the wiki's public address; without QUIRE_BASE_URL, where it listens.
  const baseUrl = config.baseUrl ?? `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
  const wiki = createWiki(db, {
    plugins: options.plugins,
    log: { error: (details: object, message: string) => app.log.error(details, message) },
    notifications: { baseUrl, mail: config.mail !== null },
  });
  const { settings, pages, users, sessions, tokens, acl, access, plugins, toolbox, pageRenderer, locks, drafts, redirects, editing, renames } = wiki;
  const { searchIndex, recentChanges, pageIndex, readable, eta } = wiki;
  const csrf = createCsrf(settings.secret());
  const setup = await createSetup({
    dataDir: config.dataDir,
    adminPassword: config.adminPassword,
    users,
    log: (message) => app.log.warn(message),
    ...(options.announce ? { announce: options.announce } : {}),
    baseUrl: config.baseUrl ?? `http://${config.host}:${config.port}`,
  });
  // Password guesses (log-in and the profile's current password) and registrations, per process.
  const loginThrottle = createLoginThrottle();
  const registrations = createFailureLimiter({ max: REGISTRATIONS_PER_HOUR, windowMs: 3600_000 });
  const resetRequests = createFailureLimiter({ max: 10, windowMs: LOGIN_WINDOW_MS });
  // The outbox's worker: mails through the configured SMTP server, webhooks to their endpoints.
  const { notifications } = wiki;
  const mailer = config.mail ? createMailer(config.mail.smtp, config.mail.from, options.mailer) : null;
  const delivery = createDelivery({ outbox: notifications.outbox, composer: notifications.composer, mailer, webhooks: notifications.webhooks, access, settings, post: options.webhookPost });
  const worker = createWorker({ outbox: notifications.outbox, deliver: delivery.deliver, log: { error: (details, message) => app.log.error(details, message), info: (details, message) => app.log.info(details, message) }, manual: options.manualOutbox });
  notifications.onQueued(worker.nudge);
  app.decorate('outboxWorker', worker);
  worker.start();
  app.addHook('onClose', async () => {
    await worker.stop();
    mailer?.close();
  });
  seedContent({ settings, editing });

  const purgeStale = () => {
    sessions.purgeExpired();
    notifications.accountTokens.purgeExpired();
    locks.purgeExpired();
    drafts.purgeOlderThan(DRAFT_KEEP_MS);
  };
  purgeStale();
  const purge = setInterval(purgeStale, 3600_000).unref();
  app.addHook('onClose', async () => clearInterval(purge));

  // First, so every answer carries them, cached screens and errors included.
  const httpsBase = config.baseUrl?.startsWith('https:') === true;
  await registerSecurityHeaders(app, { https: httpsBase });
  await app.register(fastifyCookie);
  await registerFormBodies(app);
  // Screens render through @fastify/view with the wiki's eta, templates compiled once. Replies have
  // no `locals` (decorated empty here, so @fastify/view adds no per-request hook to make them).
  app.decorateReply('locals', null);
  await app.register(fastifyView, { engine: { eta }, root: path.join(ROOT, 'views'), production: true });
  registerVisitors(app, { csrf, settings, sessions, users, httpsBase, csrfExempt: isRemoteApiUrl });
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
  registerTrace(app, traceDeps, { httpsBase });
  await app.register(fastifyStatic, { root: path.join(ROOT, 'public'), serve: false });

  const adminNotifications = adminNotificationHandlers({ notifications, settings, users, mail: config.mail, mailer, wake: worker.nudge });
  // The route table (src/routes/table.ts), with each feature's handlers built from what it needs.
  const routes = siteRoutes({
    health: healthHandlers({ db }),
    files: staticHandlers(),
    pluginAssets: pluginAssetHandlers({ registry: plugins }),
    errors: errorHandlers(),
    dokuwiki: dokuwikiHandlers(),
    setup: setupHandlers({ setup, users, settings, acl }),
    auth: authHandlers({ users, settings, loginThrottle, registrations, locks, notifications }),
    profile: profileHandlers({ users, tokens, sessions, loginThrottle, notifications }),
    adminUsers: adminUserHandlers({ users, sessions, tokens, acl }),
    adminAcl: adminAclHandlers({ acl }),
    adminConfig: adminConfigHandlers({
      settings,
      availablePlugins: () => plugins.available().map((plugin) => plugin.manifest.name),
      availableWidgets: () => plugins.widgetNames().map((widget) => widget.name),
      describePlugin: (name, lang) => plugins.available().find((plugin) => plugin.manifest.name === name)?.strings[lang].description ?? '',
      apiRateDefaults: { token: config.apiRate.token ?? DEFAULT_RATES.token, anonymous: config.apiRate.anonymous ?? DEFAULT_RATES.anonymous },
      mailPanel: (request) => adminNotifications.mailPanel(request),
    }),
    adminNotifications,
    accountMail: accountMailHandlers({ notifications, users, sessions, resetRequests }),
    unsubscribe: unsubscribeHandlers({ notifications, settings }),
    search: searchHandlers({ search: searchIndex, readable, access, pages }),
    recent: recentHandlers({ recent: recentChanges, readable }),
    feed: feedHandlers({ recent: recentChanges, pages, settings, baseUrl: config.baseUrl, readable, pageRenderer, eta }),
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
        notifications,
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
  await app.register(apiRoutes, { prefix: API_PREFIX, pages, pageRenderer, editing, access, tokens, users, settings, search: searchIndex, recent: recentChanges, rates: config.apiRate });
  // DokuWiki's remote API (XML-RPC and JSON-RPC) for the clients and scripts of a wiki that moved in.
  await app.register(remoteApiRoutes, {
    pages,
    editing,
    locks,
    media: wiki.media,
    access,
    users,
    tokens,
    search: searchIndex,
    recent: recentChanges,
    settings,
    rates: config.apiRate,
    version: `Quire ${(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version}`,
    loginThrottle,
  });
  return app;
}
