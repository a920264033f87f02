// CSS, scripts and icons from public/, under /_/static/.
import type { FastifyReply, FastifyRequest } from 'fastify';

export type StaticHandlers = ReturnType<typeof staticHandlers>;

export function staticHandlers() {
  const staticFile = async (request: FastifyRequest<{ Params: { '*': string } }>, reply: FastifyReply) =>
    reply.sendFile(request.params['*'], { maxAge: 3_600_000 });
  return { staticFile };
}
