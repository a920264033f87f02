// Reading a DokuWiki `data/` directory: the page files, their changelogs (meta/*.changes) and the
// attic of old revisions, turned into one history per page in date order. Only file I/O and
// parsing here; converting and saving is import.ts's job.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { z } from 'zod';
import { cleanId } from '../pages/page-id.js';

/** A DokuWiki changelog type: create, edit, minor edit, delete, revert. */
export type ChangeType = 'C' | 'E' | 'e' | 'D' | 'R';

export interface ChangeEntry {
  /** Unix time in seconds, as DokuWiki writes it. */
  date: number;
  ip: string;
  type: ChangeType;
  user: string;
  summary: string;
}

/** One revision to import; `text` is DokuWiki source, '' for a deletion. */
export interface SourceRevision {
  /** Milliseconds since the epoch. */
  modified: number;
  type: ChangeType | 'external';
  author: string | null;
  ip: string | null;
  summary: string;
  text: string;
}

export interface SourcePage {
  id: string;
  /** pages/…/NAME.txt, when the page exists now. */
  currentFile: string | null;
  /** meta/…/NAME.changes, when DokuWiki kept a changelog. */
  changesFile: string | null;
  /** attic/…/NAME, the prefix of its old revisions (NAME.DATE.txt.gz). */
  atticPrefix: string;
}

export class SourceError extends Error {}

const changeLine = z.tuple([
  z.string().regex(/^\d+$/).transform(Number),
  z.string(),
  z.enum(['C', 'E', 'e', 'D', 'R']),
  z.string(),
  z.string(),
  z.string(),
]);

/** Parses a `.changes` file; lines DokuWiki would not have written are left out. */
export function parseChangelog(content: string): ChangeEntry[] {
  const entries: ChangeEntry[] = [];
  for (const line of content.split('\n')) {
    const parsed = changeLine.safeParse(line.split('\t').slice(0, 6));
    if (!parsed.success) continue;
    const [date, ip, type, , user, summary] = parsed.data;
    entries.push({ date, ip, type, user, summary });
  }
  return entries.sort((a, b) => a.date - b.date);
}

/** The DokuWiki data directory, checked: it must hold pages/ (meta/ and attic/ are optional). */
export function checkDataDir(dir: string): void {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new SourceError(`${dir} is not a directory.`);
  if (!fs.existsSync(path.join(dir, 'pages'))) {
    throw new SourceError(`${dir} is not a DokuWiki data directory: it has no pages/ folder. Give the data/ directory of the DokuWiki.`);
  }
}

/** Files below `root` whose name ends with `suffix`, as paths relative to `root`, sorted. */
export function listFiles(root: string, suffix: string): string[] {
  if (!fs.existsSync(root)) return [];
  const found: string[] = [];
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(root, relative), { withFileTypes: true })) {
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile() && entry.name.endsWith(suffix)) found.push(child);
    }
  };
  walk('');
  return found.sort();
}

/** DokuWiki stores ids as paths, each part URL-encoded when it is not ASCII (fnencode 'url'). */
export function idOfPath(relative: string, suffix: string): string {
  const parts = (suffix === '' ? relative : relative.slice(0, -suffix.length)).split('/');
  return cleanId(
    parts
      .map((part) => {
        try {
          return decodeURIComponent(part);
        } catch {
          return part;
        }
      })
      .join(':'),
  );
}

/** Every page that exists now or has a changelog, sorted by id. */
export function listPages(dir: string): SourcePage[] {
  const pages = new Map<string, SourcePage>();
  const entry = (relative: string, suffix: string): SourcePage | null => {
    const id = idOfPath(relative, suffix);
    if (id === '') return null;
    let page = pages.get(id);
    if (!page) {
      page = { id, currentFile: null, changesFile: null, atticPrefix: path.join(dir, 'attic', relative.slice(0, -suffix.length)) };
      pages.set(id, page);
    }
    return page;
  };
  for (const relative of listFiles(path.join(dir, 'pages'), '.txt')) {
    const page = entry(relative, '.txt');
    if (page) page.currentFile = path.join(dir, 'pages', relative);
  }
  for (const relative of listFiles(path.join(dir, 'meta'), '.changes')) {
    // meta/_dokuwiki.changes (and _media.changes) are the wiki-wide logs, not a page's.
    if (!relative.includes('/') && relative.startsWith('_')) continue;
    const page = entry(relative, '.changes');
    if (page) page.changesFile = path.join(dir, 'meta', relative);
  }
  return [...pages.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The text of the revision saved at `date` from the attic, or null if the attic lacks it. */
export function readAttic(prefix: string, date: number): string | null {
  const gz = `${prefix}.${date}.txt.gz`;
  if (fs.existsSync(gz)) return zlib.gunzipSync(fs.readFileSync(gz)).toString('utf8');
  const plain = `${prefix}.${date}.txt`;
  if (fs.existsSync(plain)) return fs.readFileSync(plain, 'utf8');
  return null;
}

const sameText = (a: string, b: string) => a.replace(/\s+$/, '') === b.replace(/\s+$/, '');

export interface PageHistory {
  revisions: SourceRevision[];
  /** Changelog entries whose text the attic does not hold (bz2 attic, pruned attic). */
  missing: number;
}

/**
 * The history of one page in date order: each changelog entry with its text from the attic
 * (the current file for the newest), then an "external edit" when the current file differs
 * from the last logged revision (or when there is no changelog at all), or a deletion when
 * the file is gone but the log does not say so.
 */
export function historyOf(page: SourcePage): PageHistory {
  const entries = page.changesFile ? parseChangelog(fs.readFileSync(page.changesFile, 'utf8')) : [];
  const current = page.currentFile ? fs.readFileSync(page.currentFile, 'utf8') : null;
  const revisions: SourceRevision[] = [];
  let missing = 0;
  entries.forEach((entry, index) => {
    const base = {
      modified: entry.date * 1000,
      type: entry.type,
      author: entry.user === '' ? null : entry.user,
      ip: entry.ip === '' ? null : entry.ip,
      summary: entry.summary,
    };
    if (entry.type === 'D') {
      revisions.push({ text: '', ...base });
      return;
    }
    const isLast = index === entries.length - 1;
    const text = readAttic(page.atticPrefix, entry.date) ?? (isLast ? current : null);
    if (text === null) missing++;
    else revisions.push({ text, ...base });
  });
  const last = revisions.at(-1);
  if (current !== null && (!last || !sameText(last.text, current))) {
    const mtime = fs.statSync(page.currentFile!).mtimeMs;
    const modified = Math.max(Math.floor(mtime / 1000) * 1000, (last?.modified ?? 0) + 1000);
    revisions.push({ modified, type: 'external', author: null, ip: null, summary: 'external edit', text: current });
  } else if (current === null && last && last.type !== 'D') {
    revisions.push({ modified: last.modified + 1000, type: 'D', author: null, ip: null, summary: 'deleted outside the wiki', text: '' });
  }
  return { revisions, missing };
}
