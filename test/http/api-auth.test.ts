// JSON API, who may call it (SPEC §5, §7): bearer tokens or anonymous, never a session cookie; a bad
// token is a 401, not silently anonymous; no CORS; rate limits per token and per IP; JSON 404s.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenStore } from '../../src/accounts/tokens.js';
import { createUserStore } from '../../src/accounts/users.js';
import { API, ApiClient, callers, expectApiError, json, openApiWiki, type ApiWiki } from './api-support.js';

let api: ApiWiki;
let as: ReturnType<typeof callers>;

beforeAll(async () => {
  api = await openApiWiki();
  as = callers(api);
});
afterAll(async () => api.close());

describe('bearer tokens', () => {
  it.each([
    ['an unknown token', 'Bearer qt_not-a-real-token'],
    ['an empty bearer', 'Bearer '],
    ['another scheme', 'Basic YWRtaW46YWRtaW4tcGFzc3dvcmQtMQ=='],
    ['a token with spaces', 'Bearer a b'],
  ])('refuses %s with 401 JSON, even where anonymous callers are welcome', async (_what, authorization) => {
    const response = await as.anonymous.get('whoami', { authorization });
    expectApiError(response, 401, 'invalid_token');
    expect(response.headers['www-authenticate']).toBe('Bearer realm="quire"');
  });

  it('refuses a revoked token', async () => {
    const tokens = createTokenStore(api.wiki.db);
    const secret = tokens.create('reader', 'short-lived');
    expect(json(await new ApiClient(api.app, secret).get('whoami'))).toMatchObject({ login: 'reader' });
    const id = tokens.list('reader').find((token) => token.name === 'short-lived')?.id ?? -1;
    expect(tokens.revoke('reader', id)).toBe(true);
    expectApiError(await new ApiClient(api.app, secret).get('whoami'), 401, 'invalid_token');
  });

  it('refuses the token of a disabled user', async () => {
    const users = createUserStore(api.wiki.db);
    await users.create({ login: 'leaver', password: 'leaver-password' });
    const secret = createTokenStore(api.wiki.db).create('leaver', 'x');
    expect(json(await new ApiClient(api.app, secret).get('whoami'))).toMatchObject({ login: 'leaver' });
    users.setDisabled('leaver', true);
    expectApiError(await new ApiClient(api.app, secret).get('whoami'), 401, 'invalid_token');
  });

  it('answers in the language of the token’s user', async () => {
    const users = createUserStore(api.wiki.db);
    await users.create({ login: 'lecteur', password: 'lecteur-password', lang: 'fr' });
    const lecteur = new ApiClient(api.app, createTokenStore(api.wiki.db).create('lecteur', 'x'));
    const error = expectApiError(await lecteur.put('pages/team:x', { text: 'x' }), 403, 'forbidden');
    expect(error.message).toBe('Vous n’avez pas le droit de faire cela.');
  });
});

describe('not a browser API', () => {
  it('sends no CORS headers, to preflights or to requests with an Origin', async () => {
    const preflight = await as.anonymous.request('OPTIONS', 'pages/start', {
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'PUT' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-methods']).toBeUndefined();
    const read = await as.editor.get('pages/start', { origin: 'https://evil.example' });
    expect(read.statusCode).toBe(200);
    expect(read.headers['access-control-allow-origin']).toBeUndefined();
    expect(read.headers['cache-control']).toBe('no-store');
  });

  it.each([
    ['GET', `${API}/nothing`],
    ['GET', `${API}/pages/start/nothing`],
    ['GET', '/_/api/v2/pages'],
    ['GET', '/_/api/'],
    ['POST', `${API}/pages/start`],
    ['PATCH', `${API}/pages/start`],
  ] as const)('answers %s %s with 404 JSON', async (method, url) => {
    expectApiError(await as.editor.request(method, url), 404, 'not_found');
  });
});

describe('rate limits', () => {
  /** Requests answered before the first 429 (the bucket refills a little while they run). */
  async function untilLimited(client: ApiClient, most: number): Promise<{ allowed: number; limited: LightMyRequestResponse | null }> {
    for (let allowed = 0; allowed < most; allowed++) {
      const response = await client.get('whoami');
      if (response.statusCode === 429) return { allowed, limited: response };
      expect([200, 401]).toContain(response.statusCode);
    }
    return { allowed: most, limited: null };
  }

  it('lets an anonymous IP make 60 requests at once, then answers 429 JSON with Retry-After', async () => {
    const { allowed, limited } = await untilLimited(new ApiClient(api.app), 100);
    expect(allowed).toBeGreaterThanOrEqual(60);
    expect(allowed).toBeLessThan(100);
    expectApiError(limited as LightMyRequestResponse, 429, 'rate_limited');
    expect(Number(limited?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await new ApiClient(api.app).get('whoami')).statusCode).toBe(200);
  });

  it('counts per token, more generously', async () => {
    const secret = createTokenStore(api.wiki.db).create('reader', 'busy');
    const { allowed, limited } = await untilLimited(new ApiClient(api.app, secret, '10.9.9.9'), 600);
    expect(allowed).toBeGreaterThanOrEqual(300);
    expectApiError(limited as LightMyRequestResponse, 429, 'rate_limited');
    // Another token of the same user, from the same address, has its own bucket.
    expect((await new ApiClient(api.app, api.tokens.reader, '10.9.9.9').get('whoami')).statusCode).toBe(200);
  });

  it('counts bad tokens against the address they come from', async () => {
    const { allowed, limited } = await untilLimited(new ApiClient(api.app, 'qt_guess'), 100);
    expect(allowed).toBeGreaterThanOrEqual(60);
    expectApiError(limited as LightMyRequestResponse, 429, 'rate_limited');
  });
});
