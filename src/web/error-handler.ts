// The one error handler: HttpErrors and fastify's own 4xx become a page in the layout (or JSON
// under /_/api/ and for requests that ask for it); anything else is logged and shown as a plain 500. Never a stack trace.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError, notFound } from '../errors.js';
import type { MessageKey } from '../i18n/index.js';
import { wantsJson } from './accepts.js';
import { discardRequestBody } from './request-body.js';

const FASTIFY_MESSAGES: Record<number, MessageKey> = {
  413: 'error.tooLarge',
  404: 'error.notFound',
  405: 'error.method',
};

const FASTIFY_CODES: Record<number, string> = {
  413: 'too_large',
  404: 'not_found',
  405: 'method_not_allowed',
  415: 'unsupported_media_type',
};

function describe(error: FastifyError | HttpError): { status: number; code: string; key: MessageKey; params: Record<string, string | number> } {
  if (error instanceof HttpError) {
    return { status: error.status, code: error.code, key: error.messageKey, params: error.params };
  }
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
  if (status === 500) return { status, code: 'server_error', key: 'error.server', params: {} };
  // Fastify's own codes (FST_ERR_…) are not ours to show: the status says what happened.
  return { status, code: FASTIFY_CODES[status] ?? 'bad_request', key: FASTIFY_MESSAGES[status] ?? 'error.field', params: { field: 'body' } };
}

async function respond(error: FastifyError | HttpError, request: FastifyRequest, reply: FastifyReply) {
  const { status, code, key, params } = describe(error);
  if (status === 500) request.log.error({ err: error }, 'request failed');
  const message = request.locale.t(key, params);
  if (status === 413) await discardRequestBody(request);
  reply.status(status);
  // originalUrl: an undecodable API path was rewritten to BAD_URL_PATH but still wants JSON. The
  // editor script's requests to HTML routes (Accept: application/json) get JSON errors too.
  if (request.originalUrl.startsWith('/_/api/') || wantsJson(request)) return reply.send({ error: { code, message } });
  try {
    return await reply.page('error', { title: request.locale.t('error.title'), message, status });
  } catch (renderError) {
    request.log.error({ err: renderError }, 'error page failed');
    return reply.type('text/plain; charset=utf-8').send(message);
  }
}

/** Where a URL that cannot be decoded is routed, so that it gets the usual 400 page. */
export const BAD_URL_PATH = '/_/bad-url';

/** Fastify's rewriteUrl: a path with a broken percent-escape goes to BAD_URL_PATH. */
export function rewriteBadUrl(request: { url?: string }): string {
  const url = request.url ?? '/';
  const queryAt = url.indexOf('?');
  try {
    decodeURIComponent(queryAt < 0 ? url : url.slice(0, queryAt));
    return url;
  } catch {
    return BAD_URL_PATH;
  }
}

export function registerErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler(respond);
  app.setNotFoundHandler(async (request, reply) => respond(notFound(), request, reply));
}

export type ErrorHandlers = ReturnType<typeof errorHandlers>;

export function errorHandlers() {
  /** BAD_URL_PATH (a row of the route table): the usual 400 page. */
  const badUrl = async () => {
    throw new HttpError(400, 'bad_id', 'error.id');
  };
  return { badUrl };
}
