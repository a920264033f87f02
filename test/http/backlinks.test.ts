// Backlinks and missing pages (SPEC §3 do=backlink, §4 wikilink-missing): a link to a page that does
// not exist yet counts as soon as it is saved, and the linking pages change from "missing" to
// "existing" links the moment the page is created (the render cache follows existence).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, type TestWiki } from '../helpers/wiki.js';
import { linkClass, openWiki } from './support.js';

let wiki: TestWiki;
let client: Client;

beforeEach(async () => {
  wiki = await openWiki();
  client = new Client(wiki.app);
});
afterEach(async () => wiki.close());

function backlinks(body: string): string[] {
  const list = /<ul class="backlinks">([\s\S]*?)<\/ul>/.exec(body)?.[1] ?? '';
  return [...list.matchAll(/href="([^"]+)"/g)].map((m) => m[1] ?? '');
}

describe('a link to a page that does not exist yet', () => {
  it('counts as a backlink, and renders as missing until the page is created, then as existing', async () => {
    await client.savePage('/notes/one', 'See [[future:page]].\n');
    await client.savePage('/notes/two', 'Also [[future:page|the future]].\n');
    // Rendered (and cached) while the target is missing.
    expect(linkClass((await client.get('/notes/one')).body, '/future/page')).toBe('wikilink-missing');
    expect(linkClass((await client.get('/notes/two')).body, '/future/page')).toBe('wikilink-missing');
    expect(backlinks((await client.get('/future/page?do=backlink')).body)).toEqual(['/notes/one', '/notes/two']);

    expect((await client.savePage('/future/page', '# The future\n')).statusCode).toBe(303);
    expect(linkClass((await client.get('/notes/one')).body, '/future/page')).toBe('wikilink');
    expect(linkClass((await client.get('/notes/two')).body, '/future/page')).toBe('wikilink');
    expect(backlinks((await client.get('/future/page?do=backlink')).body)).toEqual(['/notes/one', '/notes/two']);

    // And back to missing when it is deleted.
    await client.get('/future/page?do=delete');
    expect((await client.post('/future/page?do=delete', { summary: '' })).statusCode).toBe(303);
    expect(linkClass((await client.get('/notes/one')).body, '/future/page')).toBe('wikilink-missing');
  });

  it('stops counting when the linking page drops the link', async () => {
    await client.savePage('/notes/one', 'See [[target]].\n');
    expect(backlinks((await client.get('/notes/target?do=backlink')).body)).toEqual(['/notes/one']);
    await client.savePage('/notes/one', 'No link any more.\n');
    expect(backlinks((await client.get('/notes/target?do=backlink')).body)).toEqual([]);
  });
});
