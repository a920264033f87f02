// The OpenAPI 3.1 document, generated from the route list and its zod schemas (z.toJSONSchema):
// nothing in it is written by hand, so it cannot drift from what the routes accept and answer.
import { z } from 'zod';
import type { ApiRoute } from './route.js';
import { errorBody } from './schemas.js';

type JsonSchema = Record<string, unknown>;

export const API_PREFIX = '/_/api/v1';

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    // zod spells `format: date-time` out as a long pattern too; the format says it.
    override: ({ jsonSchema: node }) => {
      if (node.format === 'date-time' || node.format === 'date') delete node.pattern;
    },
  }) as JsonSchema;
  return rest;
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const object = jsonSchema(schema, 'input');
  const properties = (object.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((object.required ?? []) as string[]);
  return Object.entries(properties).map(([name, { description, ...property }]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    ...(description === undefined ? {} : { description }),
    schema: property,
  }));
}

const PAGING_HEADERS = {
  Link: { description: '`<URL>; rel="next"` while there are more items.', schema: { type: 'string' } },
  'X-Next-First': { description: 'The `first` of the next answer; absent on the last one.', schema: { type: 'integer' } },
  'X-Total-Count': { description: 'How many items there are in all, when known.', schema: { type: 'integer' } },
};

const ERROR_TEXT: Record<number, string> = {
  400: 'Malformed input; `field` names it',
  401: 'No valid bearer token, and anonymous callers may not do this',
  403: 'The token’s user may not do this (the same whether or not the page exists)',
  404: 'No such page or revision',
  409: 'Conflict: `base_rev` is not the current revision (`rev`); nothing was changed',
  413: 'Body or page text too large',
  415: 'The body is not application/json',
  423: 'Locked by another user (`holder`, `expires`)',
  429: 'Too many requests; see Retry-After',
  500: 'Server error (nothing is revealed)',
};

function operation(route: ApiRoute, errorSchema: JsonSchema): JsonSchema {
  const success = { content: { 'application/json': { schema: jsonSchema(route.response, 'output') } }, ...(route.paged ? { headers: PAGING_HEADERS } : {}) };
  const responses: Record<string, JsonSchema> = { 200: { description: 'OK', ...success } };
  for (const status of route.statuses ?? []) responses[status] = { description: status === 201 ? 'Created' : 'OK', ...success };
  for (const status of [...new Set([...route.errors, 401, 429, 500])].sort((a, b) => a - b)) {
    responses[status] = { description: ERROR_TEXT[status] ?? 'Error', content: { 'application/json': { schema: errorSchema } } };
  }
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    'x-quire-permission': route.access,
    parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } } } : {}),
    responses,
  };
}

export function buildOpenApi(routes: readonly ApiRoute[]): JsonSchema {
  const errorSchema = jsonSchema(errorBody, 'output');
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, JsonSchema>)[route.method.toLowerCase()] = operation(route, errorSchema);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Quire JSON API',
      version: '1',
      description: 'Pages, history, search and permissions of a Quire wiki. Authenticate with `Authorization: Bearer TOKEN` (make tokens in your profile or with `quire token create LOGIN`), or call anonymously with the permissions of @ALL.',
    },
    servers: [{ url: API_PREFIX }],
    security: [{ bearer: [] }, {}],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}
