// The JSON API under /_/api/v1 as one encapsulated fastify plugin: bearer tokens instead of
// cookies, JSON bodies only, per-caller rate limits, JSON errors, and the route table registered.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { localeFor } from '../i18n/index.js';
import type { SettingsStore } from '../site/settings.js';
import type { TokenStore } from '../accounts/tokens.js';
import type { UserStore } from '../accounts/users.js';
import { createBearerAuth } from './bearer.js';
import { ApiError, apiErrorHandler } from './errors.js';
import { createRequestLimiter, type LimiterOptions } from './request-limiter.js';
import type { ApiDeps, ApiResult, ApiRoute } from './route.js';
import { apiRouteTable } from './routes.js';

export interface ApiOptions extends ApiDeps {
  tokens: TokenStore;
  users: UserStore;
  settings: SettingsStore;
  limits?: { token: LimiterOptions; anonymous: LimiterOptions };
}

/** Generous for scripts with a token; tighter for anonymous callers, counted per IP. */
export const DEFAULT_LIMITS = {
  token: { perMinute: 600, burst: 300 },
  anonymous: { perMinute: 120, burst: 60 },
};

const fastifyPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

function pagingHeaders(request: FastifyRequest, reply: FastifyReply, result: ApiResult<unknown>): void {
  if (result.total !== undefined) reply.header('x-total-count', String(result.total));
  if (result.next === undefined || result.next === null) return;
  const url = new URL(request.url, 'http://quire.invalid');
  url.searchParams.set('first', String(result.next));
  reply.header('x-next-first', String(result.next));
  reply.header('link', `<${url.pathname}${url.search}>; rel="next"`);
}

export async function apiRoutes(app: FastifyInstance, options: ApiOptions): Promise<void> {
  const { tokens, users, settings, limits = DEFAULT_LIMITS, ...deps } = options;
  const authenticate = createBearerAuth({ tokens, users });
  const tokenLimiter = createRequestLimiter(limits.token);
  const anonymousLimiter = createRequestLimiter(limits.anonymous);

  app.setErrorHandler(apiErrorHandler);
  // JSON only: a cross-site HTML form (urlencoded, multipart, text/plain) gets 415 and changes nothing.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));

  app.addHook('onRequest', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const caller = authenticate(request.headers.authorization);
    const admission = caller.kind === 'token' ? tokenLimiter.take(caller.key) : anonymousLimiter.take(request.ip);
    if (!admission.allowed) {
      const seconds = admission.retryAfterSeconds;
      throw new ApiError(429, 'rate_limited', 'api.rateLimited', { seconds }, {}, { 'retry-after': String(seconds) });
    }
    if (caller.kind === 'invalid') throw new ApiError(401, 'invalid_token', 'api.invalidToken');
    request.viewer = caller.viewer;
    request.locale = localeFor(caller.viewer.lang ?? settings.site().lang);
  });

  const register = (route: ApiRoute) =>
    app.route({
      method: route.method,
      url: fastifyPath(route.path),
      // Declared as every route is; run() checks a page route's level on the page its path names.
      config: { access: route.access },
      handler: async (request, reply) => {
        const { viewer, ip } = request;
        const raw = { params: request.params, query: request.query, body: request.body };
        const result = route.run(raw, { viewer, ip, canRead: deps.access.canRead(viewer), deps });
        pagingHeaders(request, reply, result);
        return reply.status(result.status ?? 200).send(result.body);
      },
    });
  for (const route of apiRouteTable()) register(route);
}
