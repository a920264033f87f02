// The OpenAPI document (SPEC §7) is generated from the route table: every API route fastify knows is
// in it with its schemas, and everything in it is a route — a route added without a schema fails here.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWiki, type TestWiki } from '../helpers/wiki.js';
import { API, ApiClient, json } from './api-support.js';

interface Operation {
  operationId: string;
  summary: string;
  parameters: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[];
  requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown>; required: string[] } }> };
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }>; headers?: Record<string, unknown> }>;
}
interface Document {
  openapi: string;
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
}

/** Every route fastify registered, from its route tree (`printRoutes`), HEAD left out. */
function registeredRoutes(app: FastifyInstance): { method: string; path: string }[] {
  const routes: { method: string; path: string }[] = [];
  const parents: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^((?:│ {3}| {4})*)(?:├── |└── )(.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    const path = (depth > 0 ? (parents[depth - 1] ?? '') : '') + (match[2] ?? '');
    parents[depth] = path;
    for (const method of (match[3] ?? '').split(', ').filter((m) => m !== '' && m !== 'HEAD')) routes.push({ method, path });
  }
  return routes;
}

let wiki: TestWiki;
let doc: Document;

beforeAll(async () => {
  wiki = await createTestWiki();
  doc = json<Document>(await new ApiClient(wiki.app).get('openapi.json'));
});
afterAll(async () => wiki.close());

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, op })));

describe('GET openapi.json', () => {
  it('is an OpenAPI 3.1 document of the API under /_/api/v1', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([{ url: API }]);
  });

  it('lists every API route fastify has registered, and nothing else', () => {
    const registered = registeredRoutes(wiki.app)
      .filter((route) => route.path.startsWith('/_/api/'))
      .map((route) => `${route.method} ${route.path.slice(API.length).replace(/:(\w+)/g, '{$1}')}`);
    expect(registered.length).toBeGreaterThanOrEqual(11);
    const documented = operations().map(({ method, path }) => `${method} ${path}`);
    expect(registered.sort()).toEqual(documented.sort());
  });

  it('documents the routes of SPEC §7', () => {
    expect(operations().map(({ method, path }) => `${method} ${path}`).sort()).toEqual(
      [
        'GET /whoami',
        'GET /pages',
        'GET /pages/{id}',
        'PUT /pages/{id}',
        'DELETE /pages/{id}',
        'GET /pages/{id}/revisions',
        'GET /pages/{id}/backlinks',
        'GET /search',
        'GET /recent',
        'GET /acl',
        'GET /openapi.json',
      ].sort(),
    );
  });

  it('gives every operation an id, a summary, a JSON success schema and JSON error schemas', () => {
    for (const { op } of operations()) {
      expect(op.operationId).toMatch(/^\w+$/);
      expect(op.summary.length).toBeGreaterThan(0);
      expect(op.responses['200']?.content?.['application/json']?.schema).toBeTypeOf('object');
      for (const status of ['401', '429', '500']) {
        expect(op.responses[status]?.content?.['application/json']?.schema).toMatchObject({ properties: { error: { type: 'object' } } });
      }
    }
  });

  it('describes path and query parameters and the PUT body from the zod schemas', () => {
    const get = doc.paths['/pages/{id}']?.get;
    expect(get?.parameters.map((p) => [p.name, p.in, p.required])).toEqual([
      ['id', 'path', true],
      ['rev', 'query', false],
      ['format', 'query', false],
    ]);
    expect(get?.responses['200']?.content?.['application/json']?.schema).toMatchObject({
      properties: { modified: { type: 'string', format: 'date-time' }, rev: { type: 'integer' } },
    });
    const put = doc.paths['/pages/{id}']?.put;
    const body = put?.requestBody?.content['application/json']?.schema;
    expect(Object.keys(body?.properties ?? {}).sort()).toEqual(['base_rev', 'minor', 'summary', 'text']);
    expect(body?.required).toEqual(['text']);
    expect(Object.keys(put?.responses ?? {})).toEqual(expect.arrayContaining(['200', '201', '400', '403', '409', '413', '415', '423']));
    const list = doc.paths['/pages']?.get;
    expect(list?.parameters.find((p) => p.name === 'limit')?.schema).toMatchObject({ type: 'integer', default: 50, maximum: 500 });
    expect(Object.keys(list?.responses['200']?.headers ?? {})).toEqual(expect.arrayContaining(['Link', 'X-Next-First']));
  });
});
