// `quire export --format dokuwiki` (issue 12, item 5): the test DokuWiki imported, exported as a
// DokuWiki data directory, imported again into a new wiki: the same pages and revisions come back
// (dates, authors, summaries, types, and every revision rendering the same), with the media, users,
// ACL and interwiki map. The export is also checked as DokuWiki reads it (files, changelogs, gz attic).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findConfDir, importConf } from '../../src/dokuwiki/conf-import.js';
import { exportDokuwiki, type DokuwikiExportSummary } from '../../src/dokuwiki/export.js';
import { importPages } from '../../src/dokuwiki/import.js';
import { importMedia } from '../../src/dokuwiki/media.js';
import { parseChangelog } from '../../src/dokuwiki/source.js';
import { idToPath } from '../../src/pages/page-id.js';
import { createRenderer } from '../../src/render/index.js';
import { createWiki, type Wiki } from '../../src/wiki.js';
import { quire } from '../helpers/cli.js';
import { createTestWiki, type TestWiki } from '../helpers/wiki.js';

const FIXTURE = new URL('../fixtures/dokuwiki-data/', import.meta.url).pathname;
const SLOW = 60_000;

function importInto(target: Wiki, db: TestWiki['db'], dir: string): void {
  const conf = importConf(target, findConfDir(dir), { users: true, acl: true });
  importPages(target, dir, {
    force: true,
    includeStock: true,
    convert: { useslash: conf.settings?.useslash ?? false, interwiki: target.interwiki.map(), keepInterwiki: true },
  });
  importMedia(db, dir);
}

let first: TestWiki;
let second: TestWiki;
let out: string;
let summary: DokuwikiExportSummary;

beforeAll(async () => {
  first = await createTestWiki({}, { policy: 'public' });
  second = await createTestWiki({}, { policy: 'public' });
  const source = createWiki(first.db);
  importInto(source, first.db, FIXTURE);
  // Quire-made history too: an edit, a minor edit, a revert and a deleted page.
  const save = (id: string, text: string, extra: { minor?: boolean; type?: 'revert'; modified: number }) =>
    source.editing.save({ id, text, baseRev: source.pages.meta(id)?.rev ?? null, summary: `saved ${extra.modified}`, author: 'admin', ip: '127.0.0.1', minor: extra.minor ?? false, type: extra.type, modified: extra.modified });
  save('quire:made', '# Made in Quire\n\nH~2~O, **Note:**&#116;ext, [[wp>Paris]] and {{wiki:logo.png?20|logo}}.\n', { modified: 1_800_000_000_000 });
  save('quire:made', '# Made in Quire\n\nSecond version.\n', { modified: 1_800_000_001_000, minor: true });
  save('quire:made', '# Made in Quire\n\nH~2~O, **Note:**&#116;ext, [[wp>Paris]] and {{wiki:logo.png?20|logo}}.\n', { modified: 1_800_000_002_000, type: 'revert' });
  save('quire:gone', 'Soon deleted\n', { modified: 1_800_000_003_000 });
  save('quire:gone', '', { modified: 1_800_000_004_000 });
  out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'quire-dw-export-')), 'data');
  summary = exportDokuwiki({ ...source, passwordHash: (login) => source.users.passwordHash(login) }, out, { force: false });
  importInto(createWiki(second.db), second.db, out);
}, SLOW);

afterAll(async () => {
  await first.close();
  await second.close();
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
});

describe('the DokuWiki data directory written', () => {
  it('has pages in DokuWiki syntax, gz attic, changelogs, media with media_attic, and conf/', () => {
    expect(summary.pages).toBeGreaterThan(10);
    const made = fs.readFileSync(path.join(out, 'pages/quire/made.txt'), 'utf8');
    expect(made).toContain('====== Made in Quire ======');
    expect(made).toContain('H<sub>2</sub>O, **Note:**text, [[wp>Paris]]');
    const log = parseChangelog(fs.readFileSync(path.join(out, 'meta/quire/made.changes'), 'utf8'));
    expect(log.map((entry) => [entry.date, entry.type, entry.user])).toEqual([
      [1_800_000_000, 'C', 'admin'],
      [1_800_000_001, 'e', 'admin'],
      [1_800_000_002, 'R', 'admin'],
    ]);
    const attic = zlib.gunzipSync(fs.readFileSync(path.join(out, 'attic/quire/made.1800000001.txt.gz'))).toString('utf8');
    expect(attic).toContain('Second version.');
    expect(fs.statSync(path.join(out, 'pages/quire/made.txt')).mtimeMs).toBe(1_800_000_002_000);
    expect(fs.existsSync(path.join(out, 'pages/quire/gone.txt'))).toBe(false);
    expect(fs.readFileSync(path.join(out, 'meta/quire/gone.changes'), 'utf8')).toMatch(/\tD\tquire:gone\t/);
    expect(fs.readFileSync(path.join(out, 'meta/_dokuwiki.changes'), 'utf8').split('\n').length).toBeGreaterThan(20);
    expect(fs.existsSync(path.join(out, 'media/wiki/logo.png'))).toBe(true);
    expect(fs.readdirSync(path.join(out, 'media_attic/wiki'))).toEqual([expect.stringMatching(/^logo\.\d{10}\.png$/)]);
    expect(fs.readFileSync(path.join(out, 'conf/users.auth.php'), 'utf8')).toMatch(/^jean:\$1\$QcjAmf81\$[^:]+:Jean Dupont:jean@example\.org:rédaction,user$/m);
    expect(fs.readFileSync(path.join(out, 'conf/acl.auth.php'), 'utf8')).toContain('user:%USER%:*\t%USER%\t16');
    expect(fs.readFileSync(path.join(out, 'conf/local.php'), 'utf8')).toContain("$conf['title'] = 'Rédaction Elsenews';");
  });
});

describe('importing the export', () => {
  const renderer = createRenderer();
  const html = (text: string, id: string) =>
    renderer.render(text, { pageId: id, startPage: 'start', exists: () => true, linkState: () => 'exists', pageUrl: idToPath, interwiki: (s, r) => `${s}>${r}` }).html;

  it('gives back the same pages', () => {
    const before = createWiki(first.db).pages;
    const after = createWiki(second.db).pages;
    expect(after.allIds()).toEqual(before.allIds());
  });

  it('gives back every revision: date, author, IP, summary, type, and text rendering the same', () => {
    const before = createWiki(first.db).pages;
    const after = createWiki(second.db).pages;
    for (const id of before.idsWithHistory()) {
      const revisions = before.revisions(id, 0, 100);
      const again = after.revisions(id, 0, 100);
      const shape = (list: typeof revisions) => list.map((r) => ({ modified: r.modified, author: r.author, ip: r.ip, summary: r.summary, type: r.type, minor: r.minor }));
      // The seeded pages are the wiki's own in both: only their DokuWiki history must match.
      if (id === 'start' || id === 'wiki:syntax') continue;
      expect({ id, revisions: shape(again) }).toEqual({ id, revisions: shape(revisions) });
      for (const revision of revisions) {
        if (revision.type === 'delete') continue;
        const text = before.revision(id, revision.rev)!.text;
        const back = after.revision(id, again.find((r) => r.modified === revision.modified)!.rev)!.text;
        expect({ id, rev: revision.rev, html: html(back, id) }).toEqual({ id, rev: revision.rev, html: html(text, id) });
      }
    }
  });

  it('brings back the media, users, ACL and interwiki map', () => {
    const target = createWiki(second.db);
    expect(target.media.revisions('wiki:logo.png')).toHaveLength(2);
    expect(target.users.get('marie.curie')).toMatchObject({ name: 'Marie Curie', groups: ['labo_physique'] });
    expect(target.acl.rules()).toEqual(createWiki(first.db).acl.rules());
    expect(target.interwiki.map().get('ticket')).toBe('https://tracker.example.org/issue/{NAME}');
  });

  it('from the command line', async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'quire-dw-cli-')), 'data');
    try {
      const run = await quire(first.dir, ['export', dir, '--format', 'dokuwiki']);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Exported \d+ pages \(\d+ revisions\) and 1 media files to .+ as a DokuWiki data directory/);
      expect(fs.existsSync(path.join(dir, 'pages/quire/made.txt'))).toBe(true);
      expect((await quire(first.dir, ['export', dir, '--format', 'pdf'])).code).toBe(2);
    } finally {
      fs.rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  }, SLOW);
});
