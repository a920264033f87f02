// Parsing urlencoded form bodies with bounds: a body of 900,000 fields once took 2.5 s to parse
// before authentication or the CSRF check could refuse it. Each route also has a body limit of its
// own (src/routes/table.ts): small for the account and admin forms, the page size for saves.
import fastifyFormbody from '@fastify/formbody';
import { parse } from 'fast-querystring';
import type { FastifyInstance } from 'fastify';
import { HttpError } from '../errors.js';

/** Fields one form may hold: the longest of Quire's forms has a few dozen. */
export const MAX_FORM_FIELDS = 1000;

/** Account, admin and other small forms: a few fields of a few hundred characters each. */
export const SMALL_FORM_BYTES = 64 * 1024;

function boundedParse(body: string): Record<string, unknown> {
  let fields = 1;
  for (let at = body.indexOf('&'); at >= 0; at = body.indexOf('&', at + 1)) {
    if (++fields > MAX_FORM_FIELDS) throw new HttpError(413, 'too_large', 'error.tooManyFields', { max: MAX_FORM_FIELDS });
  }
  return parse(body);
}

export async function registerFormBodies(app: FastifyInstance): Promise<void> {
  await app.register(fastifyFormbody, { parser: boundedParse });
}
