// Every page URL (/ns/page, /ns/ for a namespace start page): the canonical-URL redirect, then the
// ?do= action of the route table (src/routes/table.ts), whose declared permission on the page is
// checked here before the action runs — read before anything is looked up, create for a page that
// does not exist when the action says so.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Level } from '../../access/acl.js';
import { levelNeeded, type Access, type RouteAccess } from '../../access/access.js';
import type { DraftStore } from '../../pages/drafts.js';
import type { Editing } from '../../pages/editing.js';
import type { LockStore } from '../../pages/locks.js';
import type { RedirectStore } from '../../pages/redirects.js';
import type { Renames } from '../../pages/rename.js';
import { deny, HttpError, notFound } from '../../errors.js';
import { single } from '../../web/forms.js';
import { cleanId, idToPath, MAX_ID_LENGTH, pathToRawId, startPageOf } from '../../pages/page-id.js';
import type { PageRenderer } from '../../render/page-render.js';
import type { PageMeta, PageStore } from '../../pages/store.js';
import type { SettingsStore } from '../../site/settings.js';
import type { Notifications } from '../../notifications/notifications.js';
import type { UserStore } from '../../accounts/users.js';
import type { PluginToolbarEntry } from '../../editor/toolbar.js';
import type { Assets } from '../../web/assets.js';
import { releaseOwnLock, renamedTo } from './lifecycle.js';

export interface PageDeps {
  pages: PageStore;
  pageRenderer: PageRenderer;
  editing: Editing;
  access: Access;
  settings: SettingsStore;
  locks: LockStore;
  drafts: DraftStore;
  redirects: RedirectStore;
  renames: Renames;
  /** Subscriptions (?do=subscribe) and the page tool; absent, they are not offered. */
  notifications?: Notifications;
  /** For the creator's name and address in a namespace template. */
  users: UserStore;
  /** The editor script's hashed URL. */
  assets: Assets;
  /** The enabled plugins' toolbar buttons for the editor of page `pageId`. */
  toolbarEntries(request: FastifyRequest, pageId: string): PluginToolbarEntry[];
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
  /** The page's current metadata, looked up once per request (undefined: no such page). */
  current(): PageMeta | undefined;
}

export interface PageAction {
  /** What the action needs on the page (`of: 'page'`); `missing` when the page does not exist. */
  access: Extract<RouteAccess, { of: 'page' }>;
  handle(context: ActionContext): Promise<unknown>;
}

/** `${method} ${do}`; a missing `do` is 'show'. */
export type ActionTable = Readonly<Record<string, PageAction>>;

/** The page a request path names, and the path it should have been asked by. */
export interface Location {
  id: string;
  canonical: string;
}

/** Maps a request path to a page id and its canonical path ('/' and '/ns/' name start pages). */
export function locate(path: string, exists: (id: string) => boolean, start: string): Location {
  if (path === '/') return { id: start, canonical: '/' };
  if (path === '/_' || path.startsWith('/_/')) throw notFound();
  const raw = pathToRawId(path);
  if (raw === null) throw new HttpError(400, 'bad_id', 'error.id');
  const id = cleanId(raw);
  if (id.length > MAX_ID_LENGTH) throw new HttpError(400, 'bad_id', 'error.idTooLong');
  if (id === '') return { id: '', canonical: '/' };
  if (raw.endsWith(':')) return { id: startPageOf(id, exists, start), canonical: `${idToPath(id)}/` };
  return { id, canonical: idToPath(id) };
}

export type PageHandlers = ReturnType<typeof pageHandlers>;

export function pageHandlers(deps: PageDeps, actions: ActionTable) {
  async function dispatch(request: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply) {
    const queryAt = request.url.indexOf('?');
    const path = queryAt < 0 ? request.url : request.url.slice(0, queryAt);
    // A namespace's start page is chosen among the pages this viewer may read, so the choice
    // cannot tell whether a hidden page exists.
    const canRead = deps.access.canRead(request.viewer);
    const location = locate(path, (id) => deps.pages.exists(id) && canRead(id), deps.settings.site().start);
    const isRead = request.method === 'GET' || request.method === 'HEAD';
    if (isRead && path !== location.canonical) {
      return reply.redirect(location.canonical + (queryAt < 0 ? '' : request.url.slice(queryAt)), 301);
    }
    // A form posted to a non-canonical spelling acts on the page it names; a name that cleans
    // away to nothing names no page.
    if (location.id === '') throw new HttpError(400, 'bad_id', 'error.idEmpty');
    return dispatchTo(request, reply, location.id);
  }

  async function dispatchTo(request: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply, id: string) {
    const name = single(request.query.do) || 'show';
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    const action = actions[`${method} ${name}`];
    if (!action) throw new HttpError(400, 'bad_action', 'error.method');
    // Read permission is checked before anything is looked up, so nothing reveals existence.
    const permission = deps.access.level(request.viewer, id);
    if (permission < Math.max(Level.READ, levelNeeded(action.access))) throw deny(request.viewer);
    let looked: { meta: PageMeta | undefined } | null = null;
    const current = () => (looked ??= { meta: deps.pages.meta(id) }).meta;
    if (action.access.missing && permission < levelNeeded(action.access, false) && current() === undefined) throw deny(request.viewer);
    const context: ActionContext = { request, reply, id, permission, query: request.query, deps, current };
    if (method === 'GET') {
      const moved = renamedTo(context, name);
      if (moved !== null) return reply.redirect(moved, 301);
      if (name === 'show') releaseOwnLock(context);
    }
    return action.handle(context);
  }

  return { dispatch };
}
