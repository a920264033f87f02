// `quire export DIR`: the current text of every page as a Markdown tree (`ns/sub/page.md`, the
// id's parts as folders, as in its URL) and the current media files under `_media/` (a page id
// never starts with '_', so the two cannot meet).
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db.js';
import { createMediaStore } from '../media/store.js';
import { createPageStore } from './store.js';

export interface ExportSummary {
  pages: number;
  media: number;
}

export class ExportRefused extends Error {}

/** A directory we may write into: missing (made), or empty, or anything with `force`. */
export function checkExportDir(dir: string, force: boolean): void {
  if (!fs.existsSync(dir)) return;
  if (!fs.statSync(dir).isDirectory()) throw new ExportRefused(`${dir} is not a directory.`);
  if (!force && fs.readdirSync(dir).length > 0) {
    throw new ExportRefused(`${dir} is not empty; choose an empty directory, or add --force to write over its files.`);
  }
}

function write(file: string, data: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, data);
}

/** File of a page or media id below `root`: 'a:b:c' → root/a/b/c + ext. */
function fileOf(root: string, id: string, ext: string): string {
  return path.join(root, ...id.split(':')) + ext;
}

export function exportWiki(db: Db, dir: string, options: { force: boolean; progress?: (done: number, total: number) => void }): ExportSummary {
  checkExportDir(dir, options.force);
  const pages = createPageStore(db);
  const ids = pages.allIds();
  let written = 0;
  for (const id of ids) {
    const page = pages.get(id);
    if (!page) continue;
    write(fileOf(dir, id, '.md'), page.text);
    written++;
    if (options.progress && (written % 100 === 0 || written === ids.length)) options.progress(written, ids.length);
  }
  const media = createMediaStore(db);
  const mediaIds = ['', ...media.namespacesBelow('')].flatMap((ns) => media.list(ns).map((file) => file.id));
  let files = 0;
  for (const id of mediaIds) {
    const data = media.data(id);
    if (!data) continue;
    write(fileOf(path.join(dir, '_media'), id, ''), data);
    files++;
  }
  return { pages: written, media: files };
}
