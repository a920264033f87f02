// DokuWiki's remote API over HTTP, so existing clients work unchanged: POST /lib/exe/xmlrpc.php
// (XML-RPC) and POST /lib/exe/jsonrpc.php (JSON-RPC 1.0/2.0, or DokuWiki's own form with the method
// in the path). Callers are who a Bearer token, HTTP Basic or the session cookie `dokuwiki.login`
// set says they are; rate limits and the log-in throttle are the JSON API's and the log-in form's. The methods themselves, with DokuWiki's fault
// codes, are src/dokuwiki/remote.ts. Only XML or JSON bodies are read: a cross-site form cannot
// send either without the browser asking first, and the session cookie is SameSite=Lax.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { viewerOf, type Viewer } from '../access/access.js';
import type { LoginThrottle } from '../accounts/login-throttle.js';
import type { TokenStore } from '../accounts/tokens.js';
import type { UserStore } from '../accounts/users.js';
import { HttpError } from '../errors.js';
import type { SettingsStore } from '../site/settings.js';
import { AccessDenied, LoginRequest, RemoteFault, remoteMethods, type RemoteCaller, type RemoteDeps, type RemoteMethod } from '../dokuwiki/remote.js';
import { faultResponse, methodResponse, parseMethodCall, RpcDate, XmlRpcParseError, type RpcValue } from '../dokuwiki/xmlrpc.js';
import { MAX_MEDIA_BYTES } from '../limits.js';
import { createBearerAuth } from './bearer.js';
import { apiRates, limiterFor } from './plugin.js';

export const XMLRPC_PATH = '/lib/exe/xmlrpc.php';
export const JSONRPC_PATH = '/lib/exe/jsonrpc.php';

/** Requests of these paths are the remote API's: no CSRF field, XML or JSON bodies only. */
export function isRemoteApiUrl(url: string): boolean {
  return url.startsWith(XMLRPC_PATH) || url.startsWith(JSONRPC_PATH);
}

export interface RemoteApiOptions extends Omit<RemoteDeps, 'users' | 'site'> {
  users: UserStore;
  tokens: TokenStore;
  settings: SettingsStore;
  loginThrottle: LoginThrottle;
  /** Requests a minute where the site settings name none (QUIRE_API_RATE), as for the JSON API. */
  rates?: { token: number | null; anonymous: number | null };
}

// DokuWiki clients (dokujclient) take a login as done when a cookie named DW… comes back.
const LOGIN_MARK_COOKIE = 'DWquire';
// A media file travels base64-encoded inside XML or JSON.
const BODY_LIMIT = Math.ceil(MAX_MEDIA_BYTES * 1.4) + 1024 * 1024;

class Refused extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

interface Call {
  method: string;
  /** Positional (XML-RPC, JSON arrays) or named (JSON objects). */
  params: RpcValue[] | Record<string, RpcValue>;
}

function argumentsOf(method: RemoteMethod, params: Call['params']): Record<string, RpcValue | undefined> {
  if (!Array.isArray(params)) return params;
  if (params.length > method.args.length) throw new RemoteFault(-32603, 'Method does not exist - wrong parameter count.');
  return Object.fromEntries(method.args.map((name, i) => [name, params[i]]));
}

/** JSON has no dates or files: dates go as Unix seconds (as DokuWiki's JSON-RPC does), files as base64. */
function toJson(value: RpcValue): unknown {
  if (value instanceof RpcDate) return value.seconds;
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (Array.isArray(value)) return value.map(toJson);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, toJson(member)]));
  return value;
}

export async function remoteApiRoutes(app: FastifyInstance, options: RemoteApiOptions): Promise<void> {
  const { users, tokens, settings, loginThrottle, rates, ...deps } = options;
  const methods = remoteMethods({ ...deps, users, site: () => settings.site() });
  const authenticate = createBearerAuth({ tokens, users });
  const takeToken = limiterFor(() => apiRates(settings, rates).token);
  const takeAnonymous = limiterFor(() => apiRates(settings, rates).anonymous);

  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['text/xml', 'application/xml'], { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_request, body, done) => done(null, body));
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_request, body, done) => done(null, body));

  async function verifyLogin(request: FastifyRequest, login: string, password: string): Promise<Viewer | null> {
    // Counted before the password is hashed, as the log-in form counts it.
    const wait = loginThrottle.begin(request.ip, login.toLowerCase());
    if (wait !== null) throw new Refused(429, -32604, 'server error. too many failed logins, try again later', { 'retry-after': String(wait) });
    let user;
    try {
      user = await users.verify(login, password);
    } catch (error) {
      if (!(error instanceof HttpError && error.status === 503)) throw error;
      loginThrottle.cancel(request.ip, login.toLowerCase());
      throw new Refused(503, -32604, 'server error. busy, try again in a moment', { 'retry-after': '1' });
    }
    if (!user) return null;
    loginThrottle.succeeded(request.ip, login.toLowerCase());
    return viewerOf(user);
  }

  /** Who calls: a token, HTTP Basic, or the session (request.viewer, from the cookie). */
  async function callerOf(request: FastifyRequest): Promise<{ caller: RemoteCaller; key: string }> {
    const authorization = request.headers.authorization;
    const basic = authorization === undefined ? null : /^Basic +([A-Za-z0-9+/=]+) *$/i.exec(authorization);
    if (basic) {
      const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const viewer = colon < 0 ? null : await verifyLogin(request, decoded.slice(0, colon), decoded.slice(colon + 1));
      if (!viewer) throw new Refused(401, -32603, 'server error. not authorized: wrong login or password', { 'www-authenticate': 'Basic realm="Quire"' });
      return { caller: { viewer, ip: request.ip }, key: `login:${viewer.login}` };
    }
    if (authorization !== undefined) {
      const token = authenticate(authorization);
      if (token.kind !== 'token') throw new Refused(401, -32603, 'server error. not authorized: invalid token');
      return { caller: { viewer: token.viewer, ip: request.ip }, key: token.key };
    }
    return { caller: { viewer: request.viewer, ip: request.ip }, key: request.viewer.login === null ? `ip:${request.ip}` : `login:${request.viewer.login}` };
  }

  /** Runs one call; faults come back as RemoteFault or Refused. */
  async function run(request: FastifyRequest, reply: FastifyReply, call: Call): Promise<RpcValue> {
    const { caller, key } = await callerOf(request);
    const admission = key.startsWith('ip:') ? takeAnonymous(key) : takeToken(key);
    if (!admission.allowed) {
      const seconds = String(admission.retryAfterSeconds);
      throw new Refused(429, -32604, `server error. too many requests, try again in ${seconds} s`, { 'retry-after': seconds });
    }
    const method = methods.get(call.method);
    if (!method) throw new RemoteFault(-32603, 'Method does not exist');
    try {
      const result = method.run(argumentsOf(method, call.params), caller);
      if (!(result instanceof LoginRequest)) {
        if (call.method.endsWith('.logoff')) reply.endSession();
        return result;
      }
      const viewer = await verifyLogin(request, result.login, result.password);
      if (!viewer?.login) return false;
      reply.startSession(viewer.login, false);
      reply.setCookie(LOGIN_MARK_COOKIE, '1', { path: '/', httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https' });
      return true;
    } catch (error) {
      // DokuWiki answers every refusal the same way, whatever the method said.
      if (error instanceof AccessDenied) {
        if (caller.viewer.login === null) throw new Refused(401, -32603, `server error. not authorized to call method ${call.method}`);
        throw new Refused(403, -32604, `server error. forbidden to call the method ${call.method}`);
      }
      throw error;
    }
  }

  const access = 'anyone' as const; // every method checks the caller's permission on what it touches

  app.post(XMLRPC_PATH, { config: { access }, bodyLimit: BODY_LIMIT }, async (request, reply) => {
    reply.header('cache-control', 'no-store').type('text/xml; charset=utf-8');
    let call: Call;
    try {
      call = parseMethodCall(typeof request.body === 'string' ? request.body : '');
    } catch (error) {
      if (!(error instanceof XmlRpcParseError)) throw error;
      return reply.send(faultResponse(-32700, 'parse error. not well formed'));
    }
    try {
      return reply.send(methodResponse(await run(request, reply, call)));
    } catch (error) {
      if (error instanceof Refused) return reply.status(error.status).headers(error.headers).send(faultResponse(error.code, error.message));
      if (error instanceof RemoteFault) return reply.send(faultResponse(error.code, error.message));
      throw error;
    }
  });

  const jsonRpc = async (request: FastifyRequest<{ Params: { method?: string } }>, reply: FastifyReply) => {
    reply.header('cache-control', 'no-store').type('application/json; charset=utf-8');
    let data: unknown;
    try {
      data = typeof request.body === 'string' && request.body.trim() !== '' ? JSON.parse(request.body) : {};
    } catch {
      return reply.status(400).send({ error: { code: -32700, message: 'JSON-RPC server only accepts valid JSON.' } });
    }
    const body = (data !== null && typeof data === 'object' ? data : {}) as Record<string, unknown>;
    // Standard requests name the method in the body; DokuWiki's simplified ones in the path.
    const standard = typeof body.method === 'string';
    const version = typeof body.jsonrpc === 'string' ? Number(body.jsonrpc) : typeof body.version === 'string' ? Number(body.version) : standard ? 1 : 0;
    const envelope: Record<string, unknown> = {};
    if (standard && 'id' in body) envelope.id = body.id;
    if (typeof body.jsonrpc === 'string') envelope.jsonrpc = body.jsonrpc;
    if (typeof body.version === 'string') envelope.version = body.version;
    const params = (standard ? body.params : data) ?? [];
    const call: Call = {
      method: standard ? (body.method as string) : (request.params.method ?? ''),
      params: (Array.isArray(params) || (params !== null && typeof params === 'object') ? params : []) as Call['params'],
    };
    try {
      const result = toJson(await run(request, reply, call));
      const success = version >= 2 ? {} : version >= 1 ? { error: null } : { error: { code: 0, message: 'success' } };
      return reply.send({ ...envelope, result, ...success });
    } catch (error) {
      if (error instanceof Refused) return reply.status(error.status).headers(error.headers).send({ ...envelope, error: { code: error.code, message: error.message } });
      if (error instanceof RemoteFault) return reply.status(400).send({ ...envelope, error: { code: error.code, message: error.message } });
      throw error;
    }
  };
  app.post(JSONRPC_PATH, { config: { access }, bodyLimit: BODY_LIMIT }, jsonRpc);
  app.post(`${JSONRPC_PATH}/:method`, { config: { access }, bodyLimit: BODY_LIMIT }, jsonRpc);
}
