// Read permission over many pages at once (search hits, recent changes, feeds, the index, the
// trace): a page without an ACL rule of its own has its namespace's permission, so each namespace
// is asked once per request, plus each page that has a rule of its own.
import { Level, type AclRule } from './acl.js';
import type { Access, Viewer } from './access.js';
import { namespaceOf } from '../pages/page-id.js';

export type ReadFilter = (id: string) => boolean;

/** For each viewer, a filter giving the same answers as access.canRead(viewer), built per request. */
export function createReadFilters(access: Access, rules: () => readonly AclRule[]): (viewer: Viewer) => ReadFilter {
  let seen: readonly AclRule[] | null = null;
  let ownRules = new Set<string>();
  return (viewer) => {
    const current = rules();
    if (current !== seen) {
      seen = current;
      ownRules = new Set(current.filter((rule) => !rule.scope.endsWith('*')).map((rule) => rule.scope));
    }
    const pageRules = ownRules;
    const byNamespace = new Map<string, boolean>();
    return (id) => {
      if (pageRules.has(id)) return access.level(viewer, id) >= Level.READ;
      const ns = namespaceOf(id);
      let readable = byNamespace.get(ns);
      if (readable === undefined) {
        readable = access.level(viewer, ns === '' ? '*' : `${ns}:*`) >= Level.READ;
        byNamespace.set(ns, readable);
      }
      return readable;
    };
  };
}
