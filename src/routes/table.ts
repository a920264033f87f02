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
import { DOKUWIKI_PATHS, type DokuwikiHandlers } from './dokuwiki.js';
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
import * as subscriptions from './subscribe.js';
import type { UnsubscribeHandlers } from './subscribe.js';
import type { AccountMailHandlers } from './account-mail.js';
import type { AdminNotificationHandlers } from './admin/notifications.js';
import type { SuggestHandlers } from './suggest.js';
import type { PluginAssetHandlers } from '../plugins/routes.js';
import { BAD_URL_PATH, type ErrorHandlers } from '../web/error-handler.js';
import { SMALL_FORM_BYTES } from '../web/form-body.js';

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
  'GET unlock': { access: ADMIN_PAGE, handle: lifecycle.confirmBreakLock }, // asks first
  'POST unlock': { access: ADMIN_PAGE, handle: lifecycle.breakLock },
  'GET rename': { access: EDIT, handle: lifecycle.confirmRename },
  'POST rename': { access: EDIT, handle: lifecycle.rename }, // and create on the new id
  'GET renamed': { access: READ, handle: lifecycle.renamed },
  // Subscriptions (SPEC §14): the viewer's own, for logged-in readers when mail is on.
  'GET subscribe': { access: READ, handle: subscriptions.form },
  'POST subscribe': { access: READ, handle: subscriptions.subscribe },
  'POST unsubscribe': { access: READ, handle: subscriptions.unsubscribe },
};

const ADMIN = { level: 'admin', of: 'site' } as const;
/** Forms of a few short fields: their bodies are refused past this, before anything is parsed. */
const SMALL = { bodyLimit: SMALL_FORM_BYTES };
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
  unsubscribe: UnsubscribeHandlers;
  accountMail: AccountMailHandlers;
  adminNotifications: AdminNotificationHandlers;
}

export function siteRoutes(h: SiteHandlers): HtmlRoute[] {
  return [
    get('/_/health', 'anyone', h.health.health),
    get('/_/static/*', 'anyone', h.files.staticFile),
    get('/_/static/plugins/:name/:file', 'anyone', h.pluginAssets.asset),
    get(BAD_URL_PATH, 'anyone', h.errors.badUrl), // /_/bad-url: where an undecodable URL is routed
    // DokuWiki's URLs (doku.php, /_media/, fetch.php, /_export/, feed.php …): 301 to ours, where
    // the target's own permission applies.
    ...DOKUWIKI_PATHS.map((path) => get(path, 'anyone', h.dokuwiki.oldUrl)),

    get('/_/setup', 'anyone', h.setup.askSetup), // with the one-time token
    post('/_/setup', 'anyone', h.setup.finishSetup, SMALL),
    get('/_/login', 'anyone', h.auth.askLogin),
    post('/_/login', 'anyone', h.auth.logIn, SMALL),
    post('/_/logout', 'anyone', h.auth.logOut, SMALL),
    get('/_/register', 'anyone', h.auth.askRegistration), // when the settings allow it
    post('/_/register', 'anyone', h.auth.register, SMALL),
    get('/_/profile', 'logged-in', h.profile.showProfile), // ?do=token_revoke&id=N asks first
    post('/_/profile', 'logged-in', h.profile.changeProfile, SMALL), // ?do=token_create|token_revoke|unsubscribe
    // Mail (SPEC §14): each answers 404 while mail is not configured.
    get('/_/login/reset', 'anyone', h.accountMail.askReset), // ?token= shows the new-password form
    post('/_/login/reset', 'anyone', h.accountMail.reset, SMALL), // u, or ?token= with password_new, password_confirm
    get('/_/register/confirm', 'anyone', h.accountMail.askConfirm), // ?token=
    post('/_/register/confirm', 'anyone', h.accountMail.confirm, SMALL),
    get('/_/unsubscribe', 'anyone', h.unsubscribe.askUnsubscribe), // ?s=&token=: signed, no log-in
    post('/_/unsubscribe', 'anyone', h.unsubscribe.unsubscribeByLink, { signedUrl: true, ...SMALL }), // one click (RFC 8058)

    get('/_/admin', ADMIN, h.adminUsers.hub),
    get('/_/admin/users', ADMIN, h.adminUsers.listUsers),
    post('/_/admin/users', ADMIN, h.adminUsers.addUser, SMALL),
    get('/_/admin/users.csv', ADMIN, h.adminUsers.exportUsers),
    post('/_/admin/users/import', ADMIN, h.adminUsers.importUsers),
    get('/_/admin/users/:login', ADMIN, h.adminUsers.showUser), // ?do=delete asks first
    post('/_/admin/users/:login', ADMIN, h.adminUsers.changeUser, SMALL), // ?do=delete
    get('/_/admin/acl', ADMIN, h.adminAcl.listRules), // ?do=delete&scope=&subject= asks first
    post('/_/admin/acl', ADMIN, h.adminAcl.changeRule, SMALL), // ?do=delete
    get('/_/admin/config', ADMIN, h.adminConfig.showConfig),
    post('/_/admin/config', ADMIN, h.adminConfig.changeConfig, SMALL),
    post('/_/admin/config/test-mail', ADMIN, h.adminNotifications.testMail, SMALL),
    get('/_/admin/notifications', ADMIN, h.adminNotifications.overview),
    post('/_/admin/notifications', ADMIN, h.adminNotifications.changeSettings, SMALL),
    get('/_/admin/webhooks', ADMIN, h.adminNotifications.listWebhooks),
    post('/_/admin/webhooks', ADMIN, h.adminNotifications.addWebhook, SMALL), // ?do=settings: private addresses
    get('/_/admin/webhooks/:id', ADMIN, h.adminNotifications.showWebhook),
    post('/_/admin/webhooks/:id', ADMIN, h.adminNotifications.changeWebhook, SMALL), // ?do=delete|redeliver

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
    post('/_/media/*', DELETE_NAMESPACE, h.media.deleteFile, SMALL), // ?do=delete

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
  /** The largest body this route reads (the app's default is the page size, as urlencoded). */
  bodyLimit?: number;
  /**
   * The URL carries its own signature, checked by the handler, and stands for the CSRF token: a
   * mail client's one-click unsubscribe (RFC 8058) posts no form of ours.
   */
  signedUrl?: boolean;
}

type Handler<G extends RouteGenericInterface> = RouteHandlerMethod<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, G>;

function route<G extends RouteGenericInterface>(method: HtmlRoute['method'], url: string, access: RouteAccess, handler: Handler<G>, options: RouteOptions = {}): HtmlRoute {
  return {
    method,
    url,
    access,
    multipart: options.multipart === true,
    register(app) {
      app.route<G>({
        method,
        url,
        config: { access, ...(options.signedUrl ? { signedUrl: true } : {}) },
        handler,
        ...(options.multipart ? { preValidation: readMultipart } : {}),
        ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
      });
    },
  };
}

function get<G extends RouteGenericInterface>(url: string, access: RouteAccess, handler: Handler<G>, options?: RouteOptions): HtmlRoute {
  return route('GET', url, access, handler, options);
}

function post<G extends RouteGenericInterface>(url: string, access: RouteAccess, handler: Handler<G>, options?: RouteOptions): HtmlRoute {
  return route('POST', url, access, handler, options);
}
