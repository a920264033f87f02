// `quire export --format dokuwiki DIR`: a DokuWiki data directory DokuWiki can serve (pages/ in
// DokuWiki syntax, attic/*.txt.gz with every revision, meta/*.changes, media/, media_attic/,
// media_meta/) and, in DIR/conf/, the users, ACL, interwiki map and settings as DokuWiki's files.
// Importing it again gives back the same pages and revisions (docs/dokuwiki-import.md).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { AclStore } from '../access/acl-store.js';
import type { UserStore } from '../accounts/users.js';
import type { MediaStore } from '../media/store.js';
import { checkExportDir } from '../pages/export.js';
import type { PageStore, Revision, RevisionType } from '../pages/store.js';
import type { InterwikiStore } from '../site/interwiki.js';
import type { SettingsStore } from '../site/settings.js';
import { markdownToDokuwiki } from './to-dokuwiki.js';

export interface DokuwikiExportDeps {
  pages: PageStore;
  media: MediaStore;
  users: UserStore;
  acl: AclStore;
  interwiki: InterwikiStore;
  settings: SettingsStore;
  /** Account password hashes, by login (argon2id, which DokuWiki verifies with PHP's password_verify). */
  passwordHash: (login: string) => string | null;
}

export interface DokuwikiExportSummary {
  pages: number;
  revisions: number;
  media: number;
  /** Revisions moved a second later so that each has its own DokuWiki timestamp. */
  shifted: number;
}

const CHANGE_TYPE: Readonly<Record<RevisionType, string>> = { create: 'C', edit: 'E', minor: 'e', delete: 'D', revert: 'R', import: 'E', rename: 'E' };

/** DokuWiki's file name of an id (utf8_encodeFN): parts as folders, non-ASCII URL-encoded. */
function fileOf(root: string, id: string, suffix: string): string {
  return path.join(root, ...id.split(':').map((part) => (/^[a-zA-Z0-9_.-]+$/.test(part) ? part : encodeURIComponent(part)))) + suffix;
}

function write(file: string, data: string | Buffer, seconds?: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, data);
  // DokuWiki takes a page file's time as its current revision's date.
  if (seconds !== undefined) fs.utimesSync(file, seconds, seconds);
}

const field = (text: string | null) => (text ?? '').replace(/[\t\r\n]+/g, ' ');

function changeLine(date: number, revision: Pick<Revision, 'ip' | 'author' | 'summary'>, type: string, id: string, sizeChange: number): string {
  const external = revision.author === null && type === 'E' && revision.summary === 'external edit';
  return [date, field(revision.ip), type, id, field(revision.author), field(revision.summary), external ? 'external' : '', sizeChange].join('\t');
}

/** Unix seconds, each revision strictly after the one before (DokuWiki names revisions by their second). */
function datesOf(modified: readonly number[]): { dates: number[]; shifted: number } {
  let last = -Infinity;
  let shifted = 0;
  const dates = modified.map((ms) => {
    let date = Math.floor(ms / 1000);
    if (date <= last) {
      date = last + 1;
      shifted++;
    }
    last = date;
    return date;
  });
  return { dates, shifted };
}

function exportPages(deps: DokuwikiExportDeps, dir: string, summary: DokuwikiExportSummary, global: string[]): void {
  for (const id of deps.pages.idsWithHistory()) {
    const revisions = deps.pages.revisions(id, 0, Math.max(1, deps.pages.countRevisions(id))).reverse();
    const { dates, shifted } = datesOf(revisions.map((revision) => revision.modified));
    summary.shifted += shifted;
    const lines: string[] = [];
    let previous = '';
    const current: { text: string | null; date: number } = { text: null, date: 0 };
    revisions.forEach((revision, i) => {
      const date = dates[i]!;
      if (revision.type === 'delete') {
        lines.push(changeLine(date, revision, 'D', id, -Buffer.byteLength(previous)));
        previous = '';
        current.text = null;
        return;
      }
      const text = markdownToDokuwiki(deps.pages.revision(id, revision.rev)?.text ?? '', id);
      write(fileOf(path.join(dir, 'attic'), id, `.${date}.txt.gz`), zlib.gzipSync(text));
      // A change made outside the wiki stays one (E, no user, "external edit"), even as a first revision.
      const type = revision.type !== 'import' && (i === 0 || previous === '') ? 'C' : CHANGE_TYPE[revision.type];
      lines.push(changeLine(date, revision, revision.minor ? 'e' : type, id, Buffer.byteLength(text) - Buffer.byteLength(previous)));
      previous = text;
      current.text = text;
      current.date = date;
      summary.revisions++;
    });
    write(fileOf(path.join(dir, 'meta'), id, '.changes'), `${lines.join('\n')}\n`);
    global.push(...lines);
    if (current.text !== null && deps.pages.exists(id)) {
      write(fileOf(path.join(dir, 'pages'), id, '.txt'), current.text, current.date);
      summary.pages++;
    }
  }
}

function mediaIds(media: MediaStore): string[] {
  return ['', ...media.namespacesBelow('')].flatMap((ns) => media.list(ns).map((file) => file.id));
}

function exportMedia(media: MediaStore, dir: string, summary: DokuwikiExportSummary, global: string[]): void {
  for (const id of mediaIds(media)) {
    const revisions = media.revisions(id).reverse();
    const { dates } = datesOf(revisions.map((revision) => revision.modified));
    const dot = id.lastIndexOf('.');
    const lines: string[] = [];
    let previousSize = 0;
    revisions.forEach((revision, i) => {
      const date = dates[i]!;
      const type = revision.kind === 'delete' ? 'D' : revision.kind === 'create' ? 'C' : 'E';
      lines.push(changeLine(date, revision, type, id, revision.size - previousSize));
      previousSize = revision.size;
      const data = revision.kind === 'delete' ? undefined : media.data(id, revision.rev);
      if (!data) return;
      // Older versions go to media_attic as NAME.DATE.ext; the newest is the file itself.
      if (i < revisions.length - 1) write(fileOf(path.join(dir, 'media_attic'), `${id.slice(0, dot)}.${date}${id.slice(dot)}`, ''), data);
      else write(fileOf(path.join(dir, 'media'), id, ''), data, date);
    });
    write(fileOf(path.join(dir, 'media_meta'), id, '.changes'), `${lines.join('\n')}\n`);
    global.push(...lines);
    summary.media++;
  }
}

// DokuWiki writes `:` as `\:` and `\` as `\\` in users.auth.php, names URL-encoded in acl.auth.php.
const userField = (text: string) => text.replace(/\\/g, '\\\\').replace(/:/g, '\\:');
const aclName = (name: string) => (/^%(USER|GROUP)%$/.test(name) ? name : name.replace(/[\s%#'"]/g, (ch) => encodeURIComponent(ch)));
const phpString = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function exportConf(deps: DokuwikiExportDeps, dir: string): void {
  const conf = path.join(dir, 'conf');
  const site = deps.settings.site();
  write(
    path.join(conf, 'local.php'),
    [
      '<?php',
      '// Written by `quire export --format dokuwiki`: copy into DokuWiki\'s conf/ directory.',
      `$conf['title'] = ${phpString(site.title)};`,
      `$conf['lang'] = ${phpString(site.lang)};`,
      `$conf['start'] = ${phpString(site.start)};`,
      // Links written in Quire read '/' as ':' (SPEC §2).
      "$conf['useslash'] = 1;",
      "$conf['useacl'] = 1;",
      "$conf['superuser'] = '@admin';",
      '',
    ].join('\n'),
  );
  const users = deps.users.all().map((user) => {
    const groups = [...new Set([...user.groups, 'user'])];
    return [user.login, deps.passwordHash(user.login) ?? '', user.name, user.email, groups.join(',')].map(userField).join(':');
  });
  write(path.join(conf, 'users.auth.php'), ['# users.auth.php', '# <?php exit()?>', "# Don't modify the lines above", '#', '# login:passwordhash:Real Name:email:groups,comma,separated', '', ...users, ''].join('\n'));
  const rules = deps.acl.rules().map((rule) => `${rule.scope}\t${rule.subject.startsWith('@') ? `@${aclName(rule.subject.slice(1))}` : aclName(rule.subject)}\t${rule.level}`);
  write(path.join(conf, 'acl.auth.php'), ['# acl.auth.php', '# <?php exit()?>', "# Don't modify the lines above", '', ...rules, ''].join('\n'));
  const interwiki = [...deps.interwiki.map()].map(([name, url]) => `${name}\t${url.replace(/&/g, '&amp;')}`);
  write(path.join(conf, 'interwiki.local.conf'), ['# Interwiki shortcuts of the Quire wiki', ...interwiki, ''].join('\n'));
}

export function exportDokuwiki(deps: DokuwikiExportDeps, dir: string, options: { force: boolean }): DokuwikiExportSummary {
  checkExportDir(dir, options.force);
  const summary: DokuwikiExportSummary = { pages: 0, revisions: 0, media: 0, shifted: 0 };
  const pageLog: string[] = [];
  exportPages(deps, dir, summary, pageLog);
  const sortByDate = (lines: string[]) => lines.sort((a, b) => Number(a.split('\t')[0]) - Number(b.split('\t')[0]));
  write(path.join(dir, 'meta', '_dokuwiki.changes'), pageLog.length === 0 ? '' : `${sortByDate(pageLog).join('\n')}\n`);
  const mediaLog: string[] = [];
  exportMedia(deps.media, dir, summary, mediaLog);
  write(path.join(dir, 'media_meta', '_media.changes'), mediaLog.length === 0 ? '' : `${sortByDate(mediaLog).join('\n')}\n`);
  exportConf(deps, dir);
  return summary;
}
