// `quire import-dokuwiki DIR`: every page of a DokuWiki data directory with its whole history,
// converted to Markdown and written through the wiki's own save path (titles, links, search),
// in batches of pages per transaction. Media follow in media.ts.
import { dokuwikiToMarkdown } from './convert.js';
import { historyOf, listPages, type SourcePage, type SourceRevision } from './source.js';
import type { RevisionType } from '../pages/store.js';
import { SEED_PAGES } from '../site/seed.js';
import type { Wiki } from '../wiki.js';

export interface PageImportOptions {
  /** Import into a wiki that already has pages of its own (revisions imported before are skipped). */
  force: boolean;
  /** Called after every `every` pages and once at the end. */
  progress?: (done: number, total: number) => void;
  every?: number;
  /** Pages per transaction. */
  batch?: number;
}

export interface PageImportSummary {
  pages: number;
  revisions: number;
  deleted: number;
  /** Changelog entries whose text the attic did not hold. */
  missing: number;
  /** Revisions not written: imported by an earlier run, same text as the one before, or a locked page. */
  skipped: number;
  /** Pages left out on purpose, with why. */
  notes: string[];
}

export class ImportRefused extends Error {}

/** Pages a new Quire wiki starts with; importing over them is expected. */
const SEEDED = new Set(SEED_PAGES.map((seed) => seed.id));

/** Refuses a wiki that holds pages of its own, unless forced. */
export function checkTarget(wiki: Wiki, force: boolean): void {
  if (force) return;
  const own = wiki.pages.allIds().filter((id) => !SEEDED.has(id));
  if (own.length === 0) return;
  const sample = own.slice(0, 3).join(', ');
  throw new ImportRefused(
    `The wiki already has ${own.length} page(s) of its own (${sample}${own.length > 3 ? ', …' : ''}). ` +
      'Import into a new data directory, or add --force to import next to them (revisions imported before are skipped).',
  );
}

function typeOf(revision: SourceRevision): RevisionType | undefined {
  if (revision.type === 'R') return 'revert';
  if (revision.type === 'external') return 'import';
  // C, E, e and D follow from the change itself in the page store.
  return undefined;
}

// DokuWiki's own help page describes DokuWiki markup; Quire's (seeded) describes Quire's.
// An untouched copy (no changelog) is left out so that the wiki keeps the help that applies.
function isStockSyntaxPage(wiki: Wiki, page: SourcePage): boolean {
  return page.id === 'wiki:syntax' && page.changesFile === null && wiki.pages.exists('wiki:syntax');
}

// Revisions up to the newest one the wiki already holds for this id were imported before (or
// predate the wiki's own edits): a second run only adds what DokuWiki changed since. A page
// still as the seed wrote it takes the whole DokuWiki history.
function importedUpTo(wiki: Wiki, id: string): number {
  const latest = wiki.pages.revisions(id, 0, 1)[0];
  if (!latest) return -Infinity;
  const untouchedSeed = SEEDED.has(id) && latest.rev === 1 && latest.author === null && latest.ip === null;
  return untouchedSeed ? -Infinity : latest.modified;
}

function importPage(wiki: Wiki, page: SourcePage, summary: PageImportSummary): void {
  const { revisions, missing } = historyOf(page);
  summary.missing += missing;
  const after = importedUpTo(wiki, page.id);
  let saved = 0;
  for (const revision of revisions) {
    if (revision.modified <= after) {
      summary.skipped++;
      continue;
    }
    const outcome = wiki.editing.save({
      id: page.id,
      text: revision.text === '' ? '' : dokuwikiToMarkdown(revision.text),
      baseRev: wiki.pages.meta(page.id)?.rev ?? null,
      summary: revision.summary,
      minor: revision.type === 'e',
      author: revision.author,
      ip: revision.ip,
      modified: revision.modified,
      type: typeOf(revision),
    });
    if (outcome.status === 'saved') saved++;
    else summary.skipped++;
  }
  summary.revisions += saved;
  if (saved > 0) summary.pages++;
  if (saved > 0 && !wiki.pages.exists(page.id)) summary.deleted++;
}

export function importPages(wiki: Wiki, dir: string, options: PageImportOptions): PageImportSummary {
  checkTarget(wiki, options.force);
  const every = options.every ?? 100;
  const batch = options.batch ?? 50;
  const summary: PageImportSummary = { pages: 0, revisions: 0, deleted: 0, missing: 0, skipped: 0, notes: [] };
  const pages = listPages(dir).filter((page) => {
    if (!isStockSyntaxPage(wiki, page)) return true;
    summary.notes.push("kept Quire's own wiki:syntax (DokuWiki's stock syntax page describes DokuWiki markup)");
    return false;
  });
  for (let start = 0; start < pages.length; start += batch) {
    const slice = pages.slice(start, start + batch);
    wiki.pages.transaction(() => {
      for (const page of slice) importPage(wiki, page, summary);
    });
    const done = start + slice.length;
    const crossed = Math.floor(done / every) > Math.floor(start / every);
    if (options.progress && (crossed || done === pages.length)) options.progress(done, pages.length);
  }
  return summary;
}
