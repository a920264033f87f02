// The page store: current pages, their complete revisions and recorded links. All page SQL lives here.
// Every change runs the page event steps (events.ts): inside its transaction, then after commit.
import type { Db } from '../db.js';
import { NO_PAGE_EVENTS, type PageChange, type PageEvents } from './events.js';

export type RevisionType = 'create' | 'edit' | 'minor' | 'delete' | 'revert' | 'import' | 'rename';

export interface Page {
  id: string;
  rev: number;
  title: string | null;
  text: string;
  size: number;
  modified: number;
  author: string | null;
  ip: string | null;
}

export type PageMeta = Omit<Page, 'text'>;

export interface Revision {
  pageId: string;
  rev: number;
  modified: number;
  author: string | null;
  ip: string | null;
  summary: string;
  minor: boolean;
  type: RevisionType;
  size: number;
  sizeDelta: number;
}

export interface RevisionWithText extends Revision {
  text: string;
}

export interface SaveRequest {
  id: string;
  text: string;
  /** The revision the editor was opened on; null for a page that did not exist. */
  baseRev: number | null;
  summary: string;
  minor: boolean;
  author: string | null;
  ip: string | null;
  /** Derived from the text by the renderer, stored in the same transaction. */
  title: string | null;
  links: readonly string[];
  /** Forces a type ('revert', 'import'); otherwise create/edit/minor/delete follows from the change. */
  type?: RevisionType;
  modified?: number;
}

export type SaveOutcome =
  | { status: 'saved'; rev: number; type: RevisionType }
  | { status: 'unchanged'; rev: number | null }
  | { status: 'conflict'; current: Page | null }
  /** Someone else holds a live edit lock (SPEC §6): nothing was saved. */
  | { status: 'locked'; holder: string; expires: number };

/** Moving a page with its history (SPEC §3 do=rename); the text may carry retargeted links. */
export interface RenameRequest {
  from: string;
  to: string;
  text: string;
  summary: string;
  author: string | null;
  ip: string | null;
  title: string | null;
  links: readonly string[];
  modified?: number;
}

export type RenameOutcome =
  | { status: 'renamed'; rev: number; revOffset: number }
  | { status: 'missing' }
  | { status: 'exists' };

export const SUMMARY_MAX = 255;

/** Summaries are one line of at most 255 characters. */
export function cleanSummary(raw: string): string {
  return raw.replace(/[\t\r\n]+/g, ' ').trim().slice(0, SUMMARY_MAX);
}

/** CRLF to LF and no white space at the end of the text, so that unchanged text compares equal. */
export function normaliseText(raw: string): string {
  const text = raw.replace(/\r\n?/g, '\n').trimEnd();
  return text === '' ? '' : `${text}\n`;
}

interface RevisionRow {
  page_id: string;
  rev: number;
  modified: number;
  author: string | null;
  ip: string | null;
  summary: string;
  minor: number;
  type: RevisionType;
  size: number;
  size_delta: number;
  text?: string;
}

function toRevision(row: RevisionRow): Revision {
  return {
    pageId: row.page_id,
    rev: row.rev,
    modified: row.modified,
    author: row.author,
    ip: row.ip,
    summary: row.summary,
    minor: row.minor === 1,
    type: row.type,
    size: row.size,
    sizeDelta: row.size_delta,
  };
}

const REVISION_COLUMNS = 'page_id, rev, modified, author, ip, summary, minor, type, size, size_delta';

export type PageStore = ReturnType<typeof createPageStore>;

export function createPageStore(db: Db) {
  const q = {
    get: db.prepare<[string], Page>('SELECT id, rev, title, text, size, modified, author, ip FROM pages WHERE id = ?'),
    meta: db.prepare<[string], PageMeta>('SELECT id, rev, title, size, modified, author, ip FROM pages WHERE id = ?'),
    exists: db.prepare<[string], number>('SELECT 1 FROM pages WHERE id = ?').pluck(),
    lastRev: db.prepare<[string], number | null>('SELECT MAX(rev) FROM revisions WHERE page_id = ?').pluck(),
    revision: db.prepare<[string, number], RevisionRow>(`SELECT ${REVISION_COLUMNS}, text FROM revisions WHERE page_id = ? AND rev = ?`),
    revisions: db.prepare<[string, number, number], RevisionRow>(
      `SELECT ${REVISION_COLUMNS} FROM revisions WHERE page_id = ? ORDER BY rev DESC LIMIT ? OFFSET ?`,
    ),
    countRevisions: db.prepare<[string], number>('SELECT COUNT(*) FROM revisions WHERE page_id = ?').pluck(),
    insertRevision: db.prepare(
      `INSERT INTO revisions (${REVISION_COLUMNS}, text)
       VALUES (@pageId, @rev, @modified, @author, @ip, @summary, @minor, @type, @size, @sizeDelta, @text)`,
    ),
    upsertPage: db.prepare(
      `INSERT INTO pages (id, rev, title, text, size, modified, author, ip)
       VALUES (@id, @rev, @title, @text, @size, @modified, @author, @ip)
       ON CONFLICT (id) DO UPDATE SET rev = excluded.rev, title = excluded.title, text = excluded.text,
         size = excluded.size, modified = excluded.modified, author = excluded.author, ip = excluded.ip`,
    ),
    deletePage: db.prepare('DELETE FROM pages WHERE id = ?'),
    deleteLinks: db.prepare('DELETE FROM links WHERE from_id = ?'),
    insertLink: db.prepare('INSERT OR IGNORE INTO links (from_id, to_id) VALUES (?, ?)'),
    backlinks: db.prepare<[string], string>('SELECT from_id FROM links WHERE to_id = ? ORDER BY from_id').pluck(),
    allIds: db.prepare<[], string>('SELECT id FROM pages ORDER BY id').pluck(),
    existing: db.prepare<[string], string>('SELECT id FROM pages WHERE id IN (SELECT value FROM json_each(?))').pluck(),
    count: db.prepare<[], number>('SELECT COUNT(*) FROM pages').pluck(),
    // Renumbering keeps (page_id, rev) unique when the new id has history of its own (a deleted page).
    moveRevisions: db.prepare('UPDATE revisions SET page_id = ?, rev = rev + ? WHERE page_id = ?'),
    dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
  };
  // What another connection last committed, read at most once a second (see writesElsewhere).
  let elsewhereCheckedAt = 0;
  let elsewhereVersion = 0;
  let events: PageEvents = NO_PAGE_EVENTS;
  // Changes of the transaction in progress, told to the after-commit steps once the outermost commits.
  let uncommitted: PageChange[] = [];

  function emit(change: PageChange): void {
    events.inTransaction(change);
    uncommitted.push(change);
  }

  /** Runs a transaction (a savepoint inside another); after the outermost commits, the after-commit steps. */
  function transact<A extends unknown[], T>(transaction: { immediate(...args: A): T }, ...args: A): T {
    const outermost = !db.inTransaction;
    const mark = uncommitted.length;
    let result: T;
    try {
      result = transaction.immediate(...args);
    } catch (error) {
      uncommitted.length = mark;
      throw error;
    }
    if (outermost) {
      const committed = uncommitted;
      uncommitted = [];
      for (const change of committed) events.afterCommit(change);
    }
    return result;
  }

  function typeOf(request: SaveRequest, current: Page | undefined, text: string): RevisionType {
    if (text === '') return 'delete';
    if (request.type) return request.type;
    if (!current) return 'create';
    return request.minor ? 'minor' : 'edit';
  }

  const saveInTransaction = db.transaction((request: SaveRequest): SaveOutcome => {
    const current = q.get.get(request.id);
    if ((current?.rev ?? null) !== request.baseRev) return { status: 'conflict', current: current ?? null };
    const text = normaliseText(request.text);
    if (text === (current?.text ?? '')) return { status: 'unchanged', rev: current?.rev ?? null };

    const rev = (q.lastRev.get(request.id) ?? 0) + 1;
    const type = typeOf(request, current, text);
    const size = Buffer.byteLength(text);
    const modified = request.modified ?? Date.now();
    q.insertRevision.run({
      pageId: request.id,
      rev,
      modified,
      author: request.author,
      ip: request.ip,
      summary: cleanSummary(request.summary),
      minor: type === 'minor' ? 1 : 0,
      type,
      size,
      sizeDelta: size - (current?.size ?? 0),
      text,
    });
    const { id, author, title } = request;
    if (type === 'delete') {
      q.deletePage.run(id);
      emit({ kind: 'deleted', id, rev, author });
    } else {
      q.upsertPage.run({ id, rev, title, text, size, modified, author, ip: request.ip });
      emit({ kind: 'saved', id, rev, type, created: current === undefined, text, title, links: request.links, author });
    }
    return { status: 'saved', rev, type };
  });

  const renameInTransaction = db.transaction((request: RenameRequest): RenameOutcome => {
    const current = q.get.get(request.from);
    if (!current) return { status: 'missing' };
    if (q.exists.get(request.to) !== undefined) return { status: 'exists' };
    const revOffset = q.lastRev.get(request.to) ?? 0;
    q.moveRevisions.run(request.to, revOffset, request.from);
    q.deletePage.run(request.from);

    const rev = current.rev + revOffset + 1;
    const text = normaliseText(request.text);
    const size = Buffer.byteLength(text);
    const modified = request.modified ?? Date.now();
    const { author, ip, title } = request;
    q.insertRevision.run({
      pageId: request.to,
      rev,
      modified,
      author,
      ip,
      summary: cleanSummary(request.summary),
      minor: 0,
      type: 'rename',
      size,
      sizeDelta: size - current.size,
      text,
    });
    q.upsertPage.run({ id: request.to, rev, title, text, size, modified, author, ip });
    emit({ kind: 'renamed', from: request.from, to: request.to, rev, text, title, links: request.links, author });
    return { status: 'renamed', rev, revOffset };
  });

  return {
    get: (id: string): Page | undefined => q.get.get(id),
    meta: (id: string): PageMeta | undefined => q.meta.get(id),
    exists: (id: string): boolean => q.exists.get(id) !== undefined,
    /** Highest revision number ever given to this id (0 when none), deleted pages included. */
    lastRev: (id: string): number => q.lastRev.get(id) ?? 0,
    revision(id: string, rev: number): RevisionWithText | undefined {
      const row = q.revision.get(id, rev);
      return row ? { ...toRevision(row), text: row.text ?? '' } : undefined;
    },
    revisions: (id: string, offset: number, limit: number): Revision[] =>
      q.revisions.all(id, limit, offset).map(toRevision),
    countRevisions: (id: string): number => q.countRevisions.get(id) ?? 0,
    backlinks: (id: string): string[] => q.backlinks.all(id),
    allIds: (): string[] => q.allIds.all(),
    /** Which of these ids name existing pages, in one query. */
    existing: (ids: readonly string[]): Set<string> => new Set(ids.length === 0 ? [] : q.existing.all(JSON.stringify(ids))),
    count: (): number => q.count.get() ?? 0,
    /** One transaction: the revision, the current text and the page event steps, or nothing. */
    save: (request: SaveRequest): SaveOutcome => transact(saveInTransaction, request),
    /** One transaction: the history re-keyed to the new id (renumbered after any history it had), a 'rename' revision there, and the page event steps. */
    rename: (request: RenameRequest): RenameOutcome => transact(renameInTransaction, request),
    /** Runs `work` as one transaction (saves inside it nest), for changes that span several pages. */
    transaction: <T>(work: () => T): T => transact(db.transaction(work)),
    /** The links a page's current text makes: called by the 'links' page event step, inside the change's transaction. */
    recordLinks(id: string, links: readonly string[]): void {
      q.deleteLinks.run(id);
      for (const target of links) q.insertLink.run(id, target);
    },
    /**
     * Changes after another process (the command line: an import) committed to the database,
     * seen within a second: what is cached from the set of existing pages is stale then.
     */
    writesElsewhere(): number {
      const now = Date.now();
      if (now - elsewhereCheckedAt >= 1000) {
        elsewhereCheckedAt = now;
        elsewhereVersion = q.dataVersion.get() ?? 0;
      }
      return elsewhereVersion;
    },
    /** The page event steps every change runs (set once, by createWiki). */
    useEvents(list: PageEvents): void {
      events = list;
    },
  };
}
