// Changing pages over HTTP (SPEC §3, §6): the editor, preview, save with its conflict check on
// base_rev, delete and revert. Each change is checked in the page store as well as in the reply.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, type TestWiki } from '../helpers/wiki.js';
import {
  baseRevOf,
  editorText,
  expectCsrfInEveryPostForm,
  expectErrorPage,
  expectLayoutPage,
  openWiki,
  storeOf,
} from './support.js';

let wiki: TestWiki;
let client: Client;

beforeEach(async () => {
  wiki = await openWiki();
  client = new Client(wiki.app);
});
afterEach(async () => wiki.close());

describe('GET ?do=edit', () => {
  it('opens the editor on the current text with base_rev set to the current revision', async () => {
    await client.savePage('/team/notes', 'One\n');
    await client.savePage('/team/notes', 'Two & <three>\n');
    const response = await client.get('/team/notes?do=edit');
    expectLayoutPage(response, 200);
    expect(response.body).toContain('<h1>Edit: team:notes</h1>');
    expect(baseRevOf(response.body)).toBe('2');
    expect(editorText(response.body)).toBe('Two & <three>\n');
    expect(response.body).toContain('action="/team/notes?do=save"');
    expect(response.body).toContain('formaction="/team/notes?do=preview"');
    expectCsrfInEveryPostForm(response.body);
  });

  it('opens an empty editor with an empty base_rev for a new page', async () => {
    const response = await client.get('/team/new?do=edit');
    expectLayoutPage(response, 200);
    expect(response.body).toContain('<h1>Create: team:new</h1>');
    expect(baseRevOf(response.body)).toBe('');
    expect(editorText(response.body)).toBe('');
  });

  it('loads an old revision text with &rev=N, still based on the current revision', async () => {
    await client.savePage('/team/notes', 'One\n');
    await client.savePage('/team/notes', 'Two\n');
    const response = await client.get('/team/notes?do=edit&rev=1');
    expectLayoutPage(response, 200);
    expect(editorText(response.body)).toBe('One\n');
    expect(baseRevOf(response.body)).toBe('2');
    expect(response.body).toContain('You are editing an old revision (1)');
  });

  it('answers 404 for &rev=N that does not exist', async () => {
    expectErrorPage(await client.get('/start?do=edit&rev=999'), 404);
  });
});

describe('POST ?do=preview', () => {
  it('renders the posted text in the editor and saves nothing', async () => {
    await client.savePage('/team/notes', 'Stored\n');
    await client.get('/team/notes?do=edit');
    const response = await client.post('/team/notes?do=preview', {
      text: '# Draft heading\n\nA *draft* with [[wiki:syntax]].\n',
      summary: 'my summary',
      minor: 'on',
      base_rev: '1',
    });
    expectLayoutPage(response, 200);
    expect(response.body).toMatch(/<section class="preview"[\s\S]*<h1 id="draft_heading">Draft heading<\/h1>[\s\S]*<em>draft<\/em>[\s\S]*<\/section>/);
    expect(response.body).toContain('This is only a preview');
    expect(editorText(response.body)).toBe('# Draft heading\n\nA *draft* with [[wiki:syntax]].\n');
    expect(baseRevOf(response.body)).toBe('1');
    expect(response.body).toContain('value="my summary"');
    expect(response.body).toMatch(/name="minor" value="on" checked/);
    expectCsrfInEveryPostForm(response.body);
    const store = storeOf(wiki);
    expect(store.get('team:notes')?.text).toBe('Stored\n');
    expect(store.countRevisions('team:notes')).toBe(1);
  });

  it('previews a page that does not exist without creating it', async () => {
    await client.get('/team/new?do=edit');
    const response = await client.post('/team/new?do=preview', { text: 'Fresh *text*\n', base_rev: '' });
    expectLayoutPage(response, 200);
    expect(response.body).toContain('<em>text</em>');
    expect(storeOf(wiki).exists('team:new')).toBe(false);
    expect(storeOf(wiki).lastRev('team:new')).toBe(0);
  });
});

describe('POST ?do=save', () => {
  it('creates a page: 303 to the page URL, revision 1 of type create', async () => {
    const response = await client.savePage('/team/notes', '# Notes\n\nHello\n');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/team/notes');
    const store = storeOf(wiki);
    expect(store.get('team:notes')).toMatchObject({ rev: 1, text: '# Notes\n\nHello\n', title: 'Notes' });
    expect(store.revision('team:notes', 1)).toMatchObject({ type: 'create', minor: false });
  });

  it('saves an edit as the next revision', async () => {
    await client.savePage('/team/notes', 'One\n');
    const response = await client.savePage('/team/notes', 'Two\n');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/team/notes');
    const store = storeOf(wiki);
    expect(store.get('team:notes')).toMatchObject({ rev: 2, text: 'Two\n' });
    expect(store.revision('team:notes', 2)).toMatchObject({ type: 'edit' });
    expect(store.revision('team:notes', 1)?.text).toBe('One\n');
  });

  it('edits a seeded page as its revision 2', async () => {
    const response = await client.savePage('/start', 'My own start page\n');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/start');
    expect(storeOf(wiki).get('start')).toMatchObject({ rev: 2, text: 'My own start page\n' });
  });

  it('saves to the cleaned id when posted to a non-canonical URL', async () => {
    await client.get('/team/notes?do=edit');
    const response = await client.post('/Team/Notes?do=save', { text: 'Hello\n', base_rev: '' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/team/notes');
    expect(storeOf(wiki).get('team:notes')?.text).toBe('Hello\n');
  });

  it.each([
    { name: 'the same text', again: 'Same text\n' },
    { name: 'the same text with CRLF line ends', again: 'Same text\r\n' },
    { name: 'the same text with trailing white space', again: 'Same text \n\n  ' },
  ])('creates no revision when saving $name', async ({ again }) => {
    await client.savePage('/team/notes', 'Same text\n');
    const response = await client.savePage('/team/notes', again, { summary: 'nothing changed' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/team/notes');
    const store = storeOf(wiki);
    expect(store.countRevisions('team:notes')).toBe(1);
    expect(store.get('team:notes')?.rev).toBe(1);
  });

  it('stores the summary and the minor flag', async () => {
    await client.savePage('/team/notes', 'One\n', { summary: 'first draft' });
    await client.savePage('/team/notes', 'One.\n', { summary: 'fix typo', minor: 'on' });
    const store = storeOf(wiki);
    expect(store.revision('team:notes', 1)).toMatchObject({ summary: 'first draft', minor: false, type: 'create' });
    expect(store.revision('team:notes', 2)).toMatchObject({ summary: 'fix typo', minor: true, type: 'minor' });
    const list = await client.get('/team/notes?do=revisions');
    expect(list.body).toContain('fix typo');
    expect(list.body).toContain('minor edit');
    expect(list.body).toContain('first draft');
  });

  it.each([
    { name: 'empty text', text: '' },
    { name: 'white space only', text: '  \r\n\n ' },
  ])('deletes the page on $name, keeping its history', async ({ text }) => {
    await client.savePage('/team/notes', 'One\n');
    const response = await client.savePage('/team/notes', text);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/team/notes');
    const store = storeOf(wiki);
    expect(store.exists('team:notes')).toBe(false);
    expect(store.countRevisions('team:notes')).toBe(2);
    expect(store.revision('team:notes', 2)).toMatchObject({ type: 'delete', text: '' });
    expect(store.revision('team:notes', 1)?.text).toBe('One\n');
    expect((await client.get('/team/notes')).statusCode).toBe(404);
  });

  it('continues the revision numbers when a deleted page is created again', async () => {
    await client.savePage('/team/notes', 'One\n');
    await client.savePage('/team/notes', '');
    const editor = await client.get('/team/notes?do=edit');
    expect(baseRevOf(editor.body)).toBe('');
    const response = await client.savePage('/team/notes', 'Back again\n');
    expect(response.statusCode).toBe(303);
    const store = storeOf(wiki);
    expect(store.get('team:notes')).toMatchObject({ rev: 3, text: 'Back again\n' });
    expect(store.revision('team:notes', 3)?.type).toBe('create');
    const view = await client.get('/team/notes');
    expect(view.body).toContain('<meta name="quire:rev" content="3">');
  });

  it('answers 409 on a stale base_rev, keeping the user text and overwriting nothing', async () => {
    await client.savePage('/team/notes', 'Line one\nShared line\n');
    const alice = client;
    const editor = await alice.get('/team/notes?do=edit');
    expect(baseRevOf(editor.body)).toBe('1');
    await alice.get('/team/notes'); // viewing the page releases her edit lock (SPEC §6)

    const bob = new Client(wiki.app);
    expect((await bob.savePage('/team/notes', 'Line one\nBob was here\n')).statusCode).toBe(303);

    const conflict = await alice.post('/team/notes?do=save', {
      text: 'Line one\nAlice <was> here\n',
      summary: 'alice summary',
      base_rev: '1',
    });
    expectLayoutPage(conflict, 409);
    expect(conflict.body).toContain('Edit conflict');
    expect(editorText(conflict.body)).toBe('Line one\nAlice <was> here\n');
    expect(conflict.body).toContain('value="alice summary"');
    // The current text and the user's, as a diff.
    expect(conflict.body).toMatch(/<del>[\s\S]*Bob[\s\S]*<\/del>/);
    expect(conflict.body).toMatch(/<ins>[\s\S]*Alice[\s\S]*<\/ins>/);
    expect(conflict.body).toContain('&lt;was&gt;');
    // Saving again from the conflict form is based on the revision now current.
    expect(baseRevOf(conflict.body)).toBe('2');
    expectCsrfInEveryPostForm(conflict.body);

    const store = storeOf(wiki);
    expect(store.countRevisions('team:notes')).toBe(2);
    expect(store.get('team:notes')).toMatchObject({ rev: 2, text: 'Line one\nBob was here\n' });

    const resolved = await alice.post('/team/notes?do=save', { text: editorText(conflict.body) ?? '', base_rev: '2' });
    expect(resolved.statusCode).toBe(303);
    expect(store.get('team:notes')).toMatchObject({ rev: 3, text: 'Line one\nAlice <was> here\n' });
  });

  it.each([
    { name: 'an older revision', setup: ['One\n', 'Two\n'], baseRev: '1' },
    { name: 'a revision from the future', setup: ['One\n'], baseRev: '7' },
    { name: 'an empty base_rev on a page that exists', setup: ['One\n'], baseRev: '' },
  ])('answers 409 when base_rev is $name', async ({ setup, baseRev }) => {
    for (const text of setup) await client.savePage('/team/notes', text);
    const response = await client.post('/team/notes?do=save', { text: 'Mine\n', base_rev: baseRev });
    expectLayoutPage(response, 409);
    expect(editorText(response.body)).toBe('Mine\n');
    const store = storeOf(wiki);
    expect(store.countRevisions('team:notes')).toBe(setup.length);
    expect(store.get('team:notes')?.text).toBe(setup.at(-1));
  });

  it('answers 409 when the page was deleted after the editor opened', async () => {
    await client.savePage('/team/notes', 'One\n');
    await client.get('/team/notes?do=edit');
    await client.get('/team/notes'); // releases the edit lock, as viewing the page does
    await new Client(wiki.app).savePage('/team/notes', '');
    const response = await client.post('/team/notes?do=save', { text: 'Mine\n', base_rev: '1' });
    expectLayoutPage(response, 409);
    expect(editorText(response.body)).toBe('Mine\n');
    expect(baseRevOf(response.body)).toBe('');
    const store = storeOf(wiki);
    expect(store.exists('team:notes')).toBe(false);
    expect(store.countRevisions('team:notes')).toBe(2);
  });
});

describe('?do=delete', () => {
  it('GET shows a confirmation form posting to ?do=delete with _csrf', async () => {
    await client.savePage('/team/notes', 'One\n');
    const response = await client.get('/team/notes?do=delete');
    expectLayoutPage(response, 200);
    expect(response.body).toContain('<form method="post" action="/team/notes?do=delete">');
    expectCsrfInEveryPostForm(response.body);
    expect(storeOf(wiki).exists('team:notes')).toBe(true);
  });

  it('POST deletes the page with a summary, keeps its history and answers 303', async () => {
    await client.savePage('/team/notes', 'One\n');
    await client.savePage('/team/notes', 'Two\n');
    await client.get('/team/notes?do=delete');
    const response = await client.post('/team/notes?do=delete', { summary: 'obsolete' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/team/notes');
    const store = storeOf(wiki);
    expect(store.exists('team:notes')).toBe(false);
    expect(store.countRevisions('team:notes')).toBe(3);
    expect(store.revision('team:notes', 3)).toMatchObject({ type: 'delete', summary: 'obsolete' });
    const view = await client.get('/team/notes');
    expectLayoutPage(view, 404);
    expect(view.body).toContain('This page was deleted');
    const history = await client.get('/team/notes?do=revisions');
    expect(history.body).toContain('obsolete');
    expect((await client.get('/team/notes?rev=2')).body).toContain('Two');
  });

  it.each(['GET', 'POST'] as const)('%s answers 404 for a page that does not exist', async (method) => {
    await client.get('/start?do=edit');
    const response = method === 'GET' ? await client.get('/no/page?do=delete') : await client.post('/no/page?do=delete', {});
    expectErrorPage(response, 404);
    expect(storeOf(wiki).lastRev('no:page')).toBe(0);
  });
});

describe('POST ?do=revert', () => {
  it('restores an old revision as a new revision of type revert, answering 303', async () => {
    await client.savePage('/team/notes', 'One\n');
    await client.savePage('/team/notes', 'Two\n');
    await client.savePage('/team/notes', 'Three\n');
    await client.get('/team/notes?do=revisions');
    const response = await client.post('/team/notes?do=revert', { rev: '1' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/team/notes');
    const store = storeOf(wiki);
    expect(store.get('team:notes')).toMatchObject({ rev: 4, text: 'One\n' });
    expect(store.revision('team:notes', 4)).toMatchObject({ type: 'revert', text: 'One\n', summary: 'Restored revision 1' });
    expect(store.revision('team:notes', 3)?.text).toBe('Three\n');
  });

  it('brings a deleted page back', async () => {
    await client.savePage('/team/notes', 'One\n');
    await client.savePage('/team/notes', '');
    await client.get('/team/notes?do=revisions');
    const response = await client.post('/team/notes?do=revert', { rev: '1' });
    expect(response.statusCode).toBe(303);
    const store = storeOf(wiki);
    expect(store.get('team:notes')).toMatchObject({ rev: 3, text: 'One\n' });
    expect(store.revision('team:notes', 3)?.type).toBe('revert');
    expect((await client.get('/team/notes')).statusCode).toBe(200);
  });

  it('answers 404 for a revision that does not exist, changing nothing', async () => {
    await client.savePage('/team/notes', 'One\n');
    const response = await client.post('/team/notes?do=revert', { rev: '999' });
    expectErrorPage(response, 404);
    expect(storeOf(wiki).countRevisions('team:notes')).toBe(1);
  });
});

describe('a form posted to a non-canonical URL', () => {
  it('saves a POST to a non-canonical namespace URL to the same start page GET shows there', async () => {
    await client.get('/docs/?do=edit');
    const response = await client.post('/Docs/?do=save', { text: 'Docs home\n', base_rev: '' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/docs/start');
    expect(storeOf(wiki).get('docs:start')?.text).toBe('Docs home\n');
    expect(storeOf(wiki).exists('docs')).toBe(false);
  });
});
