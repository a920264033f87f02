// The database holds pages, accounts and password hashes (issue 13, Low): its files, SQLite's -wal
// and -shm, and a backup are readable by their owner only, even when made 0644 before.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db.js';
import { quire } from '../helpers/cli.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

describe('data files', () => {
  it('are created 0600, the WAL and shared-memory files too', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-modes-'));
    dirs.push(dir);
    const db = openDatabase(dir);
    db.exec('CREATE TABLE touch (x); INSERT INTO touch VALUES (1);');
    for (const name of ['quire.sqlite', 'quire.sqlite-wal', 'quire.sqlite-shm']) expect(modeOf(path.join(dir, name))).toBe(0o600);
    db.close();
  });

  it('are made 0600 when an older version left them 0644', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-modes-'));
    dirs.push(dir);
    openDatabase(dir).close();
    fs.chmodSync(path.join(dir, 'quire.sqlite'), 0o644);
    openDatabase(dir).close();
    expect(modeOf(path.join(dir, 'quire.sqlite'))).toBe(0o600);
  });

  it('include the backup the command line writes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-modes-'));
    dirs.push(dir);
    openDatabase(dir).close();
    const backup = path.join(dir, 'backup.sqlite');
    const result = await quire(dir, ['backup', backup]);
    expect(result.code).toBe(0);
    expect(modeOf(backup)).toBe(0o600);
    expect(fs.statSync(backup).size).toBeGreaterThan(4096);
  }, 60_000);
});
