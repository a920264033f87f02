// How the JSON API refuses: {"error": {"code", "message", …details}} with the right status, for
// its own errors, zod's and fastify's (bad JSON, wrong media type, body too large). Never HTML.
import { discardRequestBody } from '../web/request-body.js';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { HttpError } from '../errors.js';
import type { MessageKey } from '../i18n/index.js';

export type ErrorDetails = Record<string, string | number | null>;

/** An HttpError with machine-readable details beside the message (the current rev of a conflict …). */
export class ApiError extends HttpError {
  constructor(
    status: number,
    code: string,
    messageKey: MessageKey,
    params: Record<string, string | number> = {},
    readonly details: ErrorDetails = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(status, code, messageKey, params);
  }
}

/** 400 naming the first invalid field: "text: expected string, received number". */
export function invalidInput(error: z.ZodError, root: string): ApiError {
  const issue = error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : root;
  const problem = (issue?.message ?? 'invalid').replace(/^Invalid input: /, '');
  return new ApiError(400, 'bad_request', 'api.invalid', { field, problem }, { field });
}

function fromFastify(error: FastifyError): ApiError {
  const status = error.statusCode ?? 500;
  const isBody = error instanceof SyntaxError || (error.code ?? '').startsWith('FST_ERR_CTP_');
  if (status === 413) return new ApiError(413, 'too_large', 'error.tooLarge');
  if (status === 415) return new ApiError(415, 'unsupported_media_type', 'api.mediaType');
  if (status === 400 && isBody) return new ApiError(400, 'bad_request', 'api.badJson', {}, { field: 'body' });
  if (status === 404) return new ApiError(404, 'not_found', 'error.notFound');
  if (status >= 400 && status < 500) return new ApiError(status, 'bad_request', 'api.badRequest');
  return new ApiError(500, 'server_error', 'error.server');
}

function toApiError(error: FastifyError | HttpError): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof HttpError) {
    const key = error.status === 401 ? 'api.unauthorized' : error.messageKey;
    return new ApiError(error.status, error.code, key, error.params);
  }
  return fromFastify(error);
}

export async function apiErrorHandler(error: FastifyError | HttpError, request: FastifyRequest, reply: FastifyReply) {
  const apiError = toApiError(error);
  if (apiError.status === 500) request.log.error({ err: error }, 'API request failed');
  if (apiError.status === 401) reply.header('www-authenticate', 'Bearer realm="quire"');
  if (apiError.status === 413) await discardRequestBody(request);
  return reply
    .status(apiError.status)
    .headers(apiError.headers)
    .type('application/json; charset=utf-8')
    .send({ error: { code: apiError.code, message: request.locale.t(apiError.messageKey, apiError.params), ...apiError.details } });
}
