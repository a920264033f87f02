// First end-to-end check of the page cycle: create, edit, history, diff.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, createTestWiki, type TestWiki } from '../helpers/wiki.js';

describe('page cycle', () => {
  let wiki: TestWiki;
  beforeEach(async () => {
    wiki = await createTestWiki();
  });
  afterEach(async () => wiki.close());

  it('creates, edits and compares a page', async () => {
    const client = new Client(wiki.app);
    const created = await client.savePage('/team/notes', '# Notes\n\nFirst line\n');
    expect(created.statusCode).toBe(303);
    expect(created.headers.location).toBe('/team/notes');
    const edited = await client.savePage('/team/notes', '# Notes\n\nSecond line\n');
    expect(edited.statusCode).toBe(303);
    const view = await client.get('/team/notes');
    expect(view.body).toContain('<meta name="quire:rev" content="2">');
    const diff = await client.get('/team/notes?do=diff&difftype=inline');
    expect(diff.body).toContain('<del>');
    expect(diff.body).toContain('<ins>');
  });
});
