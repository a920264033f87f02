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

/** What a route needs, declared as route data (STYLE habit 6) and checked by one hook. */
export type RouteAccess =
  | { kind: 'public' } // reveals no page: health, static files, log-in form
  | { kind: 'login' } // the viewer's own account: any logged-in user
  | { kind: 'page' } // page actions: the dispatcher checks the level each action declares
  | { kind: 'level'; level: number; scope: string }; // e.g. admin screens: ADMIN on '*'

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
