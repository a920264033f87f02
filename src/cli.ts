#!/usr/bin/env node
// The command line (SPEC §9): serve, users, tokens, backup, DokuWiki import, export. Works while
// the server runs on the same data directory (SQLite in WAL mode with a busy timeout).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase, type Db } from './db.js';
import { importPages, ImportRefused } from './dokuwiki/import.js';
import { importMedia } from './dokuwiki/media.js';
import { checkDataDir, SourceError } from './dokuwiki/source.js';
import { exportWiki, ExportRefused } from './pages/export.js';
import { seedContent } from './site/seed.js';
import { createWiki } from './wiki.js';
import { createSearchIndex } from './finding/search-index.js';
import { createTokenStore } from './accounts/tokens.js';
import { createSessionStore } from './accounts/sessions.js';
import { LOGIN_PATTERN, normaliseLogin, parseGroups, PASSWORD_MIN, createUserStore } from './accounts/users.js';

const USAGE = `Usage: quire <command>

  serve                              start the wiki server
  user add LOGIN --password-stdin [--groups a,b] [--name N] [--email E]
  user passwd LOGIN --password-stdin set a user's password (ends their sessions)
  user disable LOGIN                 disable a user (ends their sessions)
  user enable LOGIN                  enable a disabled user
  user list                          list users
  token create LOGIN [--name NAME]   make an API token; prints it alone on the last line
  backup FILE                        online backup of the database to FILE
  reindex                            rebuild the search index from the current pages
  import-dokuwiki DIR [--force]      import a DokuWiki data/ directory: pages with their history, media
  export DIR [--force]               write every page as DIR/ns/page.md and media under DIR/_media/

The data directory is QUIRE_DATA (default ./data).`;

class UsageError extends Error {}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function passwordFromStdin(flag: boolean | undefined): Promise<string> {
  if (!flag) throw new UsageError('Give the password on standard input with --password-stdin.');
  const password = await readStdin();
  if (password.length < PASSWORD_MIN) throw new UsageError(`A password has at least ${PASSWORD_MIN} characters.`);
  return password;
}

function requireLogin(raw: string | undefined): string {
  const login = normaliseLogin(raw ?? '');
  if (!LOGIN_PATTERN.test(login)) throw new UsageError('Give a login: 1 to 64 characters of a-z, 0-9, ".", "_" or "-".');
  return login;
}

async function userCommand(db: Db, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'password-stdin': { type: 'boolean' },
      groups: { type: 'string' },
      name: { type: 'string' },
      email: { type: 'string' },
    },
  });
  const [action, rawLogin] = positionals;
  const users = createUserStore(db);
  const sessions = createSessionStore(db);
  if (action === 'list') {
    for (const user of users.all()) {
      console.log([user.login, user.name, user.email, user.groups.join(','), user.disabled ? 'disabled' : 'active'].join('\t'));
    }
    return;
  }
  const login = requireLogin(rawLogin);
  const existing = users.get(login);
  switch (action) {
    case 'add': {
      if (existing) throw new UsageError(`The user ${login} exists already.`);
      const groups = parseGroups(values.groups ?? '');
      if (groups === null) throw new UsageError('A group name has letters, digits, ".", "_" or "-"; separate groups with commas.');
      const password = await passwordFromStdin(values['password-stdin']);
      await users.create({ login, password, name: values.name ?? '', email: values.email ?? '', groups });
      console.log(`Added the user ${login}.`);
      return;
    }
    case 'passwd': {
      if (!existing) throw new UsageError(`There is no user ${login}.`);
      await users.setPassword(login, await passwordFromStdin(values['password-stdin']));
      sessions.endAllFor(login);
      console.log(`Changed the password of ${login}.`);
      return;
    }
    case 'disable':
    case 'enable': {
      if (!existing) throw new UsageError(`There is no user ${login}.`);
      users.setDisabled(login, action === 'disable');
      if (action === 'disable') sessions.endAllFor(login);
      console.log(`${action === 'disable' ? 'Disabled' : 'Enabled'} ${login}.`);
      return;
    }
    default:
      throw new UsageError(USAGE);
  }
}

function tokenCommand(db: Db, args: string[]): void {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { name: { type: 'string' } } });
  const [action, rawLogin] = positionals;
  if (action !== 'create') throw new UsageError(USAGE);
  const login = requireLogin(rawLogin);
  const user = createUserStore(db).get(login);
  if (!user) throw new UsageError(`There is no user ${login}.`);
  if (user.disabled) throw new UsageError(`The user ${login} is disabled.`);
  const token = createTokenStore(db).create(login, values.name ?? 'command line');
  console.log(`API token for ${login} (shown once; send it as "Authorization: Bearer TOKEN"):`);
  console.log(token);
}

async function backupCommand(db: Db, args: string[]): Promise<void> {
  const [file] = args;
  if (!file) throw new UsageError('Give the file to write the backup to.');
  if (fs.existsSync(file)) throw new UsageError(`${file} exists already; choose a new file.`);
  await db.backup(file, {
    progress: ({ totalPages, remainingPages }) => {
      process.stderr.write(`\rbackup: ${totalPages - remainingPages}/${totalPages} pages`);
      return 200;
    },
  });
  process.stderr.write('\n');
  console.log(`Backed up the database to ${file}.`);
}

const progressLine = (verb: string, what: string) => (done: number, total: number) =>
  process.stderr.write(`${verb} ${done} / ${total} ${what}\n`);

const seconds = (started: number) => ((performance.now() - started) / 1000).toFixed(1);

function importCommand(db: Db, args: string[]): void {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { force: { type: 'boolean' } } });
  const [dir] = positionals;
  if (!dir) throw new UsageError('Give the data/ directory of the DokuWiki to import: quire import-dokuwiki DIR');
  checkDataDir(dir);
  const started = performance.now();
  const wiki = createWiki(db);
  // The wiki a first start would make, so that the server's seeding later finds it done.
  seedContent(wiki);
  const pages = importPages(wiki, dir, { force: values.force ?? false, progress: progressLine('imported', 'pages') });
  for (const note of pages.notes) process.stderr.write(`note: ${note}\n`);
  if (pages.skipped > 0) process.stderr.write(`note: ${pages.skipped} revisions were already in the wiki or unchanged, and were skipped\n`);
  if (pages.missing > 0) process.stderr.write(`note: ${pages.missing} changelog entries had no text in the attic and were left out\n`);
  let media = 'no media/ folder';
  if (fs.existsSync(path.join(dir, 'media'))) {
    const result = importMedia(db, dir, progressLine('imported', 'media files'));
    for (const name of result.refused) process.stderr.write(`note: media/${name} left out: Quire does not accept its file type\n`);
    media = `${result.files} media files (${result.revisions} revisions)`;
  }
  console.log(
    `Imported ${pages.pages} pages (${pages.revisions} revisions, ${pages.deleted} deleted pages) and ${media} from ${dir} in ${seconds(started)} s.`,
  );
}

function exportCommand(db: Db, args: string[]): void {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { force: { type: 'boolean' } } });
  const [dir] = positionals;
  if (!dir) throw new UsageError('Give the directory to write the pages to: quire export DIR');
  const started = performance.now();
  const result = exportWiki(db, dir, { force: values.force ?? false, progress: progressLine('exported', 'pages') });
  console.log(`Exported ${result.pages} pages and ${result.media} media files to ${dir} in ${seconds(started)} s.`);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === 'serve') {
    await import('./server.js');
    return;
  }
  if (!command || command === 'help' || command === '--help') {
    console.log(USAGE);
    return;
  }
  const config = loadConfig(process.env);
  const db = openDatabase(config.dataDir);
  try {
    if (command === 'user') await userCommand(db, rest);
    else if (command === 'token') tokenCommand(db, rest);
    else if (command === 'backup') await backupCommand(db, rest);
    else if (command === 'import-dokuwiki') importCommand(db, rest);
    else if (command === 'export') exportCommand(db, rest);
    else if (command === 'reindex') console.log(`Indexed ${createSearchIndex(db).reindex()} pages.`);
    else throw new UsageError(USAGE);
  } finally {
    db.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const refused = [UsageError, ConfigError, SourceError, ImportRefused, ExportRefused];
  if (refused.some((type) => error instanceof type)) {
    console.error((error as Error).message);
    process.exit(2);
  }
  if (error instanceof Error && 'code' in error && error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
