// The plugins' URLs: each plugin's public files at /_/static/plugins/NAME/FILE (a row of the route
// table), and the routes each plugin declares under /_/plugin/NAME, registered here once at start.
// Both answer 404 while the plugin is disabled.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../errors.js';
import type { PluginRegistry } from './registry.js';

const ASSET_MAX_AGE_MS = 3_600_000;

export type PluginAssetHandlers = ReturnType<typeof pluginAssetHandlers>;

export function pluginAssetHandlers(deps: { registry: PluginRegistry }) {
  const { registry } = deps;
  const asset = async (request: FastifyRequest<{ Params: { name: string; file: string } }>, reply: FastifyReply) => {
    const { name, file } = request.params;
    const assets = registry.isEnabled(name) ? registry.started(name)?.assets : undefined;
    const url = assets && Object.hasOwn(assets, file) ? assets[file] : undefined;
    if (!url) throw notFound();
    const location = fileURLToPath(url);
    return reply.sendFile(path.basename(location), path.dirname(location), { maxAge: ASSET_MAX_AGE_MS });
  };
  return { asset };
}

/** Each plugin's own routes, under /_/plugin/NAME; each declares its `config.access`. */
export async function pluginRoutes(app: FastifyInstance, deps: { registry: PluginRegistry }): Promise<void> {
  const { registry } = deps;

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
