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
import type { Config } from './config.js';
import { createCsrf } from './csrf.js';
import type { Db } from './db.js';
import { createEditing } from './editing.js';
import { MAX_TEXT_BYTES } from './limits.js';
import { registerErrorHandlers } from './error-handler.js';
import { createPageRenderer } from './page-render.js';
import { createPageStore } from './pages.js';
import { createRenderer } from './render/index.js';
import { dokuwikiRoutes } from './routes/dokuwiki.js';
import { healthRoutes } from './routes/health.js';
import { staticRoutes } from './routes/static.js';
import { pageRoutes } from './routes/pages.js';
import { createSettingsStore } from './settings.js';
import { seedContent } from './seed.js';
import { registerWeb } from './web.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

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
  const renderer = createRenderer();
  const pageRenderer = createPageRenderer({ pages, renderer, startPage: () => settings.site().start });
  const editing = createEditing(pages, pageRenderer);
  // Until accounts arrive, the wiki is open: everyone may read, edit and create.
  const openPolicy = [{ scope: '*', subject: '@ALL', level: 8 }];
  const access = createAccess({ rules: () => openPolicy, version: () => 0 });
  const csrf = createCsrf(settings.secret());
  seedContent({ settings, editing });

  await app.register(fastifyCookie);
  await app.register(fastifyFormbody);
  await app.register(fastifyView, {
    engine: { eta: new Eta({ views: path.join(ROOT, 'views'), cache: true, autoTrim: false }) },
    templates: path.join(ROOT, 'views'),
    production: true,
  });
  registerWeb(app, {
    access,
    csrf,
    settings,
    secureCookies: config.baseUrl?.startsWith('https:') ?? false,
  });
  registerErrorHandlers(app);

  await app.register(fastifyStatic, { root: path.join(ROOT, 'public'), serve: false });
  await app.register(staticRoutes);
  await app.register(healthRoutes, { db });
  await app.register(dokuwikiRoutes);
  await app.register(pageRoutes, { pages, pageRenderer, editing, access, settings });
  return app;
}
