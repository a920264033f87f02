// DokuWiki's remote API on Quire's stores: the `core.*` methods of DokuWiki ≥ 2024 (API version 14)
// and the legacy `dokuwiki.*` / `wiki.*` names existing clients call, each with DokuWiki's argument
// names, answers and fault codes (inc/Remote/ApiCore.php). Revisions are Unix timestamps there, as in
// DokuWiki; page text is Quire's Markdown. The protocol (XML-RPC, JSON-RPC), authentication and
// rate limits are the HTTP layer's (src/api/dokuwiki-rpc.ts).
import { createHash } from 'node:crypto';
import { Level } from '../access/acl.js';
import type { Access, Viewer } from '../access/access.js';
import type { UserStore } from '../accounts/users.js';
import type { RecentChanges } from '../finding/recent.js';
import type { SearchIndex } from '../finding/search-index.js';
import { isMediaId, mediaScope } from '../media/media-id.js';
import { mediaTypeOf } from '../media/media-type.js';
import type { MediaStore } from '../media/store.js';
import { decideUpload, fileProblem } from '../media/upload.js';
import type { Editing } from '../pages/editing.js';
import { userHolder, visitorHolder, type LockStore } from '../pages/locks.js';
import { cleanId } from '../pages/page-id.js';
import type { PageStore, Revision, RevisionType } from '../pages/store.js';
import type { SiteSettings } from '../site/settings.js';
import { pageLinks } from './to-dokuwiki.js';
import { RpcDate, type RpcValue } from './xmlrpc.js';

/** DokuWiki's API version of the `core.*` methods implemented here. */
export const API_VERSION = 14;
/** What `dokuwiki.getXMLRPCAPIVersion` answered in the DokuWiki releases the legacy names come from. */
export const LEGACY_API_VERSION = 11;

export interface RemoteDeps {
  pages: PageStore;
  editing: Editing;
  locks: LockStore;
  media: MediaStore;
  access: Access;
  users: Pick<UserStore, 'get'>;
  search: Pick<SearchIndex, 'search'>;
  recent: Pick<RecentChanges, 'list'>;
  site: () => SiteSettings;
  version: string;
  now?: () => number;
}

export interface RemoteCaller {
  viewer: Viewer;
  ip: string;
}

/** A DokuWiki RemoteException: its code and message go to the client as they are. */
export class RemoteFault extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** DokuWiki's AccessDeniedException: the HTTP layer answers it as "not authorized" or "forbidden". */
export class AccessDenied extends RemoteFault {}

/** `dokuwiki.login` and `core.login` ask the HTTP layer to open a session with these credentials. */
export class LoginRequest {
  constructor(
    readonly login: string,
    readonly password: string,
  ) {}
}

type Args = Record<string, RpcValue | undefined>;
type Handler = (args: Args, caller: RemoteCaller) => RpcValue | LoginRequest;

export interface RemoteMethod {
  /** Argument names in order: positional XML-RPC params and named JSON-RPC params both map onto them. */
  args: readonly string[];
  /** Callable without a login even on a wiki that gives anonymous readers nothing (login, title, version). */
  public?: boolean;
  run: Handler;
}

const str = (value: RpcValue | undefined, fallback = ''): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : fallback);
const int = (value: RpcValue | undefined, fallback = 0): number => {
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : fallback;
  return Math.trunc(number);
};
const bool = (value: RpcValue | undefined): boolean => value === true || value === 1 || value === '1' || value === 'true';
const struct = (value: RpcValue | undefined): Record<string, RpcValue> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof RpcDate) && !Buffer.isBuffer(value) ? value : {};
const list = (value: RpcValue | undefined): RpcValue[] => (Array.isArray(value) ? value : value === undefined || value === null || value === '' ? [] : [value]);

/** DokuWiki's revisions are Unix seconds; Quire keeps milliseconds. */
const seconds = (ms: number) => Math.floor(ms / 1000);

/** The one-letter change types of DokuWiki's changelog. */
function changeType(revision: { type: RevisionType; minor: boolean }): string {
  switch (revision.type) {
    case 'create':
      return 'C';
    case 'delete':
      return 'D';
    case 'revert':
      return 'R';
    case 'minor':
      return 'e';
    default:
      return revision.minor ? 'e' : 'E';
  }
}

export function remoteMethods(deps: RemoteDeps): Map<string, RemoteMethod> {
  const now = deps.now ?? Date.now;
  const level = (caller: RemoteCaller, id: string) => deps.access.level(caller.viewer, id);
  const canRead = (caller: RemoteCaller) => deps.access.canRead(caller.viewer);
  const holderOf = (caller: RemoteCaller) => (caller.viewer.login !== null ? userHolder(caller.viewer.login) : visitorHolder(`remote-api:${caller.ip}`));

  /** ApiCore::checkPage: a clean id, the level asked for, and (unless told otherwise) a page that exists. */
  function checkPage(raw: RpcValue | undefined, caller: RemoteCaller, options: { exists?: boolean; need?: number; rev?: number } = {}): string {
    const id = cleanId(str(raw));
    if (id === '') throw new RemoteFault(131, 'Empty or invalid page ID given');
    if ((options.exists ?? true) && revisionAt(id, options.rev ?? 0) === undefined) throw new RemoteFault(121, 'The requested page (revision) does not exist');
    const need = options.need ?? Level.READ;
    if (need > Level.NONE && level(caller, id) < need) throw new AccessDenied(111, 'You are not allowed to read this page');
    return id;
  }

  /** The legacy calls read an empty id as the start page (resolvePageId). */
  function legacyId(raw: RpcValue | undefined): string {
    return cleanId(str(raw)) || cleanId(deps.site().start);
  }

  function allRevisions(id: string): Revision[] {
    return deps.pages.revisions(id, 0, Math.max(1, deps.pages.countRevisions(id)));
  }

  /** The revision shown at DokuWiki timestamp `rev` (0: the current one), newest first among equals. */
  function revisionAt(id: string, rev: number): { rev: number; modified: number; text: string; author: string | null; ip: string | null } | undefined {
    if (rev === 0) {
      const page = deps.pages.get(id);
      return page ? { rev: page.rev, modified: page.modified, text: page.text, author: page.author, ip: page.ip } : undefined;
    }
    const match = allRevisions(id).find((revision) => seconds(revision.modified) === rev && revision.type !== 'delete');
    const stored = match ? deps.pages.revision(id, match.rev) : undefined;
    return stored ? { rev: stored.rev, modified: stored.modified, text: stored.text, author: stored.author, ip: stored.ip } : undefined;
  }

  function pageResponse(id: string, caller: RemoteCaller, options: { rev?: number; author?: boolean; hash?: boolean } = {}): Record<string, RpcValue> {
    const shown = revisionAt(id, options.rev ?? 0);
    const meta = deps.pages.meta(id);
    return {
      id,
      revision: shown ? seconds(shown.modified) : 0,
      size: shown ? Buffer.byteLength(shown.text) : 0,
      title: meta?.title || id,
      permission: level(caller, id),
      hash: options.hash && shown ? md5(shown.text) : '',
      author: options.author && shown ? (shown.author ?? shown.ip ?? '') : '',
    };
  }

  function save(caller: RemoteCaller, id: string, text: string, summary: string, minor: boolean): true {
    const current = deps.pages.get(id);
    if (!current && text.trim() === '') throw new RemoteFault(132, 'Refusing to write an empty new wiki page');
    if (!current && level(caller, id) < Level.CREATE) throw new AccessDenied(112, 'You are not allowed to edit this page');
    const outcome = deps.editing.save({
      id,
      text,
      baseRev: current?.rev ?? null,
      summary: summary !== '' ? summary : !current ? 'created' : text.trim() === '' ? 'deleted' : '',
      minor,
      author: caller.viewer.login,
      ip: caller.ip,
      holder: holderOf(caller),
    });
    // DokuWiki's savePage has no base revision: only someone else's lock stops it (a conflict can
    // only be a save that landed in between, which the lock of that editor would have announced).
    if (outcome.status === 'locked' || outcome.status === 'conflict') throw new RemoteFault(133, 'The page is currently locked');
    return true;
  }

  // Quire ends every stored text with a newline DokuWiki's would not have: text appended goes where
  // DokuWiki would put it, right after the last character.
  function appended(id: string, text: string): string {
    return (deps.pages.get(id)?.text ?? '').replace(/\n$/, '') + text;
  }

  function visiblePages(caller: RemoteCaller, ns: string, depth: number): string[] {
    const read = canRead(caller);
    const prefix = ns === '' ? '' : `${ns}:`;
    const base = ns === '' ? 0 : ns.split(':').length;
    return deps.pages
      .allIds()
      .filter((id) => id.startsWith(prefix) && (depth <= 0 || id.split(':').length - base <= depth) && read(id));
  }

  // `namespacesBelow` lists every namespace below at any depth; depth 1 is the namespace alone.
  function mediaIn(caller: RemoteCaller, ns: string, depth: number, pattern: string): Array<{ id: string; size: number; modified: number }> {
    const base = ns === '' ? 0 : ns.split(':').length;
    const below = deps.media.namespacesBelow(ns).filter((child) => child !== ns && (depth <= 0 || child.split(':').length - base < depth));
    const regex = pattern === '' ? null : phpPattern(pattern);
    return [ns, ...below]
      .filter((name) => level(caller, name === '' ? '*' : `${name}:*`) >= Level.READ)
      .flatMap((name) => deps.media.list(name))
      .filter((file) => regex === null || regex.test(file.id))
      .map((file) => ({ id: file.id, size: file.size, modified: file.modified }));
  }

  function mediaResponse(caller: RemoteCaller, file: { id: string; size: number; modified: number }, hash: boolean): Record<string, RpcValue> {
    const data = hash ? deps.media.data(file.id) : undefined;
    return {
      id: file.id,
      revision: seconds(file.modified),
      size: file.size,
      permission: level(caller, mediaScope(file.id)),
      isimage: mediaTypeOf(file.id)?.kind !== 'file',
      hash: data ? md5(data) : '',
    };
  }

  function readMedia(raw: RpcValue | undefined, caller: RemoteCaller): string {
    const id = cleanId(str(raw));
    if (level(caller, mediaScope(id)) < Level.READ) throw new AccessDenied(211, 'You are not allowed to read this media file');
    if (!deps.media.get(id)) throw new RemoteFault(221, 'The requested media file (revision) does not exist');
    return id;
  }

  function mediaRevisionAt(id: string, rev: number): number | undefined {
    if (rev === 0) return deps.media.get(id)?.rev;
    return deps.media.revisions(id).find((revision) => seconds(revision.modified) === rev && revision.kind !== 'delete')?.rev;
  }

  function saveMedia(caller: RemoteCaller, raw: RpcValue | undefined, data: Buffer, overwrite: boolean): string {
    const id = cleanId(str(raw));
    if (id === '') throw new RemoteFault(231, 'Empty or invalid media ID given');
    if (data.length === 0) throw new RemoteFault(235, 'Empty file given');
    const problem = fileProblem(id, data);
    if (problem !== null || !isMediaId(id)) throw new RemoteFault(236, 'Failed to save media: this file type is not allowed or does not match its content');
    const decision = decideUpload(level(caller, mediaScope(id)), deps.media.get(id) !== undefined, overwrite);
    if (decision === 'denied') throw new AccessDenied(236, 'Failed to save media: you are not allowed to upload here');
    if (decision === 'conflict') throw new RemoteFault(236, 'Failed to save media: the file already exists');
    deps.media.save({ id, data, author: caller.viewer.login, ip: caller.ip, summary: 'uploaded through the API' });
    return id;
  }

  function deleteMedia(caller: RemoteCaller, raw: RpcValue | undefined): void {
    const id = cleanId(str(raw));
    if (level(caller, mediaScope(id)) < Level.DELETE) throw new AccessDenied(212, 'You are not allowed to delete this media file');
    if (!deps.media.get(id)) throw new RemoteFault(221, 'The media file requested to delete does not exist');
    if (!deps.media.delete(id, caller.viewer.login, caller.ip, 'deleted through the API')) throw new RemoteFault(233, 'Failed to delete media file');
  }

  function lock(caller: RemoteCaller, ids: RpcValue[]): string[] {
    const done: string[] = [];
    for (const raw of ids) {
      const id = cleanId(str(raw));
      if (id === '' || level(caller, id) < Level.EDIT) continue;
      if (deps.locks.acquire(id, holderOf(caller), caller.viewer.name ?? caller.viewer.login ?? caller.ip).ok) done.push(id);
    }
    return done;
  }

  function unlock(caller: RemoteCaller, ids: RpcValue[]): string[] {
    const done: string[] = [];
    for (const raw of ids) {
      const id = cleanId(str(raw));
      if (id === '' || level(caller, id) < Level.EDIT) continue;
      const current = deps.locks.current(id);
      if (current?.holder !== holderOf(caller)) continue;
      deps.locks.release(id, holderOf(caller));
      done.push(id);
    }
    return done;
  }

  function aclCheck(caller: RemoteCaller, raw: RpcValue | undefined, user: string, groups: RpcValue[]): number {
    const id = cleanId(str(raw)) || cleanId(deps.site().start);
    if (user === '') return level(caller, id);
    const account = deps.users.get(user.toLowerCase());
    const named = groups.map((group) => str(group)).filter((group) => group !== '');
    const memberOf = named.length > 0 ? named : account ? [...account.groups, 'user'] : [];
    return deps.access.level({ login: user.toLowerCase(), groups: memberOf }, id);
  }

  function recentPages(caller: RemoteCaller, since: number) {
    return deps.recent.list({ since: since * 1000, includeMinor: true, canRead: canRead(caller), limit: 1000, offset: 0 });
  }

  const core: Record<string, RemoteMethod> = {
    'core.getAPIVersion': { args: [], public: true, run: () => API_VERSION },
    'core.getWikiVersion': { args: [], run: () => deps.version },
    'core.getWikiTitle': { args: [], public: true, run: () => deps.site().title },
    'core.getWikiTime': { args: [], run: () => seconds(now()) },
    'core.login': { args: ['user', 'pass'], public: true, run: (a) => new LoginRequest(str(a.user), str(a.pass)) },
    'core.logoff': { args: [], run: () => 1 },
    'core.whoAmI': {
      args: [],
      run: (_a, caller) => {
        const login = caller.viewer.login;
        if (login === null) throw new AccessDenied(-32603, 'No user available');
        const user = deps.users.get(login);
        const isadmin = deps.access.level(caller.viewer, '*') >= Level.ADMIN;
        return { login, name: user?.name ?? '', mail: user?.email ?? '', groups: [...(user?.groups ?? []), 'user'], isadmin, ismanager: isadmin };
      },
    },
    'core.aclCheck': { args: ['page', 'user', 'groups'], run: (a, caller) => aclCheck(caller, a.page, str(a.user), list(a.groups)) },
    'core.listPages': {
      args: ['namespace', 'depth', 'hash'],
      run: (a, caller) => visiblePages(caller, cleanId(str(a.namespace)), int(a.depth, 1)).map((id) => pageResponse(id, caller, { hash: bool(a.hash) })),
    },
    'core.searchPages': {
      args: ['query'],
      run: (a, caller) =>
        deps.search.search(str(a.query), { canRead: canRead(caller), limit: 100, offset: 0 }).hits.map((hit, i) => ({
          ...pageResponse(hit.id, caller),
          title: hit.title ?? hit.id,
          // DokuWiki's score counts hits; Quire's is a rank: the best result gets the highest number.
          score: Math.max(1, 100 - i),
          snippet: hit.snippet,
        })),
    },
    'core.getRecentPageChanges': {
      args: ['timestamp'],
      run: (a, caller) =>
        recentPages(caller, int(a.timestamp)).map((change) => ({
          id: change.id,
          revision: seconds(change.modified),
          author: change.author ?? '',
          ip: change.ip ?? '',
          summary: change.summary,
          type: changeType(change),
          sizechange: change.sizeDelta,
        })),
    },
    'core.getPage': {
      args: ['page', 'rev'],
      run: (a, caller) => revisionAt(checkPage(a.page, caller, { exists: false }), int(a.rev))?.text ?? '',
    },
    'core.getPageInfo': {
      args: ['page', 'rev', 'author', 'hash'],
      run: (a, caller) => pageResponse(checkPage(a.page, caller, { rev: int(a.rev) }), caller, { rev: int(a.rev), author: bool(a.author), hash: bool(a.hash) }),
    },
    'core.getPageHistory': {
      args: ['page', 'first'],
      run: (a, caller) => {
        const id = checkPage(a.page, caller, { exists: false });
        return deps.pages.revisions(id, Math.max(0, int(a.first)), 20).map((revision) => ({
          id,
          revision: seconds(revision.modified),
          author: revision.author ?? '',
          ip: revision.ip ?? '',
          summary: revision.summary,
          type: changeType(revision),
          sizechange: revision.sizeDelta,
        }));
      },
    },
    'core.getPageLinks': {
      args: ['page'],
      run: (a, caller) => {
        const id = checkPage(a.page, caller);
        return pageLinks(deps.pages.get(id)?.text ?? '', id).map((link) =>
          link.type === 'local' ? { type: 'local', page: link.target, href: `/${link.target.replace(/:/g, '/')}` } : { type: 'extern', page: link.target, href: link.target },
        );
      },
    },
    'core.getPageBackLinks': {
      args: ['page'],
      run: (a, caller) => deps.pages.backlinks(checkPage(a.page, caller, { exists: false })).filter(canRead(caller)),
    },
    'core.lockPages': { args: ['pages'], run: (a, caller) => lock(caller, list(a.pages)) },
    'core.unlockPages': { args: ['pages'], run: (a, caller) => unlock(caller, list(a.pages)) },
    'core.savePage': {
      args: ['page', 'text', 'summary', 'isminor'],
      run: (a, caller) => save(caller, checkPage(a.page, caller, { exists: false, need: Level.EDIT }), str(a.text), str(a.summary), bool(a.isminor)),
    },
    'core.appendPage': {
      args: ['page', 'text', 'summary', 'isminor'],
      run: (a, caller) => {
        const id = checkPage(a.page, caller, { exists: false, need: Level.EDIT });
        return save(caller, id, appended(id, str(a.text)), str(a.summary), bool(a.isminor));
      },
    },
    'core.listMedia': {
      args: ['namespace', 'pattern', 'depth', 'hash'],
      run: (a, caller) => mediaIn(caller, cleanId(str(a.namespace)), int(a.depth, 1), str(a.pattern)).map((file) => mediaResponse(caller, file, bool(a.hash))),
    },
    'core.getMedia': {
      args: ['media', 'rev'],
      run: (a, caller) => {
        const id = readMedia(a.media, caller);
        const rev = mediaRevisionAt(id, int(a.rev));
        const data = rev === undefined ? undefined : deps.media.data(id, rev);
        if (!data) throw new RemoteFault(221, 'The requested media file (revision) does not exist');
        return data.toString('base64');
      },
    },
    'core.getMediaInfo': {
      args: ['media', 'rev', 'author', 'hash'],
      run: (a, caller) => {
        const id = readMedia(a.media, caller);
        const rev = mediaRevisionAt(id, int(a.rev));
        const revision = rev === undefined ? undefined : deps.media.revision(id, rev);
        if (!revision) throw new RemoteFault(221, 'The requested media file does not exist');
        const response = mediaResponse(caller, { id, size: revision.size, modified: revision.modified }, bool(a.hash));
        return bool(a.author) ? { ...response, author: revision.author ?? revision.ip ?? '' } : response;
      },
    },
    'core.saveMedia': {
      args: ['media', 'base64', 'overwrite'],
      run: (a, caller) => {
        const text = str(a.base64).replace(/[\r\n]/g, '').replace(/-/g, '+').replace(/_/g, '/').replace(/ /g, '+');
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw new RemoteFault(234, 'Invalid base64 encoded data');
        saveMedia(caller, a.media, Buffer.from(text, 'base64'), bool(a.overwrite));
        return true;
      },
    },
    'core.deleteMedia': {
      args: ['media'],
      run: (a, caller) => {
        deleteMedia(caller, a.media);
        return true;
      },
    },
  };

  const legacy: Record<string, RemoteMethod> = {
    'dokuwiki.getVersion': { args: [], run: () => deps.version },
    'dokuwiki.getTime': { args: [], run: () => seconds(now()) },
    'dokuwiki.getXMLRPCAPIVersion': { args: [], public: true, run: () => LEGACY_API_VERSION },
    'wiki.getRPCVersionSupported': { args: [], public: true, run: () => 2 },
    'dokuwiki.getTitle': { args: [], public: true, run: () => deps.site().title },
    'dokuwiki.login': { args: ['user', 'pass'], public: true, run: (a) => new LoginRequest(str(a.user), str(a.pass)) },
    'dokuwiki.logoff': { args: [], run: () => 1 },
    'dokuwiki.getPagelist': {
      args: ['ns', 'opts'],
      run: (a, caller) => {
        const options = struct(a.opts);
        const ns = cleanId(str(a.ns));
        return visiblePages(caller, ns, int(options.depth, 0)).map((id) => {
          const page = deps.pages.get(id)!;
          const item: Record<string, RpcValue> = { id, rev: seconds(page.modified), mtime: seconds(page.modified), size: Buffer.byteLength(page.text) };
          if (bool(options.hash)) item.hash = md5(page.text);
          return item;
        });
      },
    },
    'dokuwiki.search': {
      args: ['query'],
      run: (a, caller) =>
        deps.search.search(str(a.query), { canRead: canRead(caller), limit: 100, offset: 0 }).hits.map((hit, i) => {
          const page = deps.pages.meta(hit.id);
          const mtime = page ? seconds(page.modified) : 0;
          return { id: hit.id, score: Math.max(1, 100 - i), rev: mtime, mtime, size: page?.size ?? 0, snippet: hit.snippet, title: hit.title ?? hit.id };
        }),
    },
    'dokuwiki.setLocks': {
      args: ['set'],
      run: (a, caller) => {
        const set = struct(a.set);
        const wantLock = list(set.lock).map((raw) => cleanId(str(raw)));
        const wantUnlock = list(set.unlock).map((raw) => cleanId(str(raw)));
        const locked = lock(caller, wantLock);
        const unlocked = unlock(caller, wantUnlock);
        return {
          locked,
          lockfail: wantLock.filter((id) => !locked.includes(id)),
          unlocked,
          unlockfail: wantUnlock.filter((id) => !unlocked.includes(id)),
        };
      },
    },
    'dokuwiki.appendPage': {
      args: ['id', 'text', 'params'],
      run: (a, caller) => {
        const id = legacyId(a.id);
        if (level(caller, id) < Level.READ) throw new AccessDenied(111, 'You are not allowed to read this file');
        const params = struct(a.params);
        return legacyPut(caller, id, appended(id, str(a.text)), params);
      },
    },
    'wiki.getPage': {
      args: ['id'],
      run: (a, caller) => {
        const id = legacyId(a.id);
        if (level(caller, id) < Level.READ) throw new AccessDenied(111, 'You are not allowed to read this file');
        return deps.pages.get(id)?.text ?? '';
      },
    },
    'wiki.getPageVersion': {
      args: ['id', 'rev'],
      run: (a, caller) => {
        const id = legacyId(a.id);
        if (level(caller, id) < Level.READ) throw new AccessDenied(111, 'You are not allowed to read this file');
        return revisionAt(id, int(a.rev))?.text ?? '';
      },
    },
    'wiki.getPageVersions': {
      args: ['id', 'first'],
      run: (a, caller) => {
        const id = legacyId(a.id);
        if (level(caller, id) < Level.READ) throw new AccessDenied(111, 'You are not allowed to read this page');
        return deps.pages.revisions(id, Math.max(0, int(a.first) - 1), 20).map((revision) => ({
          user: revision.author ?? '',
          ip: revision.ip ?? '',
          type: changeType(revision),
          sum: revision.summary,
          modified: new RpcDate(seconds(revision.modified)),
          version: seconds(revision.modified),
        }));
      },
    },
    'wiki.getPageInfo': { args: ['id'], run: (a, caller) => legacyInfo(caller, a.id, 0) },
    'wiki.getPageInfoVersion': { args: ['id', 'rev'], run: (a, caller) => legacyInfo(caller, a.id, int(a.rev)) },
    'wiki.getAllPages': {
      args: [],
      run: (_a, caller) =>
        visiblePages(caller, '', 0).map((id) => {
          const page = deps.pages.meta(id)!;
          return { id, perms: level(caller, id), size: page.size, lastModified: new RpcDate(seconds(page.modified)) };
        }),
    },
    'wiki.getBackLinks': { args: ['id'], run: (a, caller) => deps.pages.backlinks(legacyId(a.id)).filter(canRead(caller)) },
    'wiki.getRecentChanges': {
      args: ['timestamp'],
      run: (a, caller) => {
        if (String(int(a.timestamp)).length !== 10) throw new RemoteFault(311, 'The provided value is not a valid timestamp');
        const changes = recentPages(caller, int(a.timestamp)).map((change) => ({
          name: change.id,
          lastModified: new RpcDate(seconds(change.modified)),
          author: change.author ?? '',
          version: seconds(change.modified),
          perms: level(caller, change.id),
          size: deps.pages.meta(change.id)?.size ?? 0,
        }));
        if (changes.length === 0) throw new RemoteFault(321, 'There are no changes in the specified timeframe');
        return changes;
      },
    },
    'wiki.aclCheck': { args: ['id', 'user', 'groups'], run: (a, caller) => aclCheck(caller, a.id, str(a.user), list(a.groups)) },
    'wiki.putPage': { args: ['id', 'text', 'params'], run: (a, caller) => legacyPut(caller, legacyId(a.id), str(a.text), struct(a.params)) },
    'wiki.getAttachments': {
      args: ['ns', 'options'],
      run: (a, caller) => {
        const ns = cleanId(str(a.ns));
        if (level(caller, ns === '' ? '*' : `${ns}:*`) < Level.READ) throw new AccessDenied(215, 'You are not allowed to list media files.');
        const options = struct(a.options);
        return mediaIn(caller, ns, bool(options.recursive) ? 0 : 1, str(options.pattern)).map((file) => {
          const perms = level(caller, mediaScope(file.id));
          return {
            id: file.id,
            file: file.id.slice(file.id.lastIndexOf(':') + 1),
            size: file.size,
            mtime: seconds(file.modified),
            lastModified: new RpcDate(seconds(file.modified)),
            isimg: mediaTypeOf(file.id)?.kind !== 'file',
            writable: perms >= Level.DELETE,
            perms,
          };
        });
      },
    },
    'wiki.getAttachment': {
      args: ['id'],
      run: (a, caller) => {
        const id = cleanId(str(a.id));
        if (level(caller, mediaScope(id)) < Level.READ) throw new AccessDenied(211, 'You are not allowed to read this file');
        const data = deps.media.get(id) ? deps.media.data(id) : undefined;
        if (!data) throw new RemoteFault(221, 'The requested file does not exist');
        return data;
      },
    },
    'wiki.getAttachmentInfo': {
      args: ['id'],
      run: (a, caller) => {
        const id = cleanId(str(a.id));
        const file = level(caller, mediaScope(id)) >= Level.READ ? deps.media.get(id) : undefined;
        return { lastModified: new RpcDate(file ? seconds(file.modified) : 0), size: file?.size ?? 0 };
      },
    },
    'wiki.putAttachment': {
      args: ['id', 'file', 'params'],
      run: (a, caller) => {
        const data = Buffer.isBuffer(a.file) ? a.file : Buffer.from(str(a.file), 'base64');
        return saveMedia(caller, a.id, data, bool(struct(a.params).ow));
      },
    },
    'wiki.deleteAttachment': {
      args: ['id'],
      run: (a, caller) => {
        deleteMedia(caller, a.id);
        return 0;
      },
    },
  };

  function legacyInfo(caller: RemoteCaller, raw: RpcValue | undefined, rev: number): Record<string, RpcValue> {
    const id = legacyId(raw);
    if (level(caller, id) < Level.READ) throw new AccessDenied(111, 'You are not allowed to read this page');
    const shown = revisionAt(id, rev);
    if (!shown) throw new RemoteFault(121, 'The requested page does not exist');
    return { name: id, lastModified: new RpcDate(seconds(shown.modified)), author: shown.author ?? shown.ip ?? '', version: seconds(shown.modified) };
  }

  function legacyPut(caller: RemoteCaller, id: string, text: string, params: Record<string, RpcValue>): true {
    if (id === '') throw new RemoteFault(131, 'Empty page ID');
    if (level(caller, id) < Level.EDIT) throw new AccessDenied(112, 'You are not allowed to edit this page');
    return save(caller, id, text, str(params.sum), bool(params.minor));
  }

  return new Map([...Object.entries(core), ...Object.entries(legacy)]);
}

function md5(data: string | Buffer): string {
  return createHash('md5').update(data).digest('hex');
}

/** A PHP preg pattern with its delimiters (`/\.png$/i`) as a JavaScript RegExp; null when unreadable. */
function phpPattern(pattern: string): RegExp | null {
  const match = /^(.)(.*)\1([imsux]*)$/s.exec(pattern);
  try {
    return match ? new RegExp(match[2]!, match[3]!.replace(/[xu]/g, '')) : new RegExp(pattern);
  } catch {
    return null;
  }
}

