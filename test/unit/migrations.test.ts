// Numbered migrations (SPEC §9): applied in order, each once, each in its own transaction, so a
// failing one leaves the database as it was before it.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Db } from '../../src/db.js';

let dir: string;
let dirUrl: URL;
let db: Db;

function write(name: string, sql: string): void {
  fs.writeFileSync(path.join(dir, name), sql);
}

function tables(): string[] {
  return db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
}

function recorded(): { version: number; name: string }[] {
  return db.prepare('SELECT version, name FROM schema_migrations ORDER BY rowid').all() as { version: number; name: string }[];
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-migrations-'));
  dirUrl = pathToFileURL(`${dir}/`);
  db = new Database(':memory:');
  // Written out of order on purpose: the file names give the order.
  write('002-notes.sql', 'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);');
  write('001-people.sql', "CREATE TABLE people (login TEXT PRIMARY KEY);\nINSERT INTO people VALUES ('alice');");
  write('010-later.sql', 'ALTER TABLE notes ADD COLUMN author TEXT REFERENCES people (login);');
});

afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('migrate', () => {
  it('applies every file in order and records each', () => {
    expect(migrate(db, dirUrl)).toEqual(['001-people.sql', '002-notes.sql', '010-later.sql']);
    expect(recorded()).toEqual([
      { version: 1, name: '001-people.sql' },
      { version: 2, name: '002-notes.sql' },
      { version: 10, name: '010-later.sql' },
    ]);
    expect(tables()).toEqual(['notes', 'people', 'schema_migrations']);
    expect(db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('notes')).toEqual(['id', 'body', 'author']);
  });

  it('applies nothing the second time', () => {
    migrate(db, dirUrl);
    expect(migrate(db, dirUrl)).toEqual([]);
    expect(recorded()).toHaveLength(3);
    expect(db.prepare('SELECT COUNT(*) FROM people').pluck().get()).toBe(1);
  });

  it('applies only the files added since', () => {
    migrate(db, dirUrl);
    write('011-tags.sql', 'CREATE TABLE tags (name TEXT);');
    expect(migrate(db, dirUrl)).toEqual(['011-tags.sql']);
    expect(recorded().map((row) => row.version)).toEqual([1, 2, 10, 11]);
  });

  it.each(['README.md', '3-short.sql', '004_underscore.sql', '005-name.sql.bak', 'abc-letters.sql'])(
    'ignores %s',
    (name) => {
      write(name, 'THIS IS NOT SQL;');
      expect(migrate(db, dirUrl)).toEqual(['001-people.sql', '002-notes.sql', '010-later.sql']);
    },
  );

  it('rolls a failing migration back and stops there', () => {
    write('003-broken.sql', "CREATE TABLE half (x);\nINSERT INTO people VALUES ('bob');\nINSERT INTO missing_table VALUES (1);");
    expect(() => migrate(db, dirUrl)).toThrow(/missing_table/);
    expect(recorded().map((row) => row.version)).toEqual([1, 2]);
    expect(tables()).toEqual(['notes', 'people', 'schema_migrations']);
    expect(db.prepare('SELECT login FROM people').pluck().all()).toEqual(['alice']);
  });

  it('applies the rest once the broken migration is fixed', () => {
    write('003-broken.sql', 'INSERT INTO missing_table VALUES (1);');
    expect(() => migrate(db, dirUrl)).toThrow();
    write('003-broken.sql', 'CREATE TABLE fixed (x);');
    expect(migrate(db, dirUrl)).toEqual(['003-broken.sql', '010-later.sql']);
    expect(recorded().map((row) => row.version)).toEqual([1, 2, 3, 10]);
  });
});

describe("the project's own migrations", () => {
  it('are all applied by openDatabase, and nothing is left the second time', () => {
    const fresh = openDatabase(':memory:');
    const files = fs.readdirSync(new URL('../../migrations/', import.meta.url)).filter((name) => /^\d{3}-[\w-]+\.sql$/.test(name));
    expect(fresh.prepare('SELECT name FROM schema_migrations ORDER BY version').pluck().all()).toEqual(files.sort());
    expect(migrate(fresh)).toEqual([]);
    fresh.close();
  });
});

describe('006 gives a database made by the first 001 the pages layout of today', () => {
  it('rebuilds pages as a rowid table with the text last, keeping every row', () => {
    const project = new URL('../../migrations/', import.meta.url);
    const first = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-first-'));
    fs.copyFileSync(new URL('001-pages.sql', project), path.join(first, '001-pages.sql'));
    expect(migrate(db, pathToFileURL(`${first}/`))).toEqual(['001-pages.sql']);
    fs.rmSync(first, { recursive: true, force: true });
    db.prepare("INSERT INTO pages (id, rev, title, text, size, modified, author, ip) VALUES ('a', 2, 'A', 'text\n', 5, 1, 'ann', NULL)").run();
    expect(migrate(db)).toContain('006-pages-layout.sql');
    const sql = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'pages'").pluck().get() as string;
    expect(sql).not.toContain('WITHOUT ROWID');
    const columns = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('pages');
    expect(columns.at(-1)).toBe('text');
    expect(db.prepare('SELECT id, rev, title, text, author FROM pages').all()).toEqual([{ id: 'a', rev: 2, title: 'A', text: 'text\n', author: 'ann' }]);
  });
});

describe('shipped migrations are never edited', () => {
  const MIGRATIONS = new URL('../../migrations/', import.meta.url);
  // One line per migration, as `sha256sum` writes them: a new migration adds its line once it ships.
  const recordedSums = fs
    .readFileSync(new URL('../fixtures/migrations.sha256', import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(/\s+/))
    .map(([sum, name]) => [name!, sum!] as const);
  const files = fs.readdirSync(MIGRATIONS).filter((name) => /^\d{3}-[\w-]+\.sql$/.test(name)).sort();

  it('has a recorded checksum for every migration file, and a file for every recorded one', () => {
    expect(recordedSums.map(([name]) => name).sort()).toEqual(files);
  });

  it.each(recordedSums)('%s still has the content it shipped with', (name, sum) => {
    const content = fs.readFileSync(new URL(name, MIGRATIONS));
    expect(createHash('sha256').update(content).digest('hex')).toBe(sum);
  });
});
