// The one permission check every route goes through: who is asking (the viewer) and what the
// ACL rules give them on a page id, 'ns:*' or '*'.
import { compileAcl, Level, type AclRule, type Caller } from './acl.js';
import type { Lang } from '../i18n/index.js';
import type { User } from '../accounts/users.js';

export interface Viewer extends Caller {
  name: string | null;
  /** The language the user chose; null: the site language. */
  lang: Lang | null;
}

export const ANONYMOUS: Viewer = { login: null, name: null, groups: [], lang: null };

/** A logged-in user as the ACL sees them: their groups plus the implicit `user`. */
export function viewerOf(user: User): Viewer {
  return { login: user.login, name: user.name || user.login, groups: [...user.groups, 'user'], lang: user.lang };
}

export type LevelName = 'read' | 'edit' | 'create' | 'upload' | 'delete' | 'admin';

export const LEVEL_OF: Readonly<Record<LevelName, number>> = {
  read: Level.READ,
  edit: Level.EDIT,
  create: Level.CREATE,
  upload: Level.UPLOAD,
  delete: Level.DELETE,
  admin: Level.ADMIN,
};

/**
 * What a route needs, declared as route data (STYLE habit 6) in the route tables
 * (src/routes/table.ts, src/api/routes.ts) and by plugins for their own routes, and checked with
 * the one permission function (`level` below) before the route acts.
 */
export type RouteAccess =
  /** Reveals no page: health, static files, the log-in form. */
  | 'anyone'
  /** A list or a feed: every page in it is filtered with read permission. */
  | 'each-page'
  /** The viewer's own account: any logged-in user. */
  | 'logged-in'
  /** A level on the whole wiki ('*'): the admin screens. */
  | { level: LevelName; of: 'site' }
  /** A level on the page the request names; `missing`: what is needed instead when it does not exist. */
  | { level: LevelName; of: 'page'; missing?: LevelName }
  /** A level on the namespace the request names ('ns:*'): media. */
  | { level: LevelName; of: 'namespace' };

/** The level `needs` asks of a viewer on its target; a page that does not exist may ask for more. */
export function levelNeeded(needs: RouteAccess, exists = true): number {
  if (typeof needs === 'string') return Level.NONE;
  const level = LEVEL_OF[needs.level];
  return needs.of === 'page' && !exists && needs.missing ? Math.max(level, LEVEL_OF[needs.missing]) : level;
}

export type Access = ReturnType<typeof createAccess>;

/** `rules()` is read again whenever `version()` changes, so the compiled ACL stays current. */
export function createAccess(source: { rules: () => readonly AclRule[]; version: () => number }) {
  let compiledVersion = -1;
  let check: (caller: Caller, id: string) => number = () => Level.NONE;

  function level(viewer: Caller, id: string): number {
    const version = source.version();
    if (version !== compiledVersion) {
      check = compileAcl(source.rules());
      compiledVersion = version;
    }
    return check(viewer, id);
  }

  return {
    level,
    canRead: (viewer: Caller) => (id: string) => level(viewer, id) >= Level.READ,
  };
}
