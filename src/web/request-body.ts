// A body refused as too large is read to its end (up to a bound) before the 413 is sent. Answering
// while the client is still sending, then closing, resets the connection: browsers and clients saw
// "connection reset" instead of the message. Past the bound, or after a while, the connection
// is closed anyway: a refused upload never costs more than this much reading.
import type { FastifyRequest } from 'fastify';

/** The most of a refused body read and thrown away: a 20 MB save or upload still gets its 413. */
export const DISCARD_BYTES = 64 * 1024 * 1024;
const DISCARD_MS = 15_000;

export function discardRequestBody(request: FastifyRequest): Promise<void> {
  const raw = request.raw;
  if (raw.readableEnded || raw.destroyed) return Promise.resolve();
  const announced = Number(request.headers['content-length']);
  if (announced > DISCARD_BYTES) return Promise.resolve();
  return new Promise((resolve) => {
    let read = 0;
    const finish = () => {
      clearTimeout(timer);
      raw.off('data', onData);
      raw.off('end', finish);
      raw.off('error', finish);
      raw.off('close', finish);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      read += chunk.length;
      if (read > DISCARD_BYTES) finish();
    };
    const timer = setTimeout(finish, DISCARD_MS);
    raw.on('data', onData);
    raw.once('end', finish);
    raw.once('error', finish);
    raw.once('close', finish);
    raw.resume();
  });
}
