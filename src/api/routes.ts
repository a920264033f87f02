// The JSON API's one route table (SPEC §7); the OpenAPI document describes exactly this list.
import { z } from 'zod';
import { whoami, permission } from './account.js';
import { deletePage, putPage } from './editing.js';
import { listBacklinks, listRevisions } from './history.js';
import { buildOpenApi } from './openapi.js';
import { getPage, listPages } from './pages.js';
import { listRecent } from './recent.js';
import { defineRoute, type ApiRoute } from './route.js';
import { searchPages } from './search.js';

const DOCUMENTED: readonly ApiRoute[] = [
  whoami,
  listPages,
  getPage,
  putPage,
  deletePage,
  listRevisions,
  listBacklinks,
  searchPages,
  listRecent,
  permission,
];

/** Every API route, the OpenAPI document itself included. */
export function apiRouteTable(): readonly ApiRoute[] {
  const openApi = defineRoute({
    method: 'GET',
    path: '/openapi.json',
    operationId: 'openapi',
    summary: 'This API described as OpenAPI 3.1',
    tag: 'meta',
    needs: { kind: 'anyone' },
    response: z.record(z.string(), z.unknown()),
    errors: [],
    handle: () => ({ body: document }),
  });
  const routes = [...DOCUMENTED, openApi];
  const document = buildOpenApi(routes);
  return routes;
}
