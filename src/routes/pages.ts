// Every page URL (/ns/page, /ns/ for a namespace start page) and its ?do= actions. Each action
// declares the permission level it needs; the dispatcher checks it before the action runs.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Level } from '../acl.js';
import type { Access } from '../access.js';
import type { Editing } from '../editing.js';
import { HttpError, notFound } from '../errors.js';
import { single } from '../forms.js';
import { cleanId, idToPath, MAX_ID_LENGTH, pathToRawId, startPageOf } from '../page-id.js';
import type { PageRenderer } from '../page-render.js';
import type { PageStore } from '../pages.js';
import type { SettingsStore } from '../settings.js';
import { deny } from '../web.js';
import { editActions } from './page-actions/edit.js';
import { historyActions } from './page-actions/history.js';
import { viewActions } from './page-actions/view.js';

export interface PageDeps {
  pages: PageStore;
  pageRenderer: PageRenderer;
  editing: Editing;
  access: Access;
  settings: SettingsStore;
}

export type Query = Record<string, string | string[] | undefined>;

export interface ActionContext {
  request: FastifyRequest;
  reply: FastifyReply;
  id: string;
  /** The viewer's permission on this page. */
  permission: number;
  query: Query;
  deps: PageDeps;
}

export interface PageAction {
  /** Least permission the action needs; a missing page may ask for more (create). */
  needs: number;
  handle(context: ActionContext): Promise<unknown>;
}

/** `${method} ${do}`; a missing `do` is 'show'. */
export type ActionTable = Record<string, PageAction>;

const actions: ActionTable = { ...viewActions, ...editActions, ...historyActions };

type Location = { id: string } | { redirect: string };

/** Maps a request path to a page id, or to the canonical URL to redirect to. */
export function locate(path: string, exists: (id: string) => boolean, start: string): Location {
  if (path === '/') return { id: start };
  if (path === '/_' || path.startsWith('/_/')) throw notFound();
  const raw = pathToRawId(path);
  if (raw === null) throw new HttpError(400, 'bad_id', 'error.id');
  const id = cleanId(raw);
  if (id.length > MAX_ID_LENGTH) throw new HttpError(400, 'bad_id', 'error.idTooLong');
  if (id === '') return { redirect: '/' };
  if (raw.endsWith(':')) {
    const canonical = `${idToPath(id)}/`;
    return path === canonical ? { id: startPageOf(id, exists, start) } : { redirect: canonical };
  }
  const canonical = idToPath(id);
  return path === canonical ? { id } : { redirect: canonical };
}

export async function pageRoutes(app: FastifyInstance, deps: PageDeps): Promise<void> {
  async function dispatch(request: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply) {
    const [path = '/', search] = request.url.split('?', 2);
    const location = locate(path, deps.pages.exists, deps.settings.site().start);
    if ('redirect' in location) {
      if (request.method === 'GET' || request.method === 'HEAD') {
        return reply.redirect(location.redirect + (search ? `?${search}` : ''), 301);
      }
      return dispatchTo(request, reply, cleanId(pathToRawId(path) ?? ''));
    }
    return dispatchTo(request, reply, location.id);
  }

  async function dispatchTo(request: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply, id: string) {
    const name = single(request.query.do) || 'show';
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    const action = actions[`${method} ${name}`];
    if (!action) throw new HttpError(400, 'bad_action', 'error.method');
    // Read permission is checked before anything is looked up, so nothing reveals existence.
    const permission = deps.access.level(request.viewer, id);
    if (permission < Math.max(Level.READ, action.needs)) throw deny(request.viewer);
    return action.handle({ request, reply, id, permission, query: request.query, deps });
  }

  const config = { access: { kind: 'page' as const } };
  app.get('/', { config }, dispatch);
  app.post('/', { config }, dispatch);
  app.get('/*', { config }, dispatch);
  app.post('/*', { config }, dispatch);
}
