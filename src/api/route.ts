// An API route as data: method, path, zod schemas, the permission it needs and a thin handler.
// The fastify registration and the OpenAPI document are both generated from these objects.
import type { z } from 'zod';
import { LEVEL_OF, type Access, type LevelName, type RouteAccess, type Viewer } from '../access/access.js';
import type { Editing } from '../pages/editing.js';
import type { PageRenderer } from '../render/page-render.js';
import type { PageStore } from '../pages/store.js';
import type { RecentChanges } from '../finding/recent.js';
import type { SearchIndex } from '../finding/search-index.js';
import { invalidInput } from './errors.js';
import { deny } from '../errors.js';

export interface ApiDeps {
  pages: PageStore;
  pageRenderer: PageRenderer;
  editing: Editing;
  access: Access;
  search: Pick<SearchIndex, 'search'>;
  recent: Pick<RecentChanges, 'list'>;
}

export type Method = 'GET' | 'PUT' | 'DELETE';

/** What a route needs, checked with access.level before the handler runs (so before any lookup). */
export type Needs<Params> =
  | { kind: 'anyone' } // reveals no page: who am I, my own permission, the OpenAPI document
  | { kind: 'each' } // a list: every page in it is filtered with canRead
  | { kind: 'page'; level: LevelName; scope: (params: Params) => string };

export interface ApiContext {
  viewer: Viewer;
  ip: string;
  /** The caller's permission on the route's page ('page' routes; 0 otherwise). */
  permission: number;
  canRead: (id: string) => boolean;
  deps: ApiDeps;
}

export interface ApiResult<T> {
  status?: number;
  body: T;
  /** Lists: the `first` of the next answer, or null on the last one. */
  next?: number | null;
  /** Lists: how many items there are in all, when known. */
  total?: number;
}

export interface RawInput {
  params: unknown;
  query: unknown;
  body: unknown;
}

interface RouteDocs {
  method: Method;
  /** OpenAPI style, below /_/api/v1: '/pages/{id}'. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /** Success statuses besides 200 (201 when created, 204). */
  statuses?: readonly number[];
  /** Error statuses this route answers, besides those every route may (401, 429, 500). */
  errors: readonly number[];
  /** A list answered in pages of `limit` (documents the Link and X-Next-First headers). */
  paged?: boolean;
}

export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType> extends RouteDocs {
  needs: Needs<z.output<P>>;
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  handle(input: { params: z.output<P>; query: z.output<Q>; body: z.output<B> }, context: ApiContext): ApiResult<z.input<R>>;
}

export interface ApiRoute extends RouteDocs {
  /** The permission declared, as every route of the wiki declares it (the OpenAPI document shows it). */
  access: RouteAccess;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  response: z.ZodType;
  /** parse → authorize → act → check the answer against its schema. */
  run(input: RawInput, context: Omit<ApiContext, 'permission'>): ApiResult<unknown>;
}

function parse<S extends z.ZodType>(schema: S | undefined, input: unknown, root: string): z.output<S> {
  if (!schema) return undefined as z.output<S>;
  const result = schema.safeParse(input ?? (root === 'body' ? undefined : {}));
  if (!result.success) throw invalidInput(result.error, root);
  return result.data;
}

export function defineRoute<
  P extends z.ZodType = z.ZodUndefined,
  Q extends z.ZodType = z.ZodUndefined,
  B extends z.ZodType = z.ZodUndefined,
  R extends z.ZodType = z.ZodType,
>(spec: RouteSpec<P, Q, B, R>): ApiRoute {
  const { handle, needs, ...docs } = spec;
  return {
    ...docs,
    access: needs.kind === 'page' ? { level: needs.level, of: 'page' } : needs.kind === 'each' ? 'each-page' : 'anyone',
    run(raw, context) {
      const params = parse(spec.params, raw.params, 'path');
      const query = parse(spec.query, raw.query, 'query');
      const body = parse(spec.body, raw.body, 'body');
      let permission = 0;
      if (needs.kind === 'page') {
        permission = context.deps.access.level(context.viewer, needs.scope(params));
        if (permission < LEVEL_OF[needs.level]) throw deny(context.viewer);
      }
      const result = handle({ params, query, body }, { ...context, permission });
      // The schema is the contract: an answer that breaks it is our bug (500), never sent half-checked.
      return { ...result, body: spec.response.parse(result.body) };
    },
  };
}
