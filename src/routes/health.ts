// GET /_/health: 200 {"status":"ok"} when the database answers (used by Docker's HEALTHCHECK).
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db.js';

export async function healthRoutes(app: FastifyInstance, options: { db: Db }): Promise<void> {
  const ping = options.db.prepare('SELECT 1').pluck();
  app.get('/_/health', { config: { access: { kind: 'public' } } }, async (_request, reply) => {
    try {
      ping.get();
      return { status: 'ok' };
    } catch {
      return reply.status(503).send({ status: 'unavailable' });
    }
  });
}
