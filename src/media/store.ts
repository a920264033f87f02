// The media store: current media files and every revision with its bytes. All media SQL lives here.
import type { Db } from '../db.js';
import { namespaceOf } from '../pages/page-id.js';
import { isMediaId } from './media-id.js';
import { mediaTypeOf } from './media-type.js';

export type MediaRevisionKind = 'create' | 'edit' | 'delete';

export interface MediaSaveInput {
  id: string;
  data: Buffer;
  author: string | null;
  ip?: string | null;
  summary?: string;
  /** ms since epoch; now when absent (an importer passes the original time). */
  modified?: number;
}

export interface MediaFile {
  id: string;
  ns: string;
  rev: number;
  type: string;
  size: number;
  modified: number;
  author: string | null;
}

export interface MediaRevision {
  id: string;
  rev: number;
  modified: number;
  author: string | null;
  ip: string | null;
  summary: string;
  kind: MediaRevisionKind;
  type: string;
  size: number;
}

interface FileRow { id: string; ns: string; rev: number; type: string; size: number; modified: number; author: string | null }
interface RevisionRow { media_id: string; rev: number; modified: number; author: string | null; ip: string | null; summary: string; kind: MediaRevisionKind; type: string; size: number }

const toRevision = (row: RevisionRow): MediaRevision => ({
  id: row.media_id,
  rev: row.rev,
  modified: row.modified,
  author: row.author,
  ip: row.ip,
  summary: row.summary,
  kind: row.kind,
  type: row.type,
  size: row.size,
});

export type MediaStore = ReturnType<typeof createMediaStore>;

export function createMediaStore(db: Db) {
  const FILE_COLUMNS = 'id, ns, rev, type, size, modified, author';
  const REVISION_COLUMNS = 'media_id, rev, modified, author, ip, summary, kind, type, size';
  const getFile = db.prepare<[string], FileRow>(`SELECT ${FILE_COLUMNS} FROM media WHERE id = ?`);
  const listFiles = db.prepare<[string], FileRow>(`SELECT ${FILE_COLUMNS} FROM media WHERE ns = ? ORDER BY id`);
  // ';' sorts right after ':', so [ns + ':', ns + ';') is every namespace below ns (no LIKE: ids hold '_').
  const namespacesBelow = db.prepare<[string, string], { ns: string }>('SELECT DISTINCT ns FROM media WHERE ns >= ? AND ns < ? ORDER BY ns');
  const allNamespaces = db.prepare<[], { ns: string }>("SELECT DISTINCT ns FROM media WHERE ns <> '' ORDER BY ns");
  const lastRev = db.prepare<[string], { rev: number | null }>('SELECT MAX(rev) AS rev FROM media_revisions WHERE media_id = ?');
  const listRevisions = db.prepare<[string], RevisionRow>(`SELECT ${REVISION_COLUMNS} FROM media_revisions WHERE media_id = ? ORDER BY rev DESC`);
  const getRevision = db.prepare<[string, number], RevisionRow>(`SELECT ${REVISION_COLUMNS} FROM media_revisions WHERE media_id = ? AND rev = ?`);
  const getData = db.prepare<[string, number], { data: Buffer | null }>('SELECT data FROM media_revisions WHERE media_id = ? AND rev = ?');
  const insertRevision = db.prepare(
    `INSERT INTO media_revisions (${REVISION_COLUMNS}, data) VALUES (@id, @rev, @modified, @author, @ip, @summary, @kind, @type, @size, @data)`,
  );
  const upsertFile = db.prepare(
    `INSERT INTO media (${FILE_COLUMNS}) VALUES (@id, @ns, @rev, @type, @size, @modified, @author)
     ON CONFLICT (id) DO UPDATE SET rev = excluded.rev, type = excluded.type, size = excluded.size,
       modified = excluded.modified, author = excluded.author`,
  );
  const deleteFile = db.prepare<[string]>('DELETE FROM media WHERE id = ?');

  const nextRev = (id: string) => (lastRev.get(id)?.rev ?? 0) + 1;

  const saveInTransaction = db.transaction((input: MediaSaveInput): { rev: number } => {
    const current = getFile.get(input.id);
    // The same bytes again make no revision, as unchanged page text makes none.
    if (current && current.size === input.data.length && getData.get(input.id, current.rev)?.data?.equals(input.data)) {
      return { rev: current.rev };
    }
    const rev = nextRev(input.id);
    const type = mediaTypeOf(input.id)?.contentType ?? 'application/octet-stream';
    const row = {
      id: input.id,
      ns: namespaceOf(input.id),
      rev,
      type,
      size: input.data.length,
      modified: input.modified ?? Date.now(),
      author: input.author,
    };
    insertRevision.run({
      id: row.id,
      rev,
      modified: row.modified,
      author: row.author,
      ip: input.ip ?? null,
      summary: input.summary ?? '',
      kind: current ? 'edit' : 'create',
      type,
      size: row.size,
      data: input.data,
    });
    upsertFile.run(row);
    return { rev };
  });

  const deleteInTransaction = db.transaction((id: string, author: string | null, ip: string | null, summary: string): { rev: number } | null => {
    const current = getFile.get(id);
    if (!current) return null;
    const rev = nextRev(id);
    insertRevision.run({ id, rev, modified: Date.now(), author, ip, summary, kind: 'delete', type: current.type, size: 0, data: null });
    deleteFile.run(id);
    return { rev };
  });

  return {
    /**
     * Creates or overwrites a file: one transaction, one revision (none when the bytes are those
     * of the current file). Throws for an id that is not a media id.
     */
    save(input: MediaSaveInput): { rev: number } {
      if (!isMediaId(input.id)) throw new Error(`not a media id: ${input.id}`);
      return saveInTransaction.immediate(input);
    },
    /** Deletes the current file, recording a 'delete' revision (history is kept); null when there is none. */
    delete(id: string, author: string | null, ip: string | null = null, summary = ''): { rev: number } | null {
      return deleteInTransaction.immediate(id, author, ip, summary);
    },
    get: (id: string): MediaFile | undefined => getFile.get(id),
    /** The files directly in a namespace ('' is the root), by id. */
    list: (ns: string): MediaFile[] => listFiles.all(ns),
    /** Every namespace below `ns` ('' is the root) holding files, at any depth. */
    namespacesBelow: (ns: string): string[] =>
      (ns === '' ? allNamespaces.all() : namespacesBelow.all(`${ns}:`, `${ns};`)).map((row) => row.ns),
    /** Every revision of a file, newest first, deletes included. */
    revisions: (id: string): MediaRevision[] => listRevisions.all(id).map(toRevision),
    revision: (id: string, rev: number): MediaRevision | undefined => {
      const row = getRevision.get(id, rev);
      return row ? toRevision(row) : undefined;
    },
    /** The bytes of revision `rev` (the current one when absent); undefined when there are none. */
    data(id: string, rev?: number): Buffer | undefined {
      const at = rev ?? getFile.get(id)?.rev;
      if (at === undefined) return undefined;
      return getData.get(id, at)?.data ?? undefined;
    },
  };
}
