// Editing safety and the page lifecycle over HTTP (SPEC §3, §6): edit locks and the 423 screen,
// drafts, conflicts with and without an automatic merge, rename with its redirect and link
// updates, and summaries. Lock expiry is simulated by re-dating a lock through a store whose clock
// runs 16 minutes behind.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDraftStore } from '../../src/pages/drafts.js';
import { createLockStore, LOCK_MS, userHolder, visitorHolder } from '../../src/pages/locks.js';
import { createTestWiki, type Client, type TestWiki } from '../helpers/wiki.js';
import { addUsers, anonymousClient, clientAs } from './accounts-support.js';
import { baseRevOf, editorText, expectCsrfInEveryPostForm, expectLayoutPage, sourceText, storeOf } from './support.js';

let wiki: TestWiki;
let alice: Client;
let bob: Client;

const locks = () => createLockStore(wiki.db);
const drafts = () => createDraftStore(wiki.db);

/** Re-dates `login`'s lock on `id` as if they had opened the editor 16 minutes ago. */
function expireLock(id: string, login: string): void {
  createLockStore(wiki.db, () => Date.now() - LOCK_MS - 60_000).acquire(id, userHolder(login), login);
}

/** Saves `text` as `client` and views the page, leaving no lock behind. */
async function seed(client: Client, path: string, text: string, extra: Record<string, string> = {}): Promise<void> {
  const response = await client.savePage(path, text, extra);
  expect(response.statusCode).toBe(303);
}

/** Sets an ACL rule through the admin screen (the app's ACL is cached, the store must be the app's). */
async function setRule(scope: string, subject: string, level: number): Promise<void> {
  const admin = await clientAs(wiki, 'admin');
  await admin.get('/_/admin/acl');
  expect((await admin.post('/_/admin/acl', { scope, subject, level: String(level) })).statusCode).toBe(303);
}

beforeEach(async () => {
  wiki = await createTestWiki({}, { policy: 'public' });
  await addUsers(wiki, [{ login: 'alice', name: 'Alice' }, { login: 'bob', name: 'Bob' }]);
  alice = await clientAs(wiki, 'alice');
  bob = await clientAs(wiki, 'bob');
  await seed(alice, '/team/notes', 'Line one\nLine two\n');
});
afterEach(async () => wiki.close());

describe('edit locks', () => {
  it('opening the editor locks the page for its user for 15 minutes', async () => {
    const before = Date.now();
    expectLayoutPage(await alice.get('/team/notes?do=edit'), 200);
    const lock = locks().current('team:notes');
    expect(lock).toMatchObject({ holder: 'user:alice', label: 'alice' });
    expect(lock?.expires).toBeGreaterThanOrEqual(before + LOCK_MS);
    expect(lock?.expires).toBeLessThanOrEqual(Date.now() + LOCK_MS);
  });

  it('answers 423 to another user with who holds the lock, until when, and the source read-only', async () => {
    await alice.get('/team/notes?do=edit');
    const response = await bob.get('/team/notes?do=edit');
    expectLayoutPage(response, 423);
    const until = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(locks().current('team:notes')?.expires);
    expect(response.body).toContain(`<p>alice is editing this page until ${until}.</p>`);
    expect(sourceText(response.body)).toBe('Line one\nLine two\n');
    expect(editorText(response.body)).toBeNull();
    expect(response.body).toContain('href="/team/notes?do=edit">Try again</a>');
    expect(response.body).not.toContain('?do=unlock');
    expect(locks().current('team:notes')?.holder).toBe('user:alice');
  });

  it('lets another user take over once the lock has expired', async () => {
    await alice.get('/team/notes?do=edit');
    expireLock('team:notes', 'alice');
    const response = await bob.get('/team/notes?do=edit');
    expectLayoutPage(response, 200);
    expect(editorText(response.body)).toBe('Line one\nLine two\n');
    expect(locks().current('team:notes')?.holder).toBe('user:bob');
  });

  it('refuses a save with 423 while another user holds the lock, saving nothing and keeping the text as a draft', async () => {
    await bob.get('/team/notes?do=edit');
    const response = await alice.post('/team/notes?do=save', { text: 'Alice was here\n', summary: 's', base_rev: '1' });
    expectLayoutPage(response, 423);
    expect(response.body).toContain('<p>bob is editing this page until');
    expect(response.body).toContain('Your text was not saved.');
    expect(sourceText(response.body)).toBe('Alice was here\n');
    expect(storeOf(wiki).get('team:notes')).toMatchObject({ rev: 1, text: 'Line one\nLine two\n' });
    expect(drafts().get('team:notes', userHolder('alice'))?.text).toBe('Alice was here\n');
  });

  it('refuses delete and restore with 423 while another user holds the lock', async () => {
    await seed(alice, '/team/notes', 'Version two\n');
    await bob.get('/team/notes?do=edit');
    await alice.get('/team/notes?do=revisions');
    expect((await alice.post('/team/notes?do=revert', { rev: '1' })).statusCode).toBe(423);
    expect((await alice.post('/team/notes?do=delete', {})).statusCode).toBe(423);
    expect(storeOf(wiki).get('team:notes')?.rev).toBe(2);
  });

  it.each([
    { way: 'saving', leave: (c: Client) => c.post('/team/notes?do=save', { text: 'Saved\n', base_rev: '1' }) },
    { way: 'cancelling', leave: (c: Client) => c.post('/team/notes?do=cancel', { text: 'x', base_rev: '1' }) },
    { way: 'viewing the page', leave: (c: Client) => c.get('/team/notes') },
    { way: 'logging out', leave: (c: Client) => c.post('/_/logout', {}) },
  ])('releases the lock on $way', async ({ leave }) => {
    await alice.get('/team/notes?do=edit');
    const response = await leave(alice);
    expect([200, 303]).toContain(response.statusCode);
    expect(locks().current('team:notes')).toBeNull();
    expectLayoutPage(await bob.get('/team/notes?do=edit'), 200);
  });

  it('does not release a lock by viewing it as someone else', async () => {
    await alice.get('/team/notes?do=edit');
    await bob.get('/team/notes');
    expect(locks().current('team:notes')?.holder).toBe('user:alice');
  });

  it('lets an admin break a lock from the 423 screen', async () => {
    await alice.get('/team/notes?do=edit');
    const admin = await clientAs(wiki, 'admin');
    const screen = await admin.get('/team/notes?do=edit');
    expectLayoutPage(screen, 423);
    // Breaking asks first, on a screen of its own that needs no JavaScript (issue 13).
    expect(screen.body).toContain('href="/team/notes?do=unlock"');
    const confirm = await admin.get('/team/notes?do=unlock');
    expectLayoutPage(confirm, 200);
    expect(confirm.body).toContain('<form method="post" action="/team/notes?do=unlock">');
    expectCsrfInEveryPostForm(confirm.body);
    expect(locks().current('team:notes')).not.toBeNull();
    const broken = await admin.post('/team/notes?do=unlock', {});
    expect(broken.statusCode).toBe(303);
    expect(broken.headers.location).toBe('/team/notes');
    expect(locks().current('team:notes')).toBeNull();
    expectLayoutPage(await admin.get('/team/notes?do=edit'), 200);
  });

  it('does not let a user who is not an admin break a lock', async () => {
    await alice.get('/team/notes?do=edit');
    await bob.get('/team/notes');
    expect((await bob.post('/team/notes?do=unlock', {})).statusCode).toBe(403);
    expect(locks().current('team:notes')?.holder).toBe('user:alice');
  });

  it('keeps the lock alive from the editor script and tells another user it is taken (JSON)', async () => {
    await alice.get('/team/notes?do=edit');
    const refreshed = await alice.post('/team/notes?do=lock', {});
    expect(refreshed.statusCode).toBe(200);
    expect(refreshed.json()).toMatchObject({ locked: true, expires: expect.any(Number) });
    await bob.get('/team/notes');
    const refused = await bob.post('/team/notes?do=lock', {});
    expect(refused.statusCode).toBe(423);
    expect(refused.json()).toMatchObject({ locked: false, holder: 'alice', expires: expect.any(Number) });
  });

  it('loads the editor script, with no inline script', async () => {
    const response = await alice.get('/team/notes?do=edit');
    const src = /<script src="(\/_\/static\/build\/editor-[0-9a-f]+\.js)" defer><\/script>/.exec(response.body)?.[1];
    expect(src).toBeDefined();
    expect(response.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(response.body).toContain('data-draft-url="/team/notes?do=draft"');
    const script = await alice.get(src!);
    expect(script.statusCode).toBe(200);
    expect(script.body).toContain('visibilitychange');
  });
});

describe('edit locks of anonymous editors (open policy)', () => {
  beforeEach(async () => {
    await clientAs(wiki, 'admin').then(async (admin) => {
      await admin.get('/_/admin/acl');
      await admin.post('/_/admin/acl', { scope: '*', subject: '@ALL', level: '8' });
    });
  });

  it('tells two visitors from the same IP apart by their visitor cookie', async () => {
    const first = await anonymousClient(wiki);
    const second = await anonymousClient(wiki);
    expectLayoutPage(await first.get('/team/notes?do=edit'), 200);
    const lock = locks().current('team:notes');
    expect(lock?.holder).toBe(visitorHolder(first.cookies.get('quire_visitor') ?? ''));
    expect(lock?.label).toBe('127.0.0.1');
    const refused = await second.get('/team/notes?do=edit');
    expectLayoutPage(refused, 423);
    expect(refused.body).toContain('<p>127.0.0.1 is editing this page until');
    const saved = await first.post('/team/notes?do=save', { text: 'Anonymous edit\n', base_rev: '1' });
    expect(saved.statusCode).toBe(303);
    expect(storeOf(wiki).get('team:notes')?.text).toBe('Anonymous edit\n');
    expectLayoutPage(await second.get('/team/notes?do=edit'), 200);
  });
});

describe('drafts', () => {
  async function autosave(client: Client, text: string, baseRev = '1') {
    return client.post('/team/notes?do=draft', { text, summary: 'draft summary', base_rev: baseRev });
  }

  it('stores the autosaved draft and answers JSON', async () => {
    await alice.get('/team/notes?do=edit');
    const response = await autosave(alice, 'Line one\nLine two\nDraft line\n');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const reply = response.json() as { saved: boolean; at: number };
    expect(reply).toMatchObject({ saved: true, at: expect.any(Number) });
    expect(drafts().get('team:notes', userHolder('alice'))).toMatchObject({
      text: 'Line one\nLine two\nDraft line\n',
      summary: 'draft summary',
      baseRev: 1,
      saved: reply.at,
    });
  });

  it('refuses a draft without a valid CSRF token', async () => {
    await alice.get('/team/notes?do=edit');
    const response = await alice.post('/team/notes?do=draft', { text: 'x', base_rev: '1', _csrf: 'forged' });
    expect(response.statusCode).toBe(403);
    expect(drafts().get('team:notes', userHolder('alice'))).toBeUndefined();
  });

  it('offers a waiting draft when the editor is opened again, with its difference to the page', async () => {
    await alice.get('/team/notes?do=edit');
    await autosave(alice, 'Line one\nLine two\nDraft line\n');
    await alice.get('/team/notes');
    const offer = await alice.get('/team/notes?do=edit');
    expectLayoutPage(offer, 200);
    expect(offer.body).toContain('You have a draft of this page');
    expect(offer.body).toContain('href="/team/notes?do=edit&amp;draft=recover">Recover the draft</a>');
    expect(offer.body).toContain('<form method="post" action="/team/notes?do=draftdel">');
    expect(offer.body).toMatch(/<ins>[\s\S]*Draft line[\s\S]*<\/ins>/);
    expect(editorText(offer.body)).toBeNull();
    expectCsrfInEveryPostForm(offer.body);
    // Opening the editor took the lock, even on the offer screen.
    expect(locks().current('team:notes')?.holder).toBe('user:alice');
  });

  it('recovers the draft into the editor, based on the revision it started from', async () => {
    await alice.get('/team/notes?do=edit');
    await autosave(alice, 'Recovered text\n');
    const editor = await alice.get('/team/notes?do=edit&draft=recover');
    expectLayoutPage(editor, 200);
    expect(editorText(editor.body)).toBe('Recovered text\n');
    expect(baseRevOf(editor.body)).toBe('1');
    expect(editor.body).toContain('value="draft summary"');
    expect(editor.body).toContain('This is your draft from');
    expect((await alice.post('/team/notes?do=save', { text: 'Recovered text\n', base_rev: '1' })).statusCode).toBe(303);
    expect(drafts().get('team:notes', userHolder('alice'))).toBeUndefined();
  });

  it('discards the draft and opens the editor on the current text', async () => {
    await alice.get('/team/notes?do=edit');
    await autosave(alice, 'Throw me away\n');
    await alice.get('/team/notes?do=edit');
    const discarded = await alice.post('/team/notes?do=draftdel', {});
    expect(discarded.statusCode).toBe(303);
    expect(discarded.headers.location).toBe('/team/notes?do=edit');
    expect(drafts().get('team:notes', userHolder('alice'))).toBeUndefined();
    expect(editorText((await alice.get('/team/notes?do=edit')).body)).toBe('Line one\nLine two\n');
  });

  it('deletes the draft when the page is saved', async () => {
    await alice.get('/team/notes?do=edit');
    await autosave(alice, 'Almost done\n');
    expect((await alice.post('/team/notes?do=save', { text: 'Done\n', base_rev: '1' })).statusCode).toBe(303);
    expect(drafts().get('team:notes', userHolder('alice'))).toBeUndefined();
    expect(editorText((await alice.get('/team/notes?do=edit')).body)).toBe('Done\n');
  });

  it('does not offer a draft that matches the page', async () => {
    await alice.get('/team/notes?do=edit');
    await autosave(alice, 'Line one\r\nLine two  \r\n');
    const editor = await alice.get('/team/notes?do=edit');
    expect(editorText(editor.body)).toBe('Line one\nLine two\n');
    expect(drafts().get('team:notes', userHolder('alice'))).toBeUndefined();
  });

  it('belongs to its author only', async () => {
    await alice.get('/team/notes?do=edit');
    await autosave(alice, "Alice's secret draft\n");
    await alice.get('/team/notes');
    const editor = await bob.get('/team/notes?do=edit');
    expectLayoutPage(editor, 200);
    expect(editorText(editor.body)).toBe('Line one\nLine two\n');
    expect(editor.body).not.toContain('secret');
    expect((await bob.get('/team/notes?do=edit&draft=recover')).body).not.toContain('secret');
    await bob.post('/team/notes?do=draftdel', {});
    expect(drafts().get('team:notes', userHolder('alice'))?.text).toBe("Alice's secret draft\n");
  });

  it('needs edit permission', async () => {
    const visitor = await anonymousClient(wiki);
    expect((await visitor.post('/team/notes?do=draft', { text: 'x', base_rev: '1' })).statusCode).toBe(401);
  });
});

describe('edit conflicts', () => {
  it('shows the user text, the current text and their difference on a stale base_rev', async () => {
    await alice.get('/team/notes?do=edit');
    expireLock('team:notes', 'alice');
    await seed(bob, '/team/notes', 'Line one\nBob was here\n');
    const response = await alice.post('/team/notes?do=save', { text: 'Line one\nAlice was here\n', summary: 'mine', base_rev: '1' });
    expectLayoutPage(response, 409);
    expect(response.body).toContain('Edit conflict');
    expect(editorText(response.body)).toBe('Line one\nAlice was here\n');
    expect(baseRevOf(response.body)).toBe('2');
    expect(response.body).toMatch(/<textarea id="current-text"[^>]*readonly[^>]*>Line one\nBob was here\n<\/textarea>/);
    expect(response.body).toMatch(/<del>[\s\S]*Bob[\s\S]*<\/del>/);
    expect(response.body).toMatch(/<ins>[\s\S]*Alice[\s\S]*<\/ins>/);
    expect(response.body).not.toContain('were merged');
    expect(storeOf(wiki).get('team:notes')).toMatchObject({ rev: 2, text: 'Line one\nBob was here\n' });
  });

  it('merges edits of different lines, shows the merge and saves it only when the user saves', async () => {
    await seed(alice, '/team/notes', 'Intro\n\nMiddle\n\nEnd\n');
    await alice.get('/team/notes?do=edit');
    expireLock('team:notes', 'alice');
    await seed(bob, '/team/notes', 'Intro by Bob\n\nMiddle\n\nEnd\n');
    const response = await alice.post('/team/notes?do=save', { text: 'Intro\n\nMiddle\n\nEnd by Alice\n', base_rev: '2' });
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain('changes by bob');
    expect(response.body).toContain('merged with theirs below. Nothing is saved yet');
    expect(editorText(response.body)).toBe('Intro by Bob\n\nMiddle\n\nEnd by Alice\n');
    expect(baseRevOf(response.body)).toBe('3');
    expect(storeOf(wiki).get('team:notes')).toMatchObject({ rev: 3, text: 'Intro by Bob\n\nMiddle\n\nEnd\n' });

    const saved = await alice.post('/team/notes?do=save', { text: editorText(response.body) ?? '', base_rev: '3' });
    expect(saved.statusCode).toBe(303);
    expect(storeOf(wiki).get('team:notes')).toMatchObject({ rev: 4, text: 'Intro by Bob\n\nMiddle\n\nEnd by Alice\n', author: 'alice' });
  });
});

describe('rename', () => {
  it('GET ?do=rename shows a confirmation form', async () => {
    const response = await alice.get('/team/notes?do=rename');
    expectLayoutPage(response, 200);
    expect(response.body).toContain('<form method="post" action="/team/notes?do=rename">');
    expect(response.body).toMatch(/<input id="rename-to" name="to" [^>]*value="team:notes"/);
    expect(response.body).toMatch(/name="update_links" value="on" checked/);
    expectCsrfInEveryPostForm(response.body);
    expect((await alice.get('/team/notes')).body).toContain('<li class="tool-rename"><a href="/team/notes?do=rename">Rename</a></li>');
  });

  it('moves the page with its history, records a rename revision and redirects the old URL', async () => {
    await seed(alice, '/team/notes', 'Line one\nLine two\nLine three\n', { summary: 'third line' });
    await alice.get('/team/notes?do=rename');
    const response = await alice.post('/team/notes?do=rename', { to: 'Archive/Notes', update_links: 'off' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/archive/notes');

    const store = storeOf(wiki);
    expect(store.exists('team:notes')).toBe(false);
    expect(store.countRevisions('team:notes')).toBe(0);
    expect(store.get('archive:notes')).toMatchObject({ rev: 3, text: 'Line one\nLine two\nLine three\n' });
    expect(store.revision('archive:notes', 2)).toMatchObject({ summary: 'third line', text: 'Line one\nLine two\nLine three\n' });
    expect(store.revision('archive:notes', 3)).toMatchObject({ type: 'rename', summary: 'renamed from team:notes', author: 'alice' });

    const old = await alice.get('/team/notes');
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe('/archive/notes');
    const history = await alice.get('/team/notes?do=revisions');
    expect(history.statusCode).toBe(301);
    expect(history.headers.location).toBe('/archive/notes?do=revisions');
    const list = await alice.get('/archive/notes?do=revisions');
    expect(list.body).toContain('renamed from team:notes');
    expect(list.body).toContain('revision__type--rename');
    expect(list.body).toContain('third line');
  });

  it('keeps the search index and the links table in step with the move', async () => {
    await seed(alice, '/team/notes', 'About zebrafish, see [[wiki:syntax]].\n');
    await alice.get('/team/notes?do=rename');
    await alice.post('/team/notes?do=rename', { to: 'archive:notes' });
    const found = await alice.get('/_/search?q=zebrafish');
    expect(found.body).toContain('href="/archive/notes"');
    expect(found.body).not.toContain('href="/team/notes"');
    expect(storeOf(wiki).backlinks('wiki:syntax')).toContain('archive:notes');
    expect(storeOf(wiki).backlinks('wiki:syntax')).not.toContain('team:notes');
  });

  it('answers 301 at the old URL only until a page is created there', async () => {
    await alice.get('/team/notes?do=rename');
    await alice.post('/team/notes?do=rename', { to: 'archive:notes', update_links: 'on' });
    expect((await bob.get('/team/notes')).statusCode).toBe(301);
    const editor = await bob.get('/team/notes?do=edit');
    expectLayoutPage(editor, 200);
    expect(baseRevOf(editor.body)).toBe('');
    await seed(bob, '/team/notes', 'A new page under the old name\n');
    const view = await bob.get('/team/notes');
    expectLayoutPage(view, 200);
    expect(view.body).toContain('A new page under the old name');
    await bob.savePage('/team/notes', '');
    expectLayoutPage(await bob.get('/team/notes'), 404);
  });

  it('rewrites links in the pages linking to it, as new revisions, and lists those it may not edit', async () => {
    await setRule('locked:*', '@user', 1);
    const admin = await clientAs(wiki, 'admin');
    await seed(alice, '/team/a', 'Sibling [[notes]], [see](<team:notes#Line two>), `[[notes]]` and [[notes|the notes]].\n');
    await seed(alice, '/other/b', '* [[team:notes]]\n* [[:team:notes#x|Notes]]\n');
    await seed(admin, '/locked/c', 'Read-only link to [[team:notes]].\n');

    await alice.get('/team/notes?do=rename');
    const response = await alice.post('/team/notes?do=rename', { to: 'archive:notes', update_links: 'on' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/archive/notes?do=renamed&from=team%3Anotes');

    const store = storeOf(wiki);
    expect(store.get('team:a')?.text).toBe(
      'Sibling [[archive:notes]], [see](<archive:notes#Line two>), `[[notes]]` and [[archive:notes|the notes]].\n',
    );
    expect(store.revision('team:a', 2)).toMatchObject({ summary: 'link update after rename', minor: true, author: 'alice' });
    expect(store.get('other:b')?.text).toBe('* [[archive:notes]]\n* [[archive:notes#x|Notes]]\n');
    expect(store.get('locked:c')).toMatchObject({ rev: 1, text: 'Read-only link to [[team:notes]].\n' });
    expect(store.backlinks('archive:notes')).toEqual(['other:b', 'team:a']);
    expect(store.backlinks('team:notes')).toEqual(['locked:c']);

    const result = await alice.get(response.headers.location as string);
    expectLayoutPage(result, 200);
    expect(result.body).toContain('team:notes was renamed to archive:notes.');
    expect(result.body).toContain('<a href="/locked/c">locked:c</a>');
    expect(result.body).not.toContain('<a href="/team/a">');
  });

  it('leaves the links alone when update_links is off', async () => {
    await seed(alice, '/team/a', 'See [[notes]].\n');
    await alice.get('/team/notes?do=rename');
    await alice.post('/team/notes?do=rename', { to: 'archive:notes' });
    expect(storeOf(wiki).get('team:a')).toMatchObject({ rev: 1, text: 'See [[notes]].\n' });
    expect((await alice.get('/team/notes')).headers.location).toBe('/archive/notes');
  });

  it('keeps the targets of the moved page’s own relative links', async () => {
    await seed(alice, '/team/notes', 'See [[sibling]], [[:start]], [[notes#Top|myself]], [[team:notes|me]] and [[#local]].\n');
    await alice.get('/team/notes?do=rename');
    await alice.post('/team/notes?do=rename', { to: 'archive:notes', update_links: 'on' });
    expect(storeOf(wiki).get('archive:notes')?.text).toBe(
      'See [[team:sibling]], [[:start]], [[notes#Top|myself]], [[archive:notes|me]] and [[#local]].\n',
    );
  });

  it('refuses to rename onto an existing page with 409', async () => {
    await seed(alice, '/archive/notes', 'Already here\n');
    await alice.get('/team/notes?do=rename');
    const response = await alice.post('/team/notes?do=rename', { to: 'archive:notes', update_links: 'on' });
    expectLayoutPage(response, 409);
    expect(response.body).toContain('A page named “archive:notes” already exists.');
    expect(storeOf(wiki).get('team:notes')?.rev).toBe(1);
    expect(storeOf(wiki).get('archive:notes')?.text).toBe('Already here\n');
  });

  it.each(['', '???', ' : '])('answers 400 naming the field for the target %j', async (to) => {
    await alice.get('/team/notes?do=rename');
    const response = await alice.post('/team/notes?do=rename', { to, update_links: 'on' });
    expectLayoutPage(response, 400);
    expect(response.body).toContain('The field “to” must be a valid page name');
    expect(storeOf(wiki).exists('team:notes')).toBe(true);
  });

  it('needs create permission on the target', async () => {
    await setRule('vault:*', '@user', 2);
    await alice.get('/team/notes?do=rename');
    expect((await alice.post('/team/notes?do=rename', { to: 'vault:notes' })).statusCode).toBe(403);
    expect(storeOf(wiki).exists('team:notes')).toBe(true);
  });

  it('needs edit permission on the source', async () => {
    await setRule('team:*', '@user', 1);
    await bob.get('/team/notes');
    expect((await bob.post('/team/notes?do=rename', { to: 'mine:notes' })).statusCode).toBe(403);
    expect((await bob.get('/team/notes?do=rename')).statusCode).toBe(403);
  });

  it('answers 423 while another user edits the page', async () => {
    await bob.get('/team/notes?do=edit');
    await alice.get('/team/notes?do=rename');
    expect((await alice.post('/team/notes?do=rename', { to: 'archive:notes' })).statusCode).toBe(423);
    expect(storeOf(wiki).exists('team:notes')).toBe(true);
  });

  it('moves onto the id of a deleted page, after its history', async () => {
    await seed(alice, '/archive/notes', 'Old archive\n');
    await seed(alice, '/archive/notes', '');
    await alice.get('/team/notes?do=rename');
    expect((await alice.post('/team/notes?do=rename', { to: 'archive:notes' })).statusCode).toBe(303);
    const store = storeOf(wiki);
    expect(store.revisions('archive:notes', 0, 10).map((r) => [r.rev, r.type])).toEqual([
      [4, 'rename'],
      [3, 'create'],
      [2, 'delete'],
      [1, 'create'],
    ]);
  });
});

describe('summaries and minor edits', () => {
  it('cuts summaries to 255 characters with tabs and newlines as spaces, and shows them in the history', async () => {
    const long = `first\tsecond\nthird\r\n${'x'.repeat(300)}`;
    await seed(alice, '/team/notes', 'Changed\n', { summary: long, minor: 'on' });
    const stored = storeOf(wiki).revision('team:notes', 2);
    expect(stored?.summary).toBe(`first second third ${'x'.repeat(300)}`.slice(0, 255));
    expect(stored?.summary).toHaveLength(255);
    expect(stored).toMatchObject({ minor: true, type: 'minor' });
    const history = await alice.get('/team/notes?do=revisions');
    expect(history.body).toContain(`first second third ${'x'.repeat(100)}`);
    expect(history.body).toContain('revision--minor');
    expect(history.body).toContain('minor edit');
  });
});
