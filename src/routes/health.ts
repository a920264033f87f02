// GET /_/health: 200 {"status":"ok"} when the database answers (used by Docker's HEALTHCHECK).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db.js';

export type HealthHandlers = ReturnType<typeof healthHandlers>;

export function healthHandlers(options: { db: Db }) {
  const ping = options.db.prepare('SELECT 1').pluck();
  const health = async (_request: FastifyRequest, reply: FastifyReply) => {
    try {
      ping.get();
      return { status: 'ok' };
    } catch {
      return reply.status(503).send({ status: 'unavailable' });
    }
  };

  return { health };
}
