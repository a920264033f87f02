// The plugins' URLs: each plugin's own routes under /_/plugin/NAME, and its public files at
// /_/static/plugins/NAME/FILE. Registered once at start; both answer 404 while it is disabled.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { notFound } from '../errors.js';
import type { PluginRegistry } from './registry.js';

const ASSET_MAX_AGE_MS = 3_600_000;

export async function pluginRoutes(app: FastifyInstance, deps: { registry: PluginRegistry }): Promise<void> {
  const { registry } = deps;

  app.get<{ Params: { name: string; file: string } }>(
    '/_/static/plugins/:name/:file',
    { config: { access: { kind: 'public' } } },
    async (request, reply) => {
      const { name, file } = request.params;
      const assets = registry.isEnabled(name) ? registry.started(name)?.assets : undefined;
      const url = assets && Object.hasOwn(assets, file) ? assets[file] : undefined;
      if (!url) throw notFound();
      const location = fileURLToPath(url);
      return reply.sendFile(path.basename(location), path.dirname(location), { maxAge: ASSET_MAX_AGE_MS });
    },
  );

  for (const { manifest } of registry.available()) {
    const routes = registry.started(manifest.name)?.routes;
    if (!routes) continue;
    await app.register(
      async (scoped) => {
        scoped.addHook('onRequest', async () => {
          if (!registry.isEnabled(manifest.name)) throw notFound();
        });
        await routes(scoped);
      },
      { prefix: `/_/plugin/${manifest.name}` },
    );
  }
}
