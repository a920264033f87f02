// Every HTML URL of the wiki and every ?do= action of a page, with the permission each needs: the
// URL surface on one screen (Miniflux's ui.go is the model). The JSON API's list is
// src/api/routes.ts; plugins add routes of their own under /_/plugin/NAME/ (src/plugins/routes.ts).
// Handlers live in their feature files; buildApp builds them and registers this list.
import type {
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
  RouteGenericInterface,
  RouteHandlerMethod,
} from 'fastify';
import type { RouteAccess } from '../access/access.js';
import type { AdminAclHandlers } from './admin/acl.js';
import type { AdminConfigHandlers } from './admin/config.js';
import type { AdminUserHandlers } from './admin/users.js';
import type { AuthHandlers } from './auth.js';
import type { DokuwikiHandlers } from './dokuwiki.js';
import type { FeedHandlers } from './feed.js';
import type { HealthHandlers } from './health.js';
import type { IndexHandlers } from './index-sitemap.js';
import { readMultipart, type MediaHandlers } from './media.js';
import type { ActionTable } from './pages/dispatch.js';
import type { PageHandlers } from './pages/dispatch.js';
import * as edit from './pages/edit.js';
import * as history from './pages/history.js';
import * as lifecycle from './pages/lifecycle.js';
import * as view from './pages/view.js';
import type { NewPageHandlers } from './new-page.js';
import type { ProfileHandlers } from './profile.js';
import type { RecentHandlers } from './recent.js';
import type { SearchHandlers } from './search.js';
import type { SetupHandlers } from './setup.js';
import type { StaticHandlers } from './static.js';
import type { SuggestHandlers } from './suggest.js';
import type { PluginAssetHandlers } from '../plugins/routes.js';
import { BAD_URL_PATH, type ErrorHandlers } from '../web/error-handler.js';

// What a page action needs on the page its URL names.
const READ = { level: 'read', of: 'page' } as const;
const EDIT = { level: 'edit', of: 'page' } as const;
/** Edit the page, or create it when it does not exist. */
const WRITE = { level: 'edit', of: 'page', missing: 'create' } as const;
const ADMIN_PAGE = { level: 'admin', of: 'page' } as const;

/** `${method} ${do}` on a page URL (a missing `do` is `show`), as in DokuWiki. */
export const PAGE_ACTIONS: ActionTable = {
  'GET show': { access: READ, handle: view.show }, // ?rev=N shows an old revision
  'GET source': { access: READ, handle: view.source },
  'GET export_raw': { access: READ, handle: view.exportRaw },
  'GET export_html': { access: READ, handle: view.exportHtml },
  'GET edit': { access: READ, handle: edit.edit }, // readers who may not edit get the source
  'POST preview': { access: WRITE, handle: edit.preview },
  'POST save': { access: WRITE, handle: edit.save },
  'GET delete': { access: EDIT, handle: edit.confirmDelete },
  'POST delete': { access: EDIT, handle: edit.deletePage },
  'POST revert': { access: WRITE, handle: edit.revert },
  'GET revisions': { access: READ, handle: history.revisions },
  'GET diff': { access: READ, handle: history.diff },
  'GET backlink': { access: READ, handle: history.backlinks },
  'POST draft': { access: WRITE, handle: lifecycle.draft },
  'POST lock': { access: WRITE, handle: lifecycle.refreshLock },
  'POST draftdel': { access: READ, handle: lifecycle.discardDraft }, // one's own draft
  'POST cancel': { access: READ, handle: lifecycle.cancel }, // one's own lock
  'POST unlock': { access: ADMIN_PAGE, handle: lifecycle.breakLock },
  'GET rename': { access: EDIT, handle: lifecycle.confirmRename },
  'POST rename': { access: EDIT, handle: lifecycle.rename }, // and create on the new id
  'GET renamed': { access: READ, handle: lifecycle.renamed },
};

const ADMIN = { level: 'admin', of: 'site' } as const;
const READ_NAMESPACE = { level: 'read', of: 'namespace' } as const;
const UPLOAD_NAMESPACE = { level: 'upload', of: 'namespace' } as const;
const DELETE_NAMESPACE = { level: 'delete', of: 'namespace' } as const;

export interface SiteHandlers {
  health: HealthHandlers;
  files: StaticHandlers;
  pluginAssets: PluginAssetHandlers;
  errors: ErrorHandlers;
  dokuwiki: DokuwikiHandlers;
  setup: SetupHandlers;
  auth: AuthHandlers;
  profile: ProfileHandlers;
  adminUsers: AdminUserHandlers;
  adminAcl: AdminAclHandlers;
  adminConfig: AdminConfigHandlers;
  search: SearchHandlers;
  recent: RecentHandlers;
  feed: FeedHandlers;
  index: IndexHandlers;
  media: MediaHandlers;
  newPage: NewPageHandlers;
  suggest: SuggestHandlers;
  pages: PageHandlers;
}

export function siteRoutes(h: SiteHandlers): HtmlRoute[] {
  return [
    get('/_/health', 'anyone', h.health.health),
    get('/_/static/*', 'anyone', h.files.staticFile),
    get('/_/static/plugins/:name/:file', 'anyone', h.pluginAssets.asset),
    get(BAD_URL_PATH, 'anyone', h.errors.badUrl), // /_/bad-url: where an undecodable URL is routed
    get('/doku.php', 'anyone', h.dokuwiki.dokuPhp), // 301 to the page's URL

    get('/_/setup', 'anyone', h.setup.askSetup), // with the one-time token
    post('/_/setup', 'anyone', h.setup.finishSetup),
    get('/_/login', 'anyone', h.auth.askLogin),
    post('/_/login', 'anyone', h.auth.logIn),
    post('/_/logout', 'anyone', h.auth.logOut),
    get('/_/register', 'anyone', h.auth.askRegistration), // when the settings allow it
    post('/_/register', 'anyone', h.auth.register),
    get('/_/profile', 'logged-in', h.profile.showProfile),
    post('/_/profile', 'logged-in', h.profile.changeProfile), // ?do=token_create|token_revoke

    get('/_/admin', ADMIN, h.adminUsers.hub),
    get('/_/admin/users', ADMIN, h.adminUsers.listUsers),
    post('/_/admin/users', ADMIN, h.adminUsers.addUser),
    get('/_/admin/users.csv', ADMIN, h.adminUsers.exportUsers),
    post('/_/admin/users/import', ADMIN, h.adminUsers.importUsers),
    get('/_/admin/users/:login', ADMIN, h.adminUsers.showUser),
    post('/_/admin/users/:login', ADMIN, h.adminUsers.changeUser), // ?do=delete
    get('/_/admin/acl', ADMIN, h.adminAcl.listRules),
    post('/_/admin/acl', ADMIN, h.adminAcl.changeRule), // ?do=delete
    get('/_/admin/config', ADMIN, h.adminConfig.showConfig),
    post('/_/admin/config', ADMIN, h.adminConfig.changeConfig),

    get('/_/search', 'each-page', h.search.search),
    get('/_/recent', 'each-page', h.recent.listChanges),
    get('/_/feed', 'each-page', h.feed.feed),
    get('/_/index', 'each-page', h.index.index),
    get('/_/sitemap.xml', 'each-page', h.index.sitemap),
    get('/_/suggest', 'each-page', h.suggest.suggest), // ?q=&ns=: the editor's [[ completion, JSON
    get('/_/new', 'anyone', h.newPage.newPage), // ?ns=&name=: then the editor, which checks create

    get('/_/media', READ_NAMESPACE, h.media.manager), // ?ns=, ?id=
    post('/_/media', UPLOAD_NAMESPACE, h.media.upload, { multipart: true }), // overwrite also needs delete
    get('/_/media/*', READ_NAMESPACE, h.media.file), // ?w=&h=, ?rev=
    post('/_/media/*', DELETE_NAMESPACE, h.media.deleteFile), // ?do=delete

    // A page, or a namespace's start page (/ns/): PAGE_ACTIONS says what each ?do= needs.
    get('/', READ, h.pages.dispatch),
    post('/', READ, h.pages.dispatch),
    get('/*', READ, h.pages.dispatch),
    post('/*', READ, h.pages.dispatch),
  ];
}

/** One row of the table, and how to register it. */
export interface HtmlRoute {
  method: 'GET' | 'POST';
  url: string;
  access: RouteAccess;
  /** Takes a multipart body (an upload), read into request.body before the CSRF check. */
  multipart: boolean;
  register(app: FastifyInstance): void;
}

interface RouteOptions {
  /** A multipart body, read into request.body before the CSRF check. */
  multipart?: boolean;
}

type Handler<G extends RouteGenericInterface> = RouteHandlerMethod<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, G>;

function route<G extends RouteGenericInterface>(method: HtmlRoute['method'], url: string, access: RouteAccess, handler: Handler<G>, options: RouteOptions = {}): HtmlRoute {
  return {
    method,
    url,
    access,
    multipart: options.multipart === true,
    register(app) {
      app.route<G>({ method, url, config: { access }, handler, ...(options.multipart ? { preValidation: readMultipart } : {}) });
    },
  };
}

function get<G extends RouteGenericInterface>(url: string, access: RouteAccess, handler: Handler<G>, options?: RouteOptions): HtmlRoute {
  return route('GET', url, access, handler, options);
}

function post<G extends RouteGenericInterface>(url: string, access: RouteAccess, handler: Handler<G>, options?: RouteOptions): HtmlRoute {
  return route('POST', url, access, handler, options);
}
