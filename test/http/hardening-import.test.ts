// `quire import-dokuwiki` on a hostile data directory (issue 13, Medium): links in attic/ and
// media_attic/ to files outside it are never followed, and a gzip that inflates past the page size
// limit is skipped instead of filling the memory (the command line ends normally either way).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importPages } from '../../src/dokuwiki/import.js';
import { importMedia } from '../../src/dokuwiki/media.js';
import { readInside } from '../../src/dokuwiki/source-files.js';
import { MAX_TEXT_BYTES } from '../../src/limits.js';
import { createMediaStore } from '../../src/media/store.js';
import { createWiki } from '../../src/wiki.js';
import { quire } from '../helpers/cli.js';
import { createTestWiki, type TestWiki } from '../helpers/wiki.js';

const SECRET = 'QUIRE_ADMIN_PASSWORD=the-secret-of-the-server';
const OLD = 1_600_000_000;
const LATER = 1_600_000_100;
const BOMB = 1_600_000_200;

let outside: string;
let data: string;
let wiki: TestWiki;

function write(relative: string, content: string | Buffer): void {
  fs.mkdirSync(path.dirname(path.join(data, relative)), { recursive: true });
  fs.writeFileSync(path.join(data, relative), content);
}

function link(relative: string, target: string): void {
  fs.mkdirSync(path.dirname(path.join(data, relative)), { recursive: true });
  fs.symlinkSync(target, path.join(data, relative));
}

beforeEach(async () => {
  outside = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-outside-'));
  data = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-hostile-'));
  fs.writeFileSync(path.join(outside, 'environ'), SECRET);
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
  fs.writeFileSync(path.join(outside, 'secret.png'), png);
  write('pages/notes.txt', 'The current text.\n');
  write('meta/notes.changes', [OLD, LATER, BOMB, BOMB + 100].map((date) => `${date}\t127.0.0.1\tE\tnotes\talice\tan edit\t\n`).join(''));
  // The first old revision is a link to a file outside; a whole attic folder links outside too.
  link(`attic/notes.${OLD}.txt.gz`, path.join(outside, 'environ'));
  write(`attic/notes.${LATER}.txt.gz`, zlib.gzipSync('A revision from inside.\n'));
  write(`attic/notes.${BOMB}.txt.gz`, zlib.gzipSync(Buffer.alloc(MAX_TEXT_BYTES * 4, 'a')));
  write('pages/elsewhere/page.txt', 'Elsewhere.\n');
  write('meta/elsewhere/page.changes', `${OLD}\t127.0.0.1\tC\telsewhere:page\talice\tcreated\t\n${LATER}\t127.0.0.1\tE\telsewhere:page\talice\tedit\t\n`);
  link('attic/elsewhere', outside);
  fs.writeFileSync(path.join(outside, `page.${OLD}.txt`), SECRET);
  write('media/logo.png', png);
  link(`media_attic/logo.${OLD}.png`, path.join(outside, 'secret.png'));
  write('media_meta/logo.png.changes', `${OLD}\t127.0.0.1\tC\tlogo.png\talice\tcreated\t\n`);
  wiki = await createTestWiki();
});

afterEach(async () => {
  await wiki.close();
  fs.rmSync(outside, { recursive: true, force: true });
  fs.rmSync(data, { recursive: true, force: true });
});

describe('importing a hostile data directory', () => {
  it('follows no link out of it and skips a gzip that inflates past a page', () => {
    const domain = createWiki(wiki.db);
    const summary = importPages(domain, data, { force: true });
    const texts = ['notes', 'elsewhere:page'].flatMap((id) => domain.pages.revisions(id, 0, 50).map((revision) => domain.pages.revision(id, revision.rev)?.text ?? ''));
    expect(texts.join('\n')).not.toContain('the-secret-of-the-server');
    expect(texts).toContain('A revision from inside.\n');
    expect(texts.every((text) => text.length <= MAX_TEXT_BYTES)).toBe(true);
    expect(summary.missing).toBeGreaterThanOrEqual(3);

    importMedia(wiki.db, data);
    expect(createMediaStore(wiki.db).revisions('logo.png')).toHaveLength(1);
  });

  it('ends normally from the command line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-cli-import-'));
    try {
      const result = await quire(dir, ['import-dokuwiki', data]);
      expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
      expect(result.code).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('reads a link that stays inside', () => {
    fs.writeFileSync(path.join(data, 'pages', 'target.txt'), 'inside');
    link('pages/alias.txt', path.join(data, 'pages', 'target.txt'));
    expect(readInside(data, path.join(data, 'pages', 'alias.txt'), 100)?.toString()).toBe('inside');
    expect(readInside(data, path.join(data, `attic/notes.${OLD}.txt.gz`), 100)).toBeNull();
    expect(readInside(data, path.join(data, 'pages', 'target.txt'), 3)).toBeNull();
  });
});
