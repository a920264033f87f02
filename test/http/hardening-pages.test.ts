// Pages under attack (issue 13): a GET a page can make the browser send (an image pointing at
// ?do=edit) takes no lock; a page too dense to render in full says so; old revisions are cached.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLockStore } from '../../src/pages/locks.js';
import { createTestWiki, type TestWiki } from '../helpers/wiki.js';
import { clientAs } from './accounts-support.js';

let wiki: TestWiki;
beforeEach(async () => {
  wiki = await createTestWiki();
});
afterEach(async () => {
  await wiki.close();
});

describe('the edit lock', () => {
  it.each([
    ['an image', { 'sec-fetch-dest': 'image', 'sec-fetch-mode': 'no-cors', accept: 'image/avif,image/webp,*/*' }],
    ['a frame', { 'sec-fetch-dest': 'iframe', 'sec-fetch-mode': 'navigate', accept: 'text/html' }],
    ['a script fetch', { 'sec-fetch-dest': 'empty', 'sec-fetch-mode': 'cors', accept: 'text/html' }],
    ['an old browser’s image', { accept: 'image/webp,image/png,image/*;q=0.8' }],
  ])('is not taken by %s pointing at ?do=edit', async (_name, headers) => {
    const admin = await clientAs(wiki, 'admin');
    const response = await admin.get('/team/notes?do=edit', headers);
    expect(response.statusCode).toBe(200);
    expect(createLockStore(wiki.db).current('team:notes')).toBeNull();
  });

  it('is taken by a person opening the editor', async () => {
    const admin = await clientAs(wiki, 'admin');
    const response = await admin.get('/team/notes?do=edit', { 'sec-fetch-dest': 'document', 'sec-fetch-mode': 'navigate', accept: 'text/html,application/xhtml+xml' });
    expect(response.statusCode).toBe(200);
    expect(createLockStore(wiki.db).current('team:notes')).not.toBeNull();
  });
});

describe('summaries the system writes', () => {
  it('are shown in each reader’s language, whoever caused them', async () => {
    const admin = await clientAs(wiki, 'admin');
    expect((await admin.savePage('/team/notes', 'first\n')).statusCode).toBe(303);
    expect((await admin.savePage('/team/notes', 'second\n')).statusCode).toBe(303);
    wiki.db.prepare("UPDATE users SET lang = 'fr' WHERE login = 'admin'").run();
    await admin.get('/team/notes?do=revisions');
    expect((await admin.post('/team/notes?do=revert', { rev: '1' })).statusCode).toBe(303);
    expect((await admin.get('/team/notes?do=revisions')).body).toContain('Révision 1 restaurée');
    wiki.db.prepare("UPDATE users SET lang = 'en' WHERE login = 'admin'").run();
    expect((await admin.get('/team/notes?do=revisions')).body).toContain('Restored revision 1');
    expect((await admin.get('/_/recent')).body).toContain('Restored revision 1');
    const api = await wiki.app.inject({ method: 'GET', url: '/_/api/v1/pages/team:notes/revisions' });
    expect(JSON.parse(api.body)[0]).toMatchObject({ summary: 'Restored revision 1', type: 'revert' });
  });
});

describe('a page past the render bounds', () => {
  it('is shown, its end as plain text, with a notice in the reader’s language', async () => {
    const admin = await clientAs(wiki, 'admin');
    const table = `| a | b |\n|---|---|\n${'| 1 | 2 |\n'.repeat(30_000)}`;
    expect((await admin.savePage('/team/huge', table)).statusCode).toBe(303);
    const page = await admin.get('/team/huge');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('This page is too long or too dense to show in full');
    expect(page.body).toContain('<pre class="render-cut">| 1 | 2 |');
  }, 60_000);
});
