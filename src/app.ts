// buildApp(config, db): creates the stores and the renderer and registers every route, in one list.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import fastifyView from '@fastify/view';
import { Eta } from 'eta';
import { createAccess } from './access.js';
import { createAclStore } from './acl-store.js';
import type { Config } from './config.js';
import { createCsrf } from './csrf.js';
import type { Db } from './db.js';
import { createEditing } from './editing.js';
import { registerErrorHandlers } from './error-handler.js';
import { MAX_TEXT_BYTES } from './limits.js';
import { createPageRenderer } from './page-render.js';
import { createPageStore } from './pages.js';
import { createFailureLimiter } from './rate-limit.js';
import { createRenderer } from './render/index.js';
import { adminAclRoutes } from './routes/admin-acl.js';
import { adminConfigRoutes } from './routes/admin-config.js';
import { adminUserRoutes } from './routes/admin-users.js';
import { authRoutes } from './routes/auth.js';
import { dokuwikiRoutes } from './routes/dokuwiki.js';
import { healthRoutes } from './routes/health.js';
import { pageRoutes } from './routes/pages.js';
import { profileRoutes } from './routes/profile.js';
import { setupRoutes } from './routes/setup.js';
import { staticRoutes } from './routes/static.js';
import { seedContent } from './seed.js';
import { createSessionStore } from './sessions.js';
import { createSettingsStore } from './settings.js';
import { createSetup } from './setup.js';
import { createTokenStore } from './tokens.js';
import { createUserStore } from './users.js';
import { registerWeb } from './web.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LOGIN_WINDOW_MS = 5 * 60 * 1000;

export interface AppOptions {
  logger?: FastifyServerOptions['logger'];
}

export async function buildApp(config: Config, db: Db, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: config.trustProxy,
    bodyLimit: MAX_TEXT_BYTES * 4,
    routerOptions: { ignoreDuplicateSlashes: false, maxParamLength: 4096 },
  });

  const settings = createSettingsStore(db);
  const pages = createPageStore(db);
  const users = createUserStore(db);
  const sessions = createSessionStore(db);
  const tokens = createTokenStore(db);
  const acl = createAclStore(db);
  const access = createAccess(acl);
  const renderer = createRenderer();
  const pageRenderer = createPageRenderer({ pages, renderer, startPage: () => settings.site().start });
  const editing = createEditing(pages, pageRenderer);
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

  sessions.purgeExpired();
  const purge = setInterval(() => sessions.purgeExpired(), 3600_000).unref();
  app.addHook('onClose', async () => clearInterval(purge));

  await app.register(fastifyCookie);
  await app.register(fastifyFormbody);
  await app.register(fastifyView, {
    engine: { eta: new Eta({ views: path.join(ROOT, 'views'), cache: true, autoTrim: false }) },
    templates: path.join(ROOT, 'views'),
    production: true,
  });
  registerWeb(app, { access, csrf, settings, sessions, users, setup });
  registerErrorHandlers(app);

  await app.register(fastifyStatic, { root: path.join(ROOT, 'public'), serve: false });
  await app.register(staticRoutes);
  await app.register(healthRoutes, { db });
  await app.register(dokuwikiRoutes);
  await app.register(setupRoutes, { setup, users, settings, acl });
  await app.register(authRoutes, { users, settings, loginFailures });
  await app.register(profileRoutes, { users, tokens, sessions });
  await app.register(adminUserRoutes, { users, sessions });
  await app.register(adminAclRoutes, { acl });
  await app.register(adminConfigRoutes, { settings });
  await app.register(pageRoutes, { pages, pageRenderer, editing, access, settings });
  return app;
}
