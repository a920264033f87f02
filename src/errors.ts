// The few error types a handler throws; the one error handler turns them into pages or JSON.
import type { Viewer } from './access/access.js';
import type { MessageKey } from './i18n/index.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageKey: MessageKey,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
  }
}

export const badRequest = (field: string, messageKey: MessageKey = 'error.field') =>
  new HttpError(400, 'bad_request', messageKey, { field });
export const notFound = () => new HttpError(404, 'not_found', 'error.notFound');
export const unauthorized = () => new HttpError(401, 'unauthorized', 'error.unauthorized');
export const forbidden = () => new HttpError(403, 'forbidden', 'error.forbidden');
export const tooLarge = () => new HttpError(413, 'too_large', 'error.tooLarge');
export const badCsrf = () => new HttpError(403, 'csrf', 'error.csrf');

/** Deny with 401 (anonymous: log in first) or 403 (logged in, not allowed). */
export function deny(viewer: Pick<Viewer, 'login'>): HttpError {
  return viewer.login === null ? unauthorized() : forbidden();
}
