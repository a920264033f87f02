// Summaries the system writes (issue 13): stored as a kind with parameters, shown in the reader's
// language; the migration recognises the ones written before, in English or French.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/db.js';
import { localeFor } from '../../src/i18n/index.js';
import { createPageStore } from '../../src/pages/store.js';
import { readSummary, storedSummary, summaryFor, type SystemSummary } from '../../src/pages/summaries.js';

const en = localeFor('en').t;
const fr = localeFor('fr').t;

describe('system summaries', () => {
  it.each<[SystemSummary, string, string]>([
    [{ kind: 'restored', rev: 2 }, 'Restored revision 2', 'Révision 2 restaurée'],
    [{ kind: 'renamed', from: 'old:name' }, 'renamed from old:name', 'renommée depuis old:name'],
    [{ kind: 'relinked', from: 'a', to: 'b' }, 'link update after rename', 'mise à jour des liens après renommage'],
  ])('%j reads "%s" in English and "%s" in French', (system, english, french) => {
    const { kind, params } = storedSummary(system);
    const read = readSummary(kind, params);
    expect(read).toEqual(system);
    expect(summaryFor({ summary: 'whatever was stored', system: read }, en)).toBe(english);
    expect(summaryFor({ summary: 'whatever was stored', system: read }, fr)).toBe(french);
  });

  it.each([
    [null, null],
    ['restored', '{"rev":"two"}'],
    ['unknown', '{}'],
    ['renamed', 'not json'],
  ])('shows the stored text for %s %s', (kind, params) => {
    expect(readSummary(kind, params)).toBeNull();
    expect(summaryFor({ summary: 'as written', system: readSummary(kind, params) }, en)).toBe('as written');
  });
});

describe('the migration', () => {
  it('recognises the summaries written before it, in English and French', () => {
    const before = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-summaries-'));
    const migrations = new URL('../../migrations/', import.meta.url);
    for (const name of fs.readdirSync(migrations).filter((file) => /^00[1-6]-/.test(file))) fs.copyFileSync(new URL(name, migrations), path.join(before, name));
    const db = new Database(':memory:');
    try {
      migrate(db, pathToFileURL(`${before}/`));
      const insert = db.prepare("INSERT INTO revisions (page_id, rev, modified, summary, minor, type, size, size_delta, text) VALUES ('p', ?, 0, ?, 0, ?, 1, 1, 'x')");
      insert.run(1, 'first words', 'create');
      insert.run(2, 'Restored revision 1', 'revert');
      insert.run(3, 'Révision 12 restaurée', 'revert');
      insert.run(4, 'renamed from team:old', 'rename');
      insert.run(5, 'renommée depuis équipe:vieux', 'rename');
      insert.run(6, 'mise à jour des liens après renommage', 'minor');
      insert.run(7, 'Restored revision 1 by hand', 'edit');
      expect(migrate(db)).toContain('007-hardening.sql');
      const systems = createPageStore(db).revisions('p', 0, 10).reverse().map((revision) => revision.system);
      expect(systems).toEqual([
        null,
        { kind: 'restored', rev: 1 },
        { kind: 'restored', rev: 12 },
        { kind: 'renamed', from: 'team:old' },
        { kind: 'renamed', from: 'équipe:vieux' },
        { kind: 'relinked', from: '', to: '' },
        null,
      ]);
    } finally {
      db.close();
      fs.rmSync(before, { recursive: true, force: true });
    }
  });
});
