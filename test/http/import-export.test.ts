// `quire import-dokuwiki` and `quire export` (SPEC §9): the DokuWiki fixture (a test-sized data/
// directory that DokuWiki itself wrote, in test/fixtures/dokuwiki-data) imported once into a
// test wiki and checked through the stores and the app; a small synthetic data directory for
// deletions, revision types and media; the command line itself for output and exit codes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPages, ImportRefused } from '../../src/dokuwiki/import.js';
import { importMedia } from '../../src/dokuwiki/media.js';
import { exportWiki, ExportRefused } from '../../src/pages/export.js';
import { createMediaStore } from '../../src/media/store.js';
import { createWiki } from '../../src/wiki.js';
import { quire } from '../helpers/cli.js';
import { Client, createTestWiki, type TestWiki } from '../helpers/wiki.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/dokuwiki-data/', import.meta.url));
const ARTICLE = 'elsenews:spot-2025:06:chief-ai-officer';
const temporary: string[] = [];

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

/** The fixture's data/ directory (only ever read). */
async function fixture(): Promise<string> {
  return FIXTURE;
}

afterAll(() => {
  for (const dir of temporary) fs.rmSync(dir, { recursive: true, force: true });
});

describe('importing the DokuWiki fixture', () => {
  let wiki: TestWiki;
  let progress: Array<[number, number]>;
  let summary: ReturnType<typeof importPages>;
  beforeAll(async () => {
    wiki = await createTestWiki();
    progress = [];
    summary = importPages(createWiki(wiki.db), await fixture(), { force: false, progress: (done, total) => progress.push([done, total]) });
  });
  afterAll(async () => wiki.close());
  const store = () => createWiki(wiki.db).pages;
  const api = async (url: string) => JSON.parse((await wiki.app.inject({ method: 'GET', url })).body) as unknown;

  it("imports every page but DokuWiki's stock syntax page, beside the seeded ones", () => {
    expect(summary).toMatchObject({ pages: 11, revisions: 20, deleted: 0, missing: 0 });
    expect(summary.notes).toHaveLength(1);
    expect(store().count()).toBe(13);
    expect(store().exists('wiki:welcome')).toBe(true);
    expect(store().get('wiki:syntax')?.text).toContain('Pages in Quire are written in');
  });

  it('reports progress at the end', () => {
    expect(progress.at(-1)).toEqual([11, 11]);
  });

  it('keeps the ten revisions of the article with their dates, authors and summaries', () => {
    const revisions = store().revisions(ARTICLE, 0, 20).reverse();
    expect(revisions).toHaveLength(10);
    revisions.forEach((revision, i) => {
      expect(revision).toMatchObject({
        rev: i + 1,
        modified: (1795470184 + i) * 1000,
        author: 'admin',
        ip: '127.0.0.1',
        summary: `révision ${i + 1}`,
        type: i === 0 ? 'create' : 'edit',
        minor: false,
      });
    });
  });

  it('stores the current text converted to Markdown, with its title', () => {
    const page = store().get(ARTICLE)!;
    expect(page.title).toBe('Le « Chief AI Officer », nouveau poste en vogue dans les comités de direction');
    expect(page.text).toMatch(/^# Le « Chief AI Officer »/);
    expect(page.text).toContain('\n## Un poste né de l\'urgence\n');
    expect(page.text).toContain('*Publié le 12 juin 2025 — rubrique Entreprises & Technologies*');
    expect(page.text).toContain('- la maîtrise des enjeux de **gouvernance des données**');
    expect(page.text).toContain('1. Cartographier les usages');
    expect(page.text).toContain("[le site de la stratégie numérique de l'UE](https://digital-strategy.ec.europa.eu/fr)");
  });

  it('serves an imported page, its links rendered as wiki links', async () => {
    const target = 'elsenews:spot-2024:05:article-005-assistant';
    const from = store().backlinks(target)[0]!;
    const response = await wiki.app.inject({ method: 'GET', url: `/${from.replace(/:/g, '/')}` });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain(`<a href="/elsenews/spot-2024/05/article-005-assistant" class="wikilink"`);
    const article = await wiki.app.inject({ method: 'GET', url: '/elsenews/spot-2025/06/chief-ai-officer' });
    expect(article.statusCode).toBe(200);
    expect(article.body).toContain('<meta name="quire:rev" content="10">');
  });

  it('indexes the pages for search, accents folded', async () => {
    const hits = (await api('/_/api/v1/search?q=gouvernance%20donnees')) as Array<{ id: string }>;
    expect(hits.map((hit) => hit.id)).toContain(ARTICLE);
  });

  it('lists recent changes by their original dates, newest first', async () => {
    const changes = (await api('/_/api/v1/recent')) as Array<{ id: string; modified: number }>;
    expect(changes.length).toBeGreaterThan(10);
    const dates = changes.map((change) => change.modified);
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    const all = createWiki(wiki.db).recentChanges.list({ includeMinor: true, canRead: () => true, limit: 2000, offset: 0 });
    const article = all.filter((change) => change.id === ARTICLE).map((change) => [change.rev, change.modified]);
    expect(article).toEqual(Array.from({ length: 10 }, (_, i) => [10 - i, (1795470193 - i) * 1000]));
  });

  it('refuses to import again without --force, and skips what it imported before with it', async () => {
    const dir = await fixture();
    expect(() => importPages(createWiki(wiki.db), dir, { force: false })).toThrow(ImportRefused);
    const again = importPages(createWiki(wiki.db), dir, { force: true });
    expect(again).toMatchObject({ pages: 0, revisions: 0, skipped: 20 });
    expect(store().countRevisions(ARTICLE)).toBe(10);
  });

  it('exports every page as a Markdown tree, and refuses a directory that is not empty', () => {
    const dir = path.join(tempDir('quire-export-'), 'out');
    const result = exportWiki(wiki.db, dir, { force: false });
    expect(result).toEqual({ pages: 13, media: 0 });
    expect(fs.readFileSync(path.join(dir, 'elsenews/spot-2025/06/chief-ai-officer.md'), 'utf8')).toBe(store().get(ARTICLE)!.text);
    expect(fs.existsSync(path.join(dir, 'start.md'))).toBe(true);
    expect(() => exportWiki(wiki.db, dir, { force: false })).toThrow(ExportRefused);
    expect(exportWiki(wiki.db, dir, { force: true }).pages).toBe(13);
  });
});

/** A DokuWiki data directory written by hand: `files` maps paths to text, or bytes. */
function dataDir(files: Record<string, string | Buffer>): string {
  const dir = tempDir('quire-dw-');
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, name.endsWith('.gz') ? zlib.gzipSync(content) : content);
  }
  return dir;
}

const changes = (...lines: string[][]) => `${lines.map((fields) => fields.join('\t')).join('\n')}\n`;

describe('importing histories and media', () => {
  let wiki: TestWiki;
  beforeAll(async () => {
    wiki = await createTestWiki();
  });
  afterAll(async () => wiki.close());

  it('maps DokuWiki change types, ends deleted pages deleted with their history, and records external edits', () => {
    const dir = dataDir({
      'pages/ns/kept.txt': '====== Gardée ======\nTexte modifié hors du wiki\n',
      'attic/ns/kept.1700000000.txt.gz': '====== Gardée ======\nPremier texte\n',
      'attic/ns/kept.1700000100.txt.gz': '====== Gardée ======\nPremier texte, corrigé\n',
      'attic/ns/kept.1700000200.txt.gz': '====== Gardée ======\nPremier texte\n',
      'meta/ns/kept.changes': changes(
        ['1700000000', '10.0.0.1', 'C', 'ns:kept', 'alice', 'création', '', '40'],
        ['1700000100', '10.0.0.2', 'e', 'ns:kept', '', 'coquille', '', '9'],
        ['1700000200', '10.0.0.1', 'R', 'ns:kept', 'alice', 'retour', '', '-9'],
      ),
      'attic/ns/gone.1700000000.txt.gz': 'Une page\n',
      'attic/ns/gone.1700000300.txt.gz': 'Une page, modifiée\n',
      'meta/ns/gone.changes': changes(
        ['1700000000', '10.0.0.1', 'C', 'ns:gone', 'bob', '', '', '9'],
        ['1700000300', '10.0.0.1', 'E', 'ns:gone', 'bob', 'suite', '', '10'],
        ['1700000400', '10.0.0.1', 'D', 'ns:gone', 'bob', 'supprimée', '', '-19'],
      ),
    });
    const summary = importPages(createWiki(wiki.db), dir, { force: false });
    expect(summary).toMatchObject({ pages: 2, revisions: 7, deleted: 1, missing: 0 });
    const pages = createWiki(wiki.db).pages;
    const kept = pages.revisions('ns:kept', 0, 10).reverse();
    expect(kept.map((r) => [r.type, r.minor, r.author, r.ip])).toEqual([
      ['create', false, 'alice', '10.0.0.1'],
      ['minor', true, null, '10.0.0.2'],
      ['revert', false, 'alice', '10.0.0.1'],
      ['import', false, null, null],
    ]);
    expect(kept[3]!.modified).toBeGreaterThan(1700000200 * 1000);
    expect(pages.get('ns:kept')?.text).toBe('# Gardée\n\nTexte modifié hors du wiki\n');
    expect(pages.exists('ns:gone')).toBe(false);
    const gone = pages.revisions('ns:gone', 0, 10).reverse();
    expect(gone.map((r) => [r.type, r.modified, r.summary])).toEqual([
      ['create', 1700000000 * 1000, ''],
      ['edit', 1700000300 * 1000, 'suite'],
      ['delete', 1700000400 * 1000, 'supprimée'],
    ]);
    expect(pages.revision('ns:gone', 2)?.text).toBe('Une page, modifiée\n');
  });

  it('reports progress every 100 pages and at the end', () => {
    const files: Record<string, string> = {};
    for (let n = 0; n < 250; n++) files[`pages/many/p${n}.txt`] = `Page ${n}\n`;
    const progress: Array<[number, number]> = [];
    importPages(createWiki(wiki.db), dataDir(files), { force: true, progress: (done, total) => progress.push([done, total]) });
    expect(progress).toEqual([[100, 250], [200, 250], [250, 250]]);
  });

  it('imports media files with their older revisions from media_attic', () => {
    const dir = dataDir({
      'pages/start.txt': 'Voir {{wiki:logo.png}}\n',
      'media/wiki/logo.png': Buffer.from('png, version 2'),
      'media_attic/wiki/logo.1700000000.png': Buffer.from('png, version 1'),
      'media_attic/wiki/logo.1700000500.png': Buffer.from('png, version 2'),
      'media_meta/wiki/logo.png.changes': changes(
        ['1700000000', '10.0.0.1', 'C', 'wiki:logo.png', 'alice', 'envoi', '', '14'],
        ['1700000500', '10.0.0.1', 'E', 'wiki:logo.png', 'bob', 'nouvelle version', '', '0'],
      ),
      'media/notes.txt': 'sans historique',
      'media/archive.xyz': 'type inconnu',
    });
    const summary = importMedia(wiki.db, dir);
    expect(summary).toEqual({ files: 2, revisions: 3, refused: ['archive.xyz'] });
    const media = createMediaStore(wiki.db);
    const revisions = media.revisions('wiki:logo.png').reverse();
    expect(revisions.map((r) => [r.rev, r.modified, r.author, r.summary])).toEqual([
      [1, 1700000000 * 1000, 'alice', 'envoi'],
      [2, 1700000500 * 1000, 'bob', 'nouvelle version'],
    ]);
    expect(media.data('wiki:logo.png')?.toString()).toBe('png, version 2');
    expect(media.data('wiki:logo.png', 1)?.toString()).toBe('png, version 1');
    expect(importMedia(wiki.db, dir)).toEqual({ files: 0, revisions: 0, refused: ['archive.xyz'] });

    const out = path.join(tempDir('quire-export-'), 'out');
    expect(exportWiki(wiki.db, out, { force: false }).media).toBe(2);
    expect(fs.readFileSync(path.join(out, '_media/notes.txt'), 'utf8')).toBe('sans historique');
    expect(fs.readFileSync(path.join(out, '_media/wiki/logo.png'), 'utf8')).toBe('png, version 2');
  });
});

describe('the command line', () => {
  const SLOW = 60_000;

  it('import-dokuwiki: shows progress and a summary, then refuses a second run; export writes the tree once', async () => {
    const data = tempDir('quire-data-');
    const dir = await fixture();
    const first = await quire(data, ['import-dokuwiki', dir]);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('imported 11 / 11 pages\n');
    expect(first.stdout).toMatch(/^Imported 11 pages \(20 revisions, 0 deleted pages\) and no media\/ folder from .+ in [\d.]+ s\.\n$/);

    const second = await quire(data, ['import-dokuwiki', dir]);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('The wiki already has 11 page(s) of its own');

    const out = path.join(tempDir('quire-export-'), 'tree');
    const exported = await quire(data, ['export', out]);
    expect(exported).toMatchObject({ code: 0 });
    expect(exported.stdout).toMatch(/^Exported 13 pages and 0 media files to .+ in [\d.]+ s\.\n$/);
    expect(exported.stderr).toContain('exported 13 / 13 pages');
    const refused = await quire(data, ['export', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${out} is not empty`);
  }, SLOW);

  it('import-dokuwiki --force: works while the app writes to the same data directory', async () => {
    const wiki = await createTestWiki();
    try {
      const client = new Client(wiki.app);
      const importing = quire(wiki.dir, ['import-dokuwiki', await fixture(), '--force']);
      const saves: number[] = [];
      for (let i = 0; i < 10; i++) saves.push((await client.savePage(`/busy/page${i}`, `Page ${i}\n`)).statusCode);
      expect((await importing).code).toBe(0);
      expect(saves).toEqual(Array.from({ length: 10 }, () => 303));
      expect(createWiki(wiki.db).pages.count()).toBe(23);
      expect((await wiki.app.inject({ method: 'GET', url: '/elsenews/spot-2025/06/chief-ai-officer' })).statusCode).toBe(200);
    } finally {
      await wiki.close();
    }
  }, SLOW);

  it.each([
    ['a missing directory', ['/nowhere/data'], '/nowhere/data is not a directory.'],
    ['a directory without pages/', [os.tmpdir()], `${os.tmpdir()} is not a DokuWiki data directory`],
    ['no directory', [], 'Give the data/ directory'],
  ])('import-dokuwiki: names the problem with %s, exit code 2', async (_name, args, message) => {
    const result = await quire(tempDir('quire-data-'), ['import-dokuwiki', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  }, SLOW);
});
