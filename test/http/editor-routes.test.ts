// The routes around the editor over HTTP (SPEC §12): the media manager answering in JSON (listing,
// uploads with `rename=on`), `/_/suggest` for `[[` completion, `/_/new`, "Create page" in search
// results, "Restore this revision" on old revisions and diffs, and diffs that follow the width.
import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMediaStore } from '../../src/media/store.js';
import { freeMediaId } from '../../src/media/upload.js';
import { newPageId } from '../../src/routes/new-page.js';
import { suggestPages } from '../../src/finding/suggest.js';
import { Client, createTestWiki, type TestWiki } from '../helpers/wiki.js';
import { addUsers, anonymousClient, clientAs } from './accounts-support.js';
import { expectErrorPage, expectLayoutPage, storeOf } from './support.js';

let wiki: TestWiki;
let admin: Client;
let alice: Client; // a user: UPLOAD (8) everywhere but secret:*, which she may not read
let visitor: Client;
let png: Buffer;

beforeAll(async () => {
  wiki = await createTestWiki({}, { policy: 'public' });
  await addUsers(wiki, [{ login: 'alice', name: 'Alice' }]);
  admin = await clientAs(wiki, 'admin');
  await admin.get('/_/admin/acl');
  expect((await admin.post('/_/admin/acl', { scope: 'secret:*', subject: '@user', level: '0' })).statusCode).toBe(303);
  alice = await clientAs(wiki, 'alice');
  visitor = await anonymousClient(wiki);
  png = await sharp({ create: { width: 8, height: 6, channels: 3, background: '#36c' } }).png().toBuffer();
  const media = createMediaStore(wiki.db);
  media.save({ id: 'team:diagram.png', data: png, author: 'admin' });
  media.save({ id: 'team:report.pdf', data: Buffer.from('%PDF-1.4\n%EOF\n'), author: 'admin' });
  media.save({ id: 'secret:plan.png', data: png, author: 'admin' });
  await admin.savePage('/team/meetings', '# Weekly meetings\n');
  await admin.savePage('/team/members', '# Who is who\n');
  await admin.savePage('/secret/meetings', '# Secret meetings\n');
  await admin.savePage('/history', 'one\n');
  await admin.savePage('/history', 'two\n');
  await admin.savePage('/history', 'three\n');
});
afterAll(async () => wiki.close());

const json = { accept: 'application/json' };

function multipart(fields: Record<string, string>, file: { name: string; data: Buffer; type: string }) {
  const boundary = `----quire${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = Object.entries(fields).map(([name, value]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.data, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

function upload(client: Client, fields: Record<string, string>, file: { name: string; data: Buffer; type: string }, headers: Record<string, string> = json): Promise<LightMyRequestResponse> {
  const { payload, contentType } = multipart({ _csrf: client.csrf, ...fields }, file);
  return client.app.inject({ method: 'POST', url: '/_/media', cookies: Object.fromEntries(client.cookies), headers: { 'content-type': contentType, ...headers }, payload });
}

const expectJsonError = (response: LightMyRequestResponse, status: number) => {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(response.json()).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
};

describe('GET /_/media?ns=NS with Accept: application/json', () => {
  it("lists the namespace's files with what the media dialog shows", async () => {
    const response = await alice.get('/_/media?ns=team', json);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      ns: 'team',
      files: [
        { id: 'team:diagram.png', name: 'diagram.png', size: png.length, modified: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), image: true, url: '/_/media/team/diagram.png', thumb: '/_/media/team/diagram.png?w=160&h=160' },
        { id: 'team:report.pdf', name: 'report.pdf', size: 14, modified: expect.any(String), image: false, url: '/_/media/team/report.pdf', thumb: null },
      ],
    });
  });

  it('an empty namespace lists nothing; a browser still gets the manager', async () => {
    expect((await alice.get('/_/media?ns=empty', json)).json()).toEqual({ ns: 'empty', files: [] });
    expectLayoutPage(await alice.get('/_/media?ns=team'), 200);
  });

  it('a namespace the viewer may not read is refused in JSON, before anything is listed', async () => {
    expectJsonError(await alice.get('/_/media?ns=secret', json), 403);
    await admin.get('/_/admin/acl');
    await admin.post('/_/admin/acl', { scope: 'hidden:*', subject: '@ALL', level: '0' });
    expectJsonError(await visitor.get('/_/media?ns=hidden', json), 401);
  });
});

describe('POST /_/media with Accept: application/json', () => {
  it('answers the id and the URL of the stored file', async () => {
    const response = await upload(alice, { ns: 'notes' }, { name: 'Screen Shot.png', data: png, type: 'image/png' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ id: 'notes:screen_shot.png', url: '/_/media/notes/screen_shot.png' });
  });

  it('with rename=on, a taken name becomes the first free one: name-1, name-2', async () => {
    const first = await upload(alice, { ns: 'pics', rename: 'on' }, { name: 'photo.png', data: png, type: 'image/png' });
    const second = await upload(alice, { ns: 'pics', rename: 'on' }, { name: 'photo.png', data: png, type: 'image/png' });
    const third = await upload(alice, { ns: 'pics', rename: 'on' }, { name: 'photo.png', data: png, type: 'image/png' });
    expect([first, second, third].map((response) => (response.json() as { id: string }).id)).toEqual(['pics:photo.png', 'pics:photo-1.png', 'pics:photo-2.png']);
    expect(createMediaStore(wiki.db).revisions('pics:photo.png')).toHaveLength(1);
  });

  it('without rename, a taken name is a 409 in JSON and nothing is replaced', async () => {
    expectJsonError(await upload(alice, { ns: 'team' }, { name: 'diagram.png', data: png, type: 'image/png' }), 409);
    expect(createMediaStore(wiki.db).revisions('team:diagram.png')).toHaveLength(1);
  });

  it.each([
    ['a file type the wiki does not take', 400, 'team', 'run.exe', Buffer.from('MZ')],
    ['bytes that are not what the name says', 400, 'team', 'fake.png', Buffer.from('not a png')],
    ['a namespace the uploader may not write to', 403, 'secret', 'a.png', null],
  ])('%s: %i in JSON', async (_name, status, ns, name, data) => {
    expectJsonError(await upload(alice, { ns }, { name, data: data ?? png, type: 'application/octet-stream' }), status);
  });

  it('without _csrf: 403 in JSON, nothing stored', async () => {
    expectJsonError(await upload(alice, { ns: 'csrf', _csrf: '' }, { name: 'a.png', data: png, type: 'image/png' }), 403);
    expect(createMediaStore(wiki.db).list('csrf')).toEqual([]);
  });

  it('an anonymous reader may not upload: 401', async () => {
    expectJsonError(await upload(visitor, { ns: 'team' }, { name: 'b.png', data: png, type: 'image/png' }), 401);
  });

  it.each([
    ['ns:photo.png', [], 'ns:photo.png'],
    ['ns:photo.png', ['ns:photo.png'], 'ns:photo-1.png'],
    ['ns:photo.png', ['ns:photo.png', 'ns:photo-1.png'], 'ns:photo-2.png'],
    ['ns:archive.tar.gz', ['ns:archive.tar.gz'], 'ns:archive.tar-1.gz'],
    ['logo.svg', ['logo.svg'], 'logo-1.svg'],
  ])('a free name for %s among %j is %s', (id, taken, free) => {
    expect(freeMediaId(id, (candidate) => taken.includes(candidate))).toBe(free);
  });
});

describe('GET /_/suggest', () => {
  const ids = async (client: Client, query: string) => ((await client.get(`/_/suggest?${query}`, json)).json() as { pages: Array<{ id: string }> }).pages.map((page) => page.id);

  it('gives readable pages whose id or title hold the text, best first', async () => {
    const response = await alice.get('/_/suggest?q=meet', json);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ pages: [{ id: 'team:meetings', title: 'Weekly meetings' }] });
    expect(await ids(admin, 'q=meet')).toEqual(['team:meetings', 'secret:meetings']);
  });

  it('matches titles, folded like ids, and puts pages beside the edited one first', async () => {
    expect(await ids(alice, 'q=who%20IS')).toEqual(['team:members']);
    expect(await ids(admin, 'q=meetings&ns=secret')).toEqual(['secret:meetings', 'team:meetings']);
  });

  it('an empty text lists readable pages; too long a text is 400', async () => {
    expect(await ids(visitor, 'q=')).toContain('start');
    expect(await ids(visitor, 'q=')).toContain('team:meetings');
    expectJsonError(await alice.get(`/_/suggest?q=${'x'.repeat(600)}`, json), 400);
  });

  it.each([
    ['', 'team', ['a:x', 'team:x', 'team:long_name', 'b:team']],
    ['team', '', ['team:x', 'team:long_name', 'b:team']],
    ['x', '', ['a:x', 'team:x']],
  ])('suggestPages(%j, near %j)', (query, near, expected) => {
    const pages = [
      { id: 'a:x', title: null },
      { id: 'b:team', title: null },
      { id: 'team:long_name', title: 'Long' },
      { id: 'team:x', title: null },
    ];
    const order = suggestPages(pages, query, { near, canRead: () => true }).map((page) => page.id);
    if (query === '') expect(order.slice(0, 2)).toEqual(['team:x', 'team:long_name']);
    expect([...order].sort()).toEqual([...expected].sort());
  });
});

describe('GET /_/new', () => {
  it('asks for a name in the namespace given', async () => {
    const response = await alice.get('/_/new?ns=team:notes');
    expectLayoutPage(response, 200);
    expect(response.body).toContain('<form class="new-page-form" method="get" action="/_/new">');
    expect(response.body).toContain('name="ns" type="text" maxlength="1000" value="team:notes"');
    expect(response.body).toContain('<input id="new-page-name" name="name"');
  });

  it('opens the editor of the page named', async () => {
    const response = await alice.get('/_/new?ns=team:notes&name=Kick-off%20Meeting');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/team/notes/kick-off_meeting?do=edit');
  });

  it.each([
    ['an empty name', 'ns=team&name=', 'Give the page a name made of letters or digits.'],
    ['a name of punctuation only', 'ns=team&name=%3F%3F%21', 'Give the page a name made of letters or digits.'],
    ['an id too long', `ns=team&name=${'a'.repeat(1001)}`, 'This page id is too long: it may have at most 1000 characters.'],
  ])('refuses %s with a message: 400', async (_name, query, message) => {
    const response = await alice.get(`/_/new?${query}`);
    expectLayoutPage(response, 400);
    expect(response.body).toContain(message);
    expect(response.body).toContain('aria-invalid="true"');
  });

  it('is a site tool for those who may write, in the namespace of the page shown', async () => {
    expect((await alice.get('/team/meetings')).body).toContain('<li class="tool-new"><a href="/_/new?ns=team">New page</a></li>');
    expect((await visitor.get('/team/meetings')).body).not.toContain('tool-new');
  });

  it.each([
    ['team', 'x', 'team:x'],
    ['', 'Start Here', 'start_here'],
    ['a', 'b:c', 'a:b:c'],
  ])('newPageId(%j, %j) = %s', (ns, name, id) => {
    expect(newPageId(ns, name)).toEqual({ id });
  });
});

describe('"Create page" in search results', () => {
  it('is offered for a page the viewer may create that does not exist', async () => {
    const response = await alice.get('/_/search?q=Release%20Notes');
    expect(response.body).toContain('<p class="search-create"><a class="wikilink-missing" href="/release_notes?do=edit">Create page release_notes</a></p>');
  });

  it.each([
    ['the page exists', 'alice', 'q=history'],
    ['the viewer may not create', 'visitor', 'q=release'],
    ['the query is search syntax', 'alice', 'q=%22release%20notes%22'],
    ['the query is an exclusion', 'alice', 'q=release%20-notes'],
  ])('is not offered when %s', async (_name, who, query) => {
    const client = who === 'alice' ? alice : visitor;
    expect((await client.get(`/_/search?${query}`)).body).not.toContain('search-create');
  });
});

describe('Restore this revision', () => {
  const restoreForm = (html: string) => /<form class="restore-revision" method="post" action="([^"]+)">[\s\S]*?<\/form>/.exec(html);

  it('is on an old revision for editors, a POST with CSRF to ?do=revert&rev=N', async () => {
    const form = restoreForm((await alice.get('/history?rev=1')).body);
    expect(form?.[1]).toBe('/history?do=revert&amp;rev=1');
    expect(form?.[0]).toContain('name="_csrf"');
    expect(form?.[0]).toContain('>Restore this revision</button>');
    expect(restoreForm((await visitor.get('/history?rev=1')).body)).toBeNull();
  });

  it('is on the diff screen for the older revision', async () => {
    expect(restoreForm((await alice.get('/history?do=diff&rev=1&rev2=3')).body)?.[1]).toBe('/history?do=revert&amp;rev=1');
    expect(restoreForm((await visitor.get('/history?do=diff&rev=1')).body)).toBeNull();
  });

  it('restores with the revision in the URL alone', async () => {
    await alice.get('/history?rev=1');
    const response = await alice.app.inject({
      method: 'POST',
      url: '/history?do=revert&rev=1',
      cookies: Object.fromEntries(alice.cookies),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(alice.csrf)}`,
    });
    expect(response.statusCode).toBe(303);
    expect(storeOf(wiki).get('history')?.text).toBe('one\n');
    expectErrorPage(await alice.post('/history?do=revert&rev=x', {}), 400, 'rev');
  });
});

describe('diffs without a chosen view', () => {
  beforeEach(async () => {
    await alice.get('/history?do=diff');
  });

  it('draw both views, side by side shown on wide screens and inline below 700 px', async () => {
    const html = (await alice.get('/history?do=diff&rev=1&rev2=2')).body;
    expect(html).toMatch(/<div class="diff-wide-only">\s*<table class="diff diff--sidebyside"/);
    expect(html).toMatch(/<div class="diff-narrow-only">\s*<table class="diff diff--inline"/);
  });

  it('a chosen view is drawn alone', async () => {
    const html = (await alice.get('/history?do=diff&rev=1&rev2=2&difftype=inline')).body;
    expect(html).toContain('class="diff diff--inline"');
    expect(html).not.toContain('diff--sidebyside');
  });
});
