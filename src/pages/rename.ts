// Renaming (moving) a page: its whole history goes to the new id with a 'rename' revision there,
// the old id redirects, drafts follow, and links to it in other pages are retargeted, each as a
// new revision, where the renamer may edit. All of it in one transaction.
import type { DraftStore } from './drafts.js';
import type { Editing } from './editing.js';
import type { LockStore } from './locks.js';
import { resolveLink } from './page-id.js';
import type { PageRenderer } from '../render/page-render.js';
import type { PageStore } from './store.js';
import type { RedirectStore } from './redirects.js';
import { applyChanges, createLinkFinder, type LinkFinder, type TargetChange } from './relink.js';

export interface RenameInput {
  from: string;
  to: string;
  /** Retarget links in the pages that link to the old id. */
  updateLinks: boolean;
  author: string | null;
  ip: string | null;
  /** The renamer's lock identity: their own lock on either id does not stop them. */
  holder: string;
  /** Whether the renamer may edit a linking page; the others are left as they are and reported. */
  mayEdit: (id: string) => boolean;
  summaries: { renamed: string; linkUpdate: string };
}

export type RenameResult =
  | { status: 'renamed'; rev: number; updated: string[]; skipped: string[] }
  | { status: 'missing' }
  | { status: 'exists' }
  | { status: 'locked'; holder: string; expires: number };

/** How a link to page `id` is written so that it means `id` from any page: absolute, the hash as it was written. */
export function absoluteTarget(id: string, written: string): string {
  const hashAt = written.indexOf('#');
  return (id.includes(':') ? id : `:${id}`) + (hashAt < 0 ? '' : written.slice(hashAt));
}

interface Resolution {
  exists: (id: string) => boolean;
  start: string;
}

const pagePart = (target: string) => (target.includes('#') ? target.slice(0, target.indexOf('#')) : target).trim();

/** Links of a page that named `from` now name `to`; everything else is left as written. */
export function retargetLinks(find: LinkFinder, text: string, pageId: string, from: string, to: string, r: Resolution): string {
  const changes: TargetChange[] = [];
  for (const link of find(text)) {
    if (pagePart(link.target) === '') continue;
    if (resolveLink(link.target, pageId, r.exists, r.start).id !== from) continue;
    changes.push({ start: link.start, end: link.end, text: absoluteTarget(to, text.slice(link.start, link.end)) });
  }
  return applyChanges(text, changes);
}

/**
 * The moved page's own text at its new id: links to itself follow it, and relative links that
 * would now lead elsewhere are written out absolute, so every link keeps its target.
 */
export function retargetMovedPage(find: LinkFinder, text: string, from: string, to: string, r: Resolution): string {
  const changes: TargetChange[] = [];
  for (const link of find(text)) {
    if (pagePart(link.target) === '') continue;
    const before = resolveLink(link.target, from, r.exists, r.start).id;
    const target = before === from ? to : before;
    if (resolveLink(link.target, to, r.exists, r.start).id === target) continue;
    changes.push({ start: link.start, end: link.end, text: absoluteTarget(target, text.slice(link.start, link.end)) });
  }
  return applyChanges(text, changes);
}

export interface RenameDeps {
  pages: PageStore;
  editing: Editing;
  pageRenderer: PageRenderer;
  locks: LockStore;
  drafts: DraftStore;
  redirects: RedirectStore;
  startPage: () => string;
}

export type Renames = ReturnType<typeof createRenames>;

export function createRenames(deps: RenameDeps) {
  const { pages, editing, pageRenderer, locks, drafts, redirects } = deps;
  const find = createLinkFinder();

  function renameInTransaction(input: RenameInput): RenameResult {
    const { from, to, author, ip } = input;
    const page = pages.get(from);
    if (!page) return { status: 'missing' };
    if (pages.exists(to)) return { status: 'exists' };
    const resolution = { exists: pages.exists, start: deps.startPage() };
    // Every text is worked out before the move, while ids resolve as the writers saw them.
    const text = retargetMovedPage(find, page.text, from, to, resolution);
    const linking = input.updateLinks ? pages.backlinks(from).filter((id) => id !== from) : [];
    const updates: { id: string; rev: number; text: string }[] = [];
    const skipped: string[] = [];
    for (const id of linking) {
      const current = pages.get(id);
      if (!current) continue;
      // Pages someone is editing (the renamer included) are left to their editor.
      if (!input.mayEdit(id) || locks.current(id)) {
        skipped.push(id);
        continue;
      }
      const retargeted = retargetLinks(find, current.text, id, from, to, resolution);
      if (retargeted === current.text) skipped.push(id);
      else updates.push({ id, rev: current.rev, text: retargeted });
    }

    const { title, links } = pageRenderer.analyse(to, text);
    const moved = pages.rename({ from, to, text, summary: input.summaries.renamed, author, ip, title, links });
    if (moved.status !== 'renamed') return moved;
    redirects.add(from, to);
    drafts.move(from, to, moved.revOffset);
    locks.release(from, input.holder);
    const updated: string[] = [];
    for (const update of updates) {
      const outcome = editing.save({
        id: update.id,
        text: update.text,
        baseRev: update.rev,
        summary: input.summaries.linkUpdate,
        minor: true,
        author,
        ip,
      });
      if (outcome.status === 'saved') updated.push(update.id);
      else skipped.push(update.id);
    }
    return { status: 'renamed', rev: moved.rev, updated, skipped: skipped.sort() };
  }

  return {
    rename(input: RenameInput): RenameResult {
      const lock = locks.heldByOther(input.from, input.holder) ?? locks.heldByOther(input.to, input.holder);
      if (lock) return { status: 'locked', holder: lock.label, expires: lock.expires };
      const result = pages.transaction(() => renameInTransaction(input));
      return result;
    },
  };
}
