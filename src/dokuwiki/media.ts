// The media half of `quire import-dokuwiki`: every file of media/ with its older revisions from
// media_attic/ (NAME.DATE.ext) and their changelog (media_meta/NAME.ext.changes), saved through
// the media store in date order. Files that exist only in the attic (deleted media) are left out;
// versions no newer than what the store holds are skipped, so a second run adds nothing.
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db.js';
import { isMediaId } from '../media/media-id.js';
import { createMediaStore } from '../media/store.js';
import { MAX_MEDIA_BYTES } from '../limits.js';
import { readInside } from './source-files.js';
import { idOfPath, listFiles, parseChangelog, type ChangeEntry } from './source.js';

export interface MediaImportSummary {
  files: number;
  revisions: number;
  /** Files whose name Quire does not accept as media (unknown extension). */
  refused: string[];
}

/** The largest media changelog read. */
const MAX_CHANGELOG_BYTES = 32 * 1024 * 1024;

interface MediaVersion {
  modified: number;
  data: Buffer;
  entry: ChangeEntry | null;
}

/** Older revisions of `media/REL` in media_attic/: REL with `.DATE` before its extension. */
function atticVersions(dir: string, relative: string): Map<number, string> {
  const folder = path.join(dir, 'media_attic', path.dirname(relative));
  const ext = path.extname(relative);
  const stem = path.basename(relative, ext);
  const found = new Map<number, string>();
  if (!fs.existsSync(folder)) return found;
  for (const name of fs.readdirSync(folder)) {
    if (!name.startsWith(`${stem}.`) || !name.endsWith(ext)) continue;
    const date = name.slice(stem.length + 1, name.length - ext.length);
    if (/^\d+$/.test(date)) found.set(Number(date), path.join(folder, name));
  }
  return found;
}

// Every file is read inside the data directory only, and no larger than an upload may be.
function versionsOf(dir: string, relative: string): MediaVersion[] {
  const currentFile = path.join(dir, 'media', relative);
  const read = (file: string) => readInside(dir, file, MAX_MEDIA_BYTES);
  const current = read(currentFile);
  if (current === null) return [];
  const attic = atticVersions(dir, relative);
  const changes = path.join(dir, 'media_meta', `${relative}.changes`);
  const log = fs.existsSync(changes) ? readInside(dir, changes, MAX_CHANGELOG_BYTES) : null;
  const entries = log ? parseChangelog(log.toString('utf8')).filter((e) => e.type !== 'D') : [];
  const versions: MediaVersion[] = [];
  if (entries.length > 0) {
    entries.forEach((entry, index) => {
      const file = attic.get(entry.date);
      const data = file ? read(file) : index === entries.length - 1 ? current : null;
      if (data) versions.push({ modified: entry.date * 1000, data, entry });
    });
  } else {
    for (const [date, file] of [...attic].sort((a, b) => a[0] - b[0])) {
      const data = read(file);
      if (data) versions.push({ modified: date * 1000, data, entry: null });
    }
  }
  const last = versions.at(-1);
  if (!last || !last.data.equals(current)) {
    const mtime = Math.floor(fs.statSync(currentFile).mtimeMs / 1000) * 1000;
    versions.push({ modified: Math.max(mtime, (last?.modified ?? 0) + 1000), data: current, entry: null });
  }
  return versions;
}

export function importMedia(db: Db, dir: string, progress?: (done: number, total: number) => void): MediaImportSummary {
  const store = createMediaStore(db);
  const summary: MediaImportSummary = { files: 0, revisions: 0, refused: [] };
  const files = listFiles(path.join(dir, 'media'), '');
  files.forEach((relative, index) => {
    const id = idOfPath(relative, '');
    if (!isMediaId(id)) {
      summary.refused.push(relative);
      return;
    }
    // As for pages: versions up to the newest one already stored were imported before.
    const after = store.revisions(id)[0]?.modified ?? -Infinity;
    let saved = 0;
    for (const version of versionsOf(dir, relative)) {
      const { entry } = version;
      if (version.modified <= after) continue;
      store.save({
        id,
        data: version.data,
        author: entry && entry.user !== '' ? entry.user : null,
        ip: entry && entry.ip !== '' ? entry.ip : null,
        summary: entry?.summary ?? 'external edit',
        modified: version.modified,
      });
      saved++;
    }
    summary.revisions += saved;
    if (saved > 0) summary.files++;
    if (progress && ((index + 1) % 100 === 0 || index + 1 === files.length)) progress(index + 1, files.length);
  });
  return summary;
}
