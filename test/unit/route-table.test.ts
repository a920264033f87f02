// The route table (src/routes/table.ts) is the whole HTML URL surface: every row is registered in
// the app with the permission it declares, every page action declares what it needs on the page,
// and a route can only authorize a page or namespace it declared a level for.
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEVEL_OF, type Viewer } from '../../src/access/access.js';
import { PAGE_ACTIONS, siteRoutes, type SiteHandlers } from '../../src/routes/table.js';
import { registerRouteAccess } from '../../src/web/route-access.js';
import { createTestWiki, type TestWiki } from '../helpers/wiki.js';

/** Stand-in handlers: the table only names them. */
const handlers = new Proxy({}, { get: () => new Proxy({}, { get: () => async () => null }) }) as unknown as SiteHandlers;
const rows = siteRoutes(handlers);

let wiki: TestWiki;
beforeAll(async () => {
  wiki = await createTestWiki();
});
afterAll(async () => wiki.close());

describe('the site routes', () => {
  it('name each method and URL once', () => {
    const keys = rows.map((row) => `${row.method} ${row.url}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toContain('GET /_/login');
    expect(keys).toContain('POST /*');
  });

  it.each(rows.map((row) => [`${row.method} ${row.url}`, row] as const))('%s is registered in the app', (_key, row) => {
    expect((wiki.app as FastifyInstance).hasRoute({ method: row.method, url: row.url })).toBe(true);
  });

  it('declare a level on the site for every admin screen', () => {
    const admin = rows.filter((row) => row.url.startsWith('/_/admin'));
    expect(admin.length).toBeGreaterThan(5);
    for (const row of admin) expect(row.access).toEqual({ level: 'admin', of: 'site' });
  });

  it('check media against a namespace', () => {
    for (const row of rows.filter((r) => r.url.startsWith('/_/media'))) expect(row.access).toMatchObject({ of: 'namespace' });
  });
});

describe('the page actions', () => {
  it.each(Object.entries(PAGE_ACTIONS))('%s declares at least read on the page', (_name, action) => {
    expect(action.access.of).toBe('page');
    expect(LEVEL_OF[action.access.level]).toBeGreaterThanOrEqual(LEVEL_OF.read);
  });

  it('ask for create when a save, preview, draft or restore meets a missing page', () => {
    for (const name of ['POST save', 'POST preview', 'POST draft', 'POST revert']) expect(PAGE_ACTIONS[name]?.access.missing).toBe('create');
  });
});

describe('route access', () => {
  /** A bare app with the route-access hook, a viewer with `level` everywhere, and two routes. */
  async function appWith(level: number, login: string | null = 'ann'): Promise<FastifyInstance> {
    const app = Fastify();
    app.decorateRequest('viewer', null as unknown as Viewer);
    app.addHook('onRequest', async (request) => {
      request.viewer = { login, name: login, groups: [], lang: null };
    });
    registerRouteAccess(app, { level: () => level, canRead: () => () => level >= 1 });
    app.setErrorHandler((error: Error & { status?: number }, _request, reply) => reply.status(error.status ?? 500).send({ message: error.message }));
    app.get('/page', { config: { access: { level: 'edit', of: 'page', missing: 'create' } } }, async (request) => ({ level: request.authorize('a', request.headers['x-exists'] !== 'no') }));
    app.get('/open', { config: { access: 'anyone' } }, async (request) => ({ level: request.authorize('a') }));
    app.get('/admin', { config: { access: { level: 'admin', of: 'site' } } }, async () => ({ ok: true }));
    await app.ready();
    return app;
  }

  it('checks the level a page route declares on the page it names', async () => {
    const app = await appWith(2);
    expect((await app.inject({ url: '/page' })).json()).toEqual({ level: 2 });
    expect((await app.inject({ url: '/page', headers: { 'x-exists': 'no' } })).statusCode).toBe(403);
    expect((await (await appWith(1, null)).inject({ url: '/page' })).statusCode).toBe(401);
  });

  it('refuses to authorize a target on a route that declared none', async () => {
    const response = await (await appWith(255)).inject({ url: '/open' });
    expect(response.statusCode).toBe(500);
    expect(response.json().message).toMatch(/declares no page or namespace access/);
  });

  it('checks a level on the site before the handler runs', async () => {
    expect((await (await appWith(2)).inject({ url: '/admin' })).statusCode).toBe(403);
    expect((await (await appWith(255)).inject({ url: '/admin' })).statusCode).toBe(200);
  });

  it('refuses at start-up a route that declares nothing', async () => {
    const app = Fastify();
    registerRouteAccess(app, { level: () => 0, canRead: () => () => false });
    expect(() => app.get('/nothing', async () => 'x')).toThrow(/declares no access/);
  });
});
