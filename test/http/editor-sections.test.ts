// Section editing over HTTP (SPEC §12): the links beside level 1–3 headings for those who may
// edit (never in the anonymous page cache), `?do=edit&section=N` showing one section, and saving
// it spliced into the page — with base_rev, locks, merge and conflict as for the whole page.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDraftStore } from '../../src/pages/drafts.js';
import { userHolder } from '../../src/pages/locks.js';
import { Client, createTestWiki, type TestWiki } from '../helpers/wiki.js';
import { addUsers, anonymousClient, clientAs } from './accounts-support.js';
import { baseRevOf, editorText, expectErrorPage, expectLayoutPage, storeOf } from './support.js';

const INSTALL = '## Install\n\nSteps.\n\n```\n## not a heading\n```\n\n';
const PAGE = '# Guide\n\nIntro.\n\n## Install\n\nSteps.\n\n```\n## not a heading\n```\n\n## Use\n\nMore.\n\n### Details\n\nDeep.\n\n#### Fine print\n\nSmall.\n';

let wiki: TestWiki;
let alice: Client;
let bob: Client;

beforeEach(async () => {
  wiki = await createTestWiki({}, { policy: 'public' });
  await addUsers(wiki, [
    { login: 'alice', name: 'Alice' },
    { login: 'bob', name: 'Bob' },
  ]);
  alice = await clientAs(wiki, 'alice');
  bob = await clientAs(wiki, 'bob');
  expect((await alice.savePage('/guide', PAGE)).statusCode).toBe(303);
  await alice.post('/guide?do=cancel');
});
afterEach(async () => wiki.close());

const sectionLinks = (html: string) =>
  [...html.matchAll(/<a class="secedit" href="([^"]+)" aria-label="([^"]+)">([^<]+)<\/a>/g)].map((match) => [match[1]!.replace(/&amp;/g, '&'), match[2], match[3]]);

const currentText = () => storeOf(wiki).get('guide')?.text;
/** Alice's edit lock runs out (SPEC §6: a lock can expire), so Bob may save meanwhile. */
const lockExpires = () => wiki.db.prepare('DELETE FROM locks').run();

describe('section edit links', () => {
  it('follow each heading of level 1 to 3 for those who may edit, numbered in document order', async () => {
    const response = await alice.get('/guide');
    expectLayoutPage(response, 200);
    expect(sectionLinks(response.body)).toEqual([
      ['/guide?do=edit&section=1', 'Edit section: Guide', 'Edit'],
      ['/guide?do=edit&section=2', 'Edit section: Install', 'Edit'],
      ['/guide?do=edit&section=3', 'Edit section: Use', 'Edit'],
      ['/guide?do=edit&section=4', 'Edit section: Details', 'Edit'],
    ]);
    // The heading keeps its own accessible name: the link is beside it, not in it.
    expect(response.body).toContain('<div class="section-heading"><h2 id="install">Install</h2><a class="secedit"');
  });

  it('are in French for a French reader', async () => {
    wiki.db.prepare("UPDATE users SET lang = 'fr' WHERE login = 'alice'").run();
    expect(sectionLinks((await alice.get('/guide')).body)[1]).toEqual(['/guide?do=edit&section=2', 'Modifier la section : Install', 'Modifier']);
  });

  it('are not shown to readers who may not edit, nor on old revisions', async () => {
    const visitor = await anonymousClient(wiki);
    expect(sectionLinks((await visitor.get('/guide')).body)).toEqual([]);
    await alice.savePage('/guide', `${PAGE}\nMore.\n`);
    expect(sectionLinks((await alice.get('/guide?rev=1')).body)).toEqual([]);
  });

  it('never reach the anonymous page cache, even where visitors may edit', async () => {
    const visitor = new Client(wiki.app);
    const before = wiki.app.pageCache.stats();
    const read = (await visitor.get('/guide')).body;
    expect(sectionLinks(read)).toEqual([]);
    expect(wiki.app.pageCache.stats().entries).toBe(before.entries + 1);

    const admin = await clientAs(wiki, 'admin');
    await admin.get('/_/admin/acl');
    expect((await admin.post('/_/admin/acl', { scope: '*', subject: '@ALL', level: '8' })).statusCode).toBe(303);
    const cachedBefore = wiki.app.pageCache.stats().entries;
    const editable = (await new Client(wiki.app).get('/guide')).body;
    expect(sectionLinks(editable)).toHaveLength(4);
    expect(wiki.app.pageCache.stats().entries).toBe(cachedBefore);
  });
});

describe('GET ?do=edit&section=N', () => {
  it('shows only that section, from its heading to the line before the next of its level or higher', async () => {
    const response = await alice.get('/guide?do=edit&section=3');
    expectLayoutPage(response, 200);
    expect(editorText(response.body)).toBe('## Use\n\nMore.\n\n### Details\n\nDeep.\n\n#### Fine print\n\nSmall.\n');
    expect(response.body).toContain('<input type="hidden" name="section" value="3">');
    expect(response.body).toContain('You are editing one section of this page, “Use”.');
    expect(baseRevOf(response.body)).toBe('1');
  });

  it('takes the page lock, as the whole-page editor does', async () => {
    await alice.get('/guide?do=edit&section=2');
    const refused = await bob.get('/guide?do=edit&section=3');
    expectLayoutPage(refused, 423);
    expect(refused.body).toContain('alice is editing this page');
  });

  it.each([
    ['a section the page does not have', '/guide?do=edit&section=9', 404],
    ['a section number that is not one', '/guide?do=edit&section=two', 400],
    ['section 0', '/guide?do=edit&section=0', 400],
    ['a page that does not exist', '/nothing?do=edit&section=1', 404],
  ])('%s: %i', async (_name, url, status) => {
    expectErrorPage(await alice.get(url), status);
  });
});

describe('saving a section', () => {
  const saveSection = (client: Client, section: string, text: string, baseRev = '1') =>
    client.post('/guide?do=save', { text, section, base_rev: baseRev, summary: 'section' });

  it('replaces only that section, byte for byte elsewhere, and opens the page at its anchor', async () => {
    await alice.get('/guide?do=edit&section=2');
    const response = await saveSection(alice, '2', INSTALL.replace('Steps.', 'New steps.').replace(/\n/g, '\r\n'));
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/guide#install');
    expect(currentText()).toBe(PAGE.replace('Steps.', 'New steps.'));
  });

  it('follows a renamed heading to its new anchor', async () => {
    await alice.get('/guide?do=edit&section=3');
    const response = await saveSection(alice, '3', '## Using it\n\nMore.\n');
    expect(response.headers.location).toBe('/guide#using_it');
    expect(currentText()).toBe('# Guide\n\nIntro.\n\n## Install\n\nSteps.\n\n```\n## not a heading\n```\n\n## Using it\n\nMore.\n');
  });

  it('saving the section unchanged makes no revision', async () => {
    await alice.get('/guide?do=edit&section=2');
    const response = await saveSection(alice, '2', INSTALL);
    expect(response.headers.location).toBe('/guide#install');
    expect(storeOf(wiki).meta('guide')?.rev).toBe(1);
  });

  it('merges with a change made meanwhile to another section', async () => {
    await alice.get('/guide?do=edit&section=2');
    lockExpires();
    expect((await bob.savePage('/guide', PAGE.replace('More.', 'More, by Bob.'))).statusCode).toBe(303);
    const response = await saveSection(alice, '2', INSTALL.replace('Steps.', 'Steps, by Alice.'));
    expectLayoutPage(response, 409);
    expect(response.body).toContain('bob');
    // The merge of the whole page is in the editor, not saved until Alice saves again.
    const merged = editorText(response.body);
    expect(merged).toBe(PAGE.replace('More.', 'More, by Bob.').replace('Steps.', 'Steps, by Alice.'));
    expect(response.body).not.toContain('name="section"');
    expect(currentText()).toBe(PAGE.replace('More.', 'More, by Bob.'));
    const saved = await alice.post('/guide?do=save', { text: merged!, base_rev: baseRevOf(response.body)!, summary: 'merged' });
    expect(saved.statusCode).toBe(303);
    expect(currentText()).toBe(merged);
  });

  it('shows the conflict when the same section changed meanwhile, overwriting nothing', async () => {
    await alice.get('/guide?do=edit&section=2');
    lockExpires();
    expect((await bob.savePage('/guide', PAGE.replace('Steps.', 'Steps, by Bob.'))).statusCode).toBe(303);
    const response = await saveSection(alice, '2', INSTALL.replace('Steps.', 'Steps, by Alice.'));
    expectLayoutPage(response, 409);
    expect(response.body).toContain('Edit conflict');
    expect(editorText(response.body)).toBe(PAGE.replace('Steps.', 'Steps, by Alice.'));
    expect(currentText()).toBe(PAGE.replace('Steps.', 'Steps, by Bob.'));
  });

  it('is refused while someone else holds the lock, the whole page kept as a draft', async () => {
    await bob.get('/guide?do=edit');
    const response = await saveSection(alice, '2', INSTALL.replace('Steps.', 'Steps, by Alice.'));
    expectLayoutPage(response, 423);
    expect(createDraftStore(wiki.db).get('guide', userHolder('alice'))?.text).toBe(PAGE.replace('Steps.', 'Steps, by Alice.'));
    expect(currentText()).toBe(PAGE);
  });

  it('autosaves a section as the whole page it makes', async () => {
    await alice.get('/guide?do=edit&section=3');
    const response = await alice.post('/guide?do=draft', { text: '## Use\n\nDrafted.\n', section: '3', base_rev: '1' });
    expect(response.statusCode).toBe(200);
    expect(createDraftStore(wiki.db).get('guide', userHolder('alice'))?.text).toBe('# Guide\n\nIntro.\n\n## Install\n\nSteps.\n\n```\n## not a heading\n```\n\n## Use\n\nDrafted.\n');
  });

  it.each([
    ['a section the base revision does not have', { section: '7', base_rev: '1' }],
    ['a section of a new page', { section: '1', base_rev: '' }],
    ['a section number that is not one', { section: 'x', base_rev: '1' }],
  ])('%s: 400 naming the field', async (_name, fields) => {
    await alice.get('/guide?do=edit');
    const response = await alice.post('/guide?do=save', { text: '## X\n', ...fields });
    expectErrorPage(response, 400, 'section');
    expect(currentText()).toBe(PAGE);
  });
});
