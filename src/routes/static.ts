// CSS, scripts and icons from public/, under /_/static/; hashed build files are immutable.
import type { FastifyInstance } from 'fastify';
import { isImmutableAsset } from '../web/assets.js';

const HOUR_MS = 3_600_000;
const YEAR_MS = 365 * 24 * HOUR_MS;

export async function staticRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { '*': string } }>('/_/static/*', { config: { access: { kind: 'public' } } }, (request, reply) => {
    const file = request.params['*'];
    // `public, max-age=31536000, immutable` for a hashed file, written only when it is found.
    if (isImmutableAsset(file)) return reply.sendFile(file, { maxAge: YEAR_MS, immutable: true });
    return reply.sendFile(file, { maxAge: HOUR_MS });
  });
}
