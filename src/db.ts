// Opens the SQLite database with the settings every connection needs and applies migrations.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

const MIGRATIONS_DIR = new URL('../migrations/', import.meta.url);

/** Pages, accounts and password hashes: readable by the server's own user only. */
export const DATA_FILE_MODE = 0o600;
const DATA_DIR_MODE = 0o700;

/**
 * The database file and SQLite's -wal and -shm beside it, made (or made again) readable by their
 * owner only. SQLite gives its -wal and -shm files the mode of the database file.
 */
function restrictDataFiles(file: string): void {
  if (!fs.existsSync(file)) fs.closeSync(fs.openSync(file, 'a', DATA_FILE_MODE));
  for (const each of [file, `${file}-wal`, `${file}-shm`]) {
    if (fs.existsSync(each) && (fs.statSync(each).mode & 0o777) !== DATA_FILE_MODE) fs.chmodSync(each, DATA_FILE_MODE);
  }
}

/** Opens (creating if needed) the database file in `dataDir`, or an in-memory one for ':memory:'. */
export function openDatabase(dataDir: string): Db {
  let file = ':memory:';
  if (dataDir !== ':memory:') {
    fs.mkdirSync(dataDir, { recursive: true, mode: DATA_DIR_MODE });
    file = path.join(dataDir, 'quire.sqlite');
    restrictDataFiles(file);
  }
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

/** Applies each numbered migrations/NNN-*.sql not yet applied, in order, each in its own transaction. */
export function migrate(db: Db, dir: URL = MIGRATIONS_DIR): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const done = new Set(
    db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[],
  );
  const files = fs
    .readdirSync(dir)
    .filter((name) => /^\d{3}-[\w-]+\.sql$/.test(name))
    .sort();
  const applied: string[] = [];
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const name of files) {
    const version = Number(name.slice(0, 3));
    if (done.has(version)) continue;
    const sql = fs.readFileSync(new URL(name, dir), 'utf8');
    db.transaction(() => {
      db.exec(sql);
      record.run(version, name, Date.now());
    })();
    applied.push(name);
  }
  return applied;
}
