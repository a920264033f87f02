// The page index (SPEC §3 /_/index, /_/sitemap.xml): every current page with its last change, and
// the namespace tree DokuWiki's sitemap shows — namespaces first, then pages, the open namespace's
// path expanded, and only what the reader may read (a namespace shows if it holds a readable page).
import type { Db } from '../db.js';
import { nameOf, parentsOf } from '../pages/page-id.js';

export interface IndexedPage {
  id: string;
  modified: number;
}

export interface TitledPage {
  id: string;
  title: string | null;
}

export interface IndexNode {
  kind: 'namespace' | 'page';
  /** The page id, or the namespace's id (no trailing ':'). */
  id: string;
  name: string;
  /** Namespaces on the path to the opened one are open and list their children. */
  open: boolean;
  children: IndexNode[];
}

export type PageIndex = ReturnType<typeof createPageIndex>;

export function createPageIndex(db: Db) {
  const q = {
    all: db.prepare<[], IndexedPage>('SELECT id, modified FROM pages ORDER BY id'),
    ids: db.prepare<[], string>('SELECT id FROM pages ORDER BY id').pluck(),
    titled: db.prepare<[], TitledPage>('SELECT id, title FROM pages ORDER BY id'),
  };
  return {
    /** Every current page with its last change time, in id order. */
    pages: (): IndexedPage[] => q.all.all(),
    /** Every current page id, in order, read one at a time. */
    ids: (): IterableIterator<string> => q.ids.iterate(),
    /** Every current page with its title, in id order, read one at a time (link suggestions). */
    titled: (): IterableIterator<TitledPage> => q.titled.iterate(),
  };
}

function byName(a: IndexNode, b: IndexNode): number {
  if (a.kind !== b.kind) return a.kind === 'namespace' ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * The tree from the root down to the namespace `open` ('' for the root alone): each open level
 * lists its namespaces (those holding a readable page, at any depth) and its readable pages.
 */
export function indexTree(ids: Iterable<string>, open: string, canRead: (id: string) => boolean): IndexNode[] {
  const openPath = open === '' ? [''] : ['', ...parentsOf(`${open}:x`)];
  // namespace id ('' = root) → its children by id
  const levels = new Map<string, Map<string, IndexNode>>(openPath.map((ns) => [ns, new Map()]));
  for (const id of ids) {
    if (!canRead(id)) continue;
    const parts = id.split(':');
    for (const ns of openPath) {
      const depth = ns === '' ? 0 : ns.split(':').length;
      if (ns !== '' && !id.startsWith(`${ns}:`)) break;
      const level = levels.get(ns);
      if (!level) break;
      const isPage = parts.length === depth + 1;
      const childId = parts.slice(0, depth + 1).join(':');
      const key = `${isPage ? 'p' : 'n'}${childId}`;
      if (!level.has(key)) {
        const kind = isPage ? 'page' : 'namespace';
        level.set(key, { kind, id: childId, name: nameOf(childId), open: !isPage && levels.has(childId), children: [] });
      }
    }
  }
  for (const ns of openPath.slice(1)) {
    const parent = levels.get(ns.includes(':') ? ns.slice(0, ns.lastIndexOf(':')) : '');
    const node = parent?.get(`n${ns}`);
    if (node) node.children = [...(levels.get(ns)?.values() ?? [])].sort(byName);
  }
  return [...(levels.get('')?.values() ?? [])].sort(byName);
}
