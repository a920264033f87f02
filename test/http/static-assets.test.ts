// Hashed assets (src/web/assets.ts): asset('editor.js') names the file the build made, served with
// a year-long immutable cache; files without a hash keep the short cache; a missing manifest says
// how to make it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMMUTABLE_CACHE, isImmutableAsset, loadAssets } from '../../src/web/assets.js';
import { ROOT } from '../../src/wiki.js';
import { Client, createTestWiki, type TestWiki } from '../helpers/wiki.js';

describe('asset()', () => {
  it('maps a plain name to the hashed file of the manifest', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-assets-'));
    fs.mkdirSync(path.join(dir, 'build'));
    fs.writeFileSync(path.join(dir, 'build', 'manifest.json'), JSON.stringify({ 'editor.js': 'editor-3f2a1c9e00.js' }));
    const assets = loadAssets(dir);
    expect(assets.url('editor.js')).toBe('/_/static/build/editor-3f2a1c9e00.js');
    expect(() => assets.url('other.js')).toThrow(/other\.js.*npm run build/);
    fs.rmSync(dir, { recursive: true });
  });

  it('without a build, every asset says to run it', () => {
    expect(() => loadAssets(path.join(os.tmpdir(), 'quire-nowhere')).url('editor.js')).toThrow(/npm run build/);
  });

  it.each([
    ['build/editor-3f2a1c9e00.js', true],
    ['build/quire-0123456789.css', true],
    ['build/manifest.json', false],
    ['build/editor.js', false],
    ['build/sub/editor-3f2a1c9e00.js', false],
    ['quire.css', false],
    ['plugins/iphelper/widget.js', false],
  ])('%s is immutable: %s', (file, immutable) => {
    expect(isImmutableAsset(file)).toBe(immutable);
  });
});

describe('GET /_/static/build/…', () => {
  let wiki: TestWiki;
  let client: Client;
  beforeAll(async () => {
    wiki = await createTestWiki();
    client = new Client(wiki.app);
  });
  afterAll(async () => wiki.close());

  it('serves the editor bundle the build made, immutable for a year', async () => {
    const url = loadAssets(path.join(ROOT, 'public')).url('editor.js');
    const response = await client.get(url);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers['cache-control']).toBe(IMMUTABLE_CACHE);
    expect(IMMUTABLE_CACHE).toBe('public, max-age=31536000, immutable');
    expect(response.body.length).toBeGreaterThan(1000);
  });

  it('keeps the short cache for files without a hash, and 404 for a hash that is not there', async () => {
    expect((await client.get('/_/static/quire.css')).headers['cache-control']).toBe('public, max-age=3600');
    const missing = await client.get('/_/static/build/editor-0000000000.js');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['cache-control']).toBeUndefined();
  });
});
