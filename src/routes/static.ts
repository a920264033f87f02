// CSS, scripts and icons from public/, under /_/static/; hashed build files are immutable.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isImmutableAsset } from '../web/assets.js';

const HOUR_MS = 3_600_000;
const YEAR_MS = 365 * 24 * HOUR_MS;

export type StaticHandlers = ReturnType<typeof staticHandlers>;

export function staticHandlers() {
  const staticFile = async (request: FastifyRequest<{ Params: { '*': string } }>, reply: FastifyReply) => {
    const file = request.params['*'];
    // `public, max-age=31536000, immutable` for a hashed file, written only when it is found.
    if (isImmutableAsset(file)) return reply.sendFile(file, { maxAge: YEAR_MS, immutable: true });
    return reply.sendFile(file, { maxAge: HOUR_MS });
  };
  return { staticFile };
}
