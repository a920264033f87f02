// CSS, scripts and icons from public/, under /_/static/.
import type { FastifyInstance } from 'fastify';

export async function staticRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { '*': string } }>(
    '/_/static/*',
    { config: { access: { kind: 'public' } } },
    (request, reply) => reply.sendFile(request.params['*'], { maxAge: 3_600_000 }),
  );
}
