// The JSON API under /_/api/v1 as one encapsulated fastify plugin: bearer tokens instead of
// cookies, JSON bodies only, per-caller rate limits, JSON errors, and the route table registered.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { localeFor } from '../i18n/index.js';
import type { SettingsStore } from '../site/settings.js';
import type { TokenStore } from '../accounts/tokens.js';
import type { UserStore } from '../accounts/users.js';
import { createBearerAuth } from './bearer.js';
import { ApiError, apiErrorHandler } from './errors.js';
import { createRequestLimiter, type Admission, type RequestLimiter } from './request-limiter.js';
import type { ApiDeps, ApiResult, ApiRoute } from './route.js';
import { apiRouteTable } from './routes.js';

export interface ApiOptions extends ApiDeps {
  tokens: TokenStore;
  users: UserStore;
  settings: SettingsStore;
  /** Requests a minute where the site settings name none: QUIRE_API_RATE, else DEFAULT_RATES. */
  rates?: { token: number | null; anonymous: number | null };
}

/** Requests a minute: generous for scripts with a token; tighter for anonymous callers, counted per IP. */
export const DEFAULT_RATES = { token: 600, anonymous: 120 };

/** The rates in force: the site settings', else the deployment's (QUIRE_API_RATE), else the built-in ones. */
export function apiRates(settings: SettingsStore, deployment: { token: number | null; anonymous: number | null } = { token: null, anonymous: null }) {
  const site = settings.site();
  return {
    token: site.apiRateToken ?? deployment.token ?? DEFAULT_RATES.token,
    anonymous: site.apiRateAnonymous ?? deployment.anonymous ?? DEFAULT_RATES.anonymous,
  };
}

/** A limiter for `perMinute` requests a minute, half a minute's worth at once; made again when the rate changes. */
export function limiterFor(rate: () => number): (key: string) => Admission {
  let made: { perMinute: number; limiter: RequestLimiter } | null = null;
  return (key) => {
    const perMinute = rate();
    if (made?.perMinute !== perMinute) made = { perMinute, limiter: createRequestLimiter({ perMinute, burst: Math.max(1, Math.ceil(perMinute / 2)) }) };
    return made.limiter.take(key);
  };
}

/** IETF draft-ietf-httpapi-ratelimit-headers, on every answer: what is left and when it is full again. */
function rateHeaders(reply: FastifyReply, admission: Admission, perMinute: number): void {
  reply.header('ratelimit-limit', String(admission.limit));
  reply.header('ratelimit-remaining', String(admission.allowed ? admission.remaining : 0));
  reply.header('ratelimit-reset', String(admission.resetSeconds));
  reply.header('ratelimit-policy', `${perMinute};w=60;burst=${admission.limit}`);
}

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
  const { tokens, users, settings, rates, ...deps } = options;
  const authenticate = createBearerAuth({ tokens, users });
  const rate = () => apiRates(settings, rates);
  const takeToken = limiterFor(() => rate().token);
  const takeAnonymous = limiterFor(() => rate().anonymous);

  app.setErrorHandler(apiErrorHandler);
  // JSON only: a cross-site HTML form (urlencoded, multipart, text/plain) gets 415 and changes nothing.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));

  app.addHook('onRequest', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const caller = authenticate(request.headers.authorization);
    const admission = caller.kind === 'token' ? takeToken(caller.key) : takeAnonymous(request.ip);
    rateHeaders(reply, admission, caller.kind === 'token' ? rate().token : rate().anonymous);
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
        const result = route.run(raw, { viewer, ip, t: request.locale.t, canRead: deps.access.canRead(viewer), deps });
        pagingHeaders(request, reply, result);
        return reply.status(result.status ?? 200).send(result.body);
      },
    });
  for (const route of apiRouteTable()) register(route);
}
