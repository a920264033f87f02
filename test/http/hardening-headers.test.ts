// Security headers and what a deployment behind a proxy needs (issue 13, items 1 and 4 and the
// Low findings): the CSP and friends on every kind of answer, uploads sandboxed, HSTS and Secure
// cookies from an https QUIRE_BASE_URL, the client address from a bounded number of proxy hops,
// a return_to any URL may hold, and the API's RateLimit-* headers and configurable rates.
import { afterEach, describe, expect, it } from 'vitest';
import { createSettingsStore } from '../../src/site/settings.js';
import { createTokenStore } from '../../src/accounts/tokens.js';
import { ADMIN_PASSWORD, createTestWiki, type TestWiki } from '../helpers/wiki.js';
import { anonymousClient, clientAs, sessionCookieOf } from './accounts-support.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

let wiki: TestWiki;
afterEach(async () => {
  await wiki?.close();
});

function directives(csp: string | undefined): Map<string, string> {
  return new Map((csp ?? '').split(';').map((part) => part.trim().split(/\s+/)).map(([name = '', ...values]) => [name, values.join(' ')]));
}

describe('every answer', () => {
  it.each(['/', '/_/search?q=x', '/_/static/quire.css', '/_/api/v1/whoami', '/_/nothing-here', '/_/login'])('%s carries the security headers', async (url) => {
    wiki = await createTestWiki();
    const response = await wiki.app.inject({ method: 'GET', url });
    const csp = directives(response.headers['content-security-policy'] as string);
    expect(csp.get('default-src')).toBe("'self'");
    expect(csp.get('script-src')).toBe("'self'");
    expect(csp.get('style-src')).toBe("'self'");
    expect(csp.get('img-src')).toBe("'self' data:");
    expect(csp.get('object-src')).toBe("'none'");
    expect(csp.get('base-uri')).toBe("'none'");
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(csp.get('form-action')).toBe("'self'");
    expect(response.headers['content-security-policy']).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('same-origin');
    expect(response.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['permissions-policy']).toContain('camera=()');
    expect(response.headers['permissions-policy']).toContain('geolocation=()');
    // Plain http: no HSTS, which would lock browsers out of a wiki without TLS.
    expect(response.headers['strict-transport-security']).toBeUndefined();
  });

  it('serves an uploaded file sandboxed, with nothing allowed', async () => {
    wiki = await createTestWiki();
    const admin = await clientAs(wiki, 'admin');
    const manager = await admin.get('/_/media?ns=wiki');
    const boundary = '----quire';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${admin.csrf}\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="ns"\r\n\r\nwiki\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="dot.png"\r\nContent-Type: image/png\r\n\r\n`),
      PNG,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    expect(manager.statusCode).toBe(200);
    const upload = await wiki.app.inject({
      method: 'POST',
      url: '/_/media',
      cookies: Object.fromEntries(admin.cookies),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: body,
    });
    expect(upload.statusCode).toBe(303);
    const file = await admin.get('/_/media/wiki/dot.png');
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
  });
});

describe('a wiki served over https (QUIRE_BASE_URL)', () => {
  it('sends HSTS and makes every cookie Secure, though the proxy speaks http to it', async () => {
    wiki = await createTestWiki({ QUIRE_BASE_URL: 'https://wiki.example.org' });
    const page = await wiki.app.inject({ method: 'GET', url: '/_/login' });
    expect(page.headers['strict-transport-security']).toMatch(/^max-age=31536000/);
    const visitorCookies = page.cookies;
    expect(visitorCookies.length).toBeGreaterThan(0);
    for (const cookie of visitorCookies) expect(cookie.secure).toBe(true);
    const visitor = await anonymousClient(wiki);
    const login = await visitor.post('/_/login', { u: 'admin', p: ADMIN_PASSWORD });
    expect(login.statusCode).toBe(303);
    expect(sessionCookieOf(login)?.secure).toBe(true);
  });
});

describe('addresses behind proxies (QUIRE_TRUST_PROXY)', () => {
  // The log-in throttle counts per address: ten failures block that address only.
  async function blockedAfterTenFailures(forwardedFor: (i: number) => string): Promise<boolean> {
    const visitor = await anonymousClient(wiki);
    const attempt = (i: number) =>
      wiki.app.inject({
        method: 'POST',
        url: '/_/login',
        cookies: Object.fromEntries(visitor.cookies),
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': forwardedFor(i) },
        payload: new URLSearchParams({ _csrf: visitor.csrf, u: `nobody${i}`, p: 'wrong' }).toString(),
        remoteAddress: '10.9.9.9',
      });
    for (let i = 0; i < 10; i++) await attempt(i);
    return (await attempt(10)).statusCode === 429;
  }

  it('with true, believes only the hop the proxy added: a client cannot rotate a forged address', async () => {
    wiki = await createTestWiki({ QUIRE_TRUST_PROXY: 'true' });
    expect(await blockedAfterTenFailures((i) => `198.18.0.${i}, 203.0.113.5`)).toBe(true);
  }, 60_000);

  it('with a hop count of 2, believes two hops', async () => {
    wiki = await createTestWiki({ QUIRE_TRUST_PROXY: '2' });
    expect(await blockedAfterTenFailures((i) => `198.18.0.${i}, 203.0.113.5`)).toBe(false);
  }, 60_000);
});

describe('return_to', () => {
  it('takes a path with characters outside Latin-1 to a Location header that holds them encoded', async () => {
    wiki = await createTestWiki();
    const visitor = await anonymousClient(wiki);
    const response = await visitor.post('/_/login', { u: 'admin', p: ADMIN_PASSWORD, return_to: '/équipe/日本' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/%C3%A9quipe/%E6%97%A5%E6%9C%AC');
    expect(sessionCookieOf(response)).toBeDefined();
  });
});

describe('API rate limits', () => {
  it('sends RateLimit-* headers on every API answer, errors included', async () => {
    wiki = await createTestWiki();
    for (const url of ['/_/api/v1/whoami', '/_/api/v1/pages/nowhere']) {
      const response = await wiki.app.inject({ method: 'GET', url });
      expect(response.headers['ratelimit-limit']).toBe('60');
      expect(Number(response.headers['ratelimit-remaining'])).toBeLessThan(60);
      expect(response.headers['ratelimit-reset']).toMatch(/^\d+$/);
      expect(response.headers['ratelimit-policy']).toBe('120;w=60;burst=60');
    }
  });

  it('takes its rates from QUIRE_API_RATE, and from the admin config over it', async () => {
    wiki = await createTestWiki({ QUIRE_API_RATE: '6000,4' });
    const secret = createTokenStore(wiki.db).create('admin', 'migration');
    const withToken = await wiki.app.inject({ method: 'GET', url: '/_/api/v1/whoami', headers: { authorization: `Bearer ${secret}` } });
    expect(withToken.headers['ratelimit-policy']).toBe('6000;w=60;burst=3000');
    const anonymous = [];
    for (let i = 0; i < 3; i++) anonymous.push((await wiki.app.inject({ method: 'GET', url: '/_/api/v1/whoami' })).statusCode);
    expect(anonymous).toEqual([200, 200, 429]);

    const admin = await clientAs(wiki, 'admin');
    await admin.get('/_/admin/config');
    const saved = await admin.post('/_/admin/config', { title: 'Quire', lang: 'en', start: 'start', breadcrumbs: '10', api_rate_token: '', api_rate_anonymous: '1000' });
    expect(saved.statusCode).toBe(303);
    expect(createSettingsStore(wiki.db).site().apiRateAnonymous).toBe(1000);
    const after = await wiki.app.inject({ method: 'GET', url: '/_/api/v1/whoami' });
    expect(after.statusCode).toBe(200);
    expect(after.headers['ratelimit-policy']).toBe('1000;w=60;burst=500');
  });
});
