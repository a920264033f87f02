// Permissions on page actions (SPEC §3, §5) for four kinds of visitor, with the public policy plus
// `devel:* @devel 8` and `devel:* @ALL 0`: anonymous visitors get 401, logged-in users 403.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, createTestWiki, type TestWiki } from '../helpers/wiki.js';
import { addUsers, anonymousClient, clientAs } from './accounts-support.js';
import { editorText, expectErrorPage, expectLayoutPage, sourceText, storeOf } from './support.js';

type Role = 'anonymous' | 'user' | 'editor' | 'admin';
const ROOT = '/start';
const DEVEL = '/devel/notes';

let wiki: TestWiki;
beforeEach(async () => {
  wiki = await createTestWiki({}, { policy: 'public' });
  await addUsers(wiki, [
    { login: 'bob', name: 'Bob' },
    { login: 'eve', name: 'Eve', groups: ['devel'] },
  ]);
  const admin = await clientAs(wiki, 'admin');
  await admin.get('/_/admin/acl');
  for (const rule of [
    { scope: 'devel:*', subject: '@devel', level: '8' },
    { scope: 'devel:*', subject: '@ALL', level: '0' },
  ]) {
    expect((await admin.post('/_/admin/acl', rule)).statusCode).toBe(303);
  }
  expect((await admin.savePage(DEVEL, '# Devel notes\n\nFirst\n')).statusCode).toBe(303);
  expect((await admin.savePage(DEVEL, '# Devel notes\n\nSecond\n')).statusCode).toBe(303);
});
afterEach(async () => wiki.close());

function clientFor(role: Role): Promise<Client> {
  if (role === 'anonymous') return anonymousClient(wiki);
  return clientAs(wiki, { user: 'bob', editor: 'eve', admin: 'admin' }[role]);
}

const idOf = (path: string) => path.slice(1).replace(/\//g, ':');
const pageTools = (html: string) => /<nav class="page-tools"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';

/** What each visitor gets: reading on each page, and saving it. */
const access: ReadonlyArray<{ role: Role; page: string; read: number; save: number }> = [
  { role: 'anonymous', page: ROOT, read: 200, save: 401 },
  { role: 'anonymous', page: DEVEL, read: 401, save: 401 },
  { role: 'user', page: ROOT, read: 200, save: 303 },
  { role: 'user', page: DEVEL, read: 403, save: 403 },
  { role: 'editor', page: ROOT, read: 200, save: 303 },
  { role: 'editor', page: DEVEL, read: 200, save: 303 },
  { role: 'admin', page: ROOT, read: 200, save: 303 },
  { role: 'admin', page: DEVEL, read: 200, save: 303 },
];

const reads = ['', '?do=edit', '?do=source', '?do=revisions', '?do=diff', '?do=backlink', '?do=export_raw'];

describe('reading', () => {
  it.each(access.flatMap(({ role, page, read }) => reads.map((query) => ({ role, url: page + query, read }))))(
    '$role: GET $url → $read',
    async ({ role, url, read }) => {
      const response = await (await clientFor(role)).get(url);
      expect(response.statusCode).toBe(read);
      if (read !== 200) expectErrorPage(response, read);
    },
  );
});

describe('saving', () => {
  it.each(access)('$role: POST $page?do=save → $save', async ({ role, page, save }) => {
    const client = await clientFor(role);
    const before = storeOf(wiki).get(idOf(page));
    const response = await client.post(`${page}?do=save`, { text: `Saved by ${role}\n`, summary: '', base_rev: String(before?.rev) });
    expect(response.statusCode).toBe(save);
    const after = storeOf(wiki).get(idOf(page));
    if (save === 303) {
      expect(after?.rev).toBe((before?.rev ?? 0) + 1);
      expect(after?.text).toBe(`Saved by ${role}\n`);
    } else {
      expectErrorPage(response, save);
      expect(after).toEqual(before);
    }
  });

  it.each([
    ['anonymous', 401],
    ['user', 403],
    ['editor', 303],
  ] as const)('%s: creating a page in devel → %i', async (role, status) => {
    const client = await clientFor(role);
    const response = await client.post('/devel/new-page?do=save', { text: 'New\n', summary: '', base_rev: '' });
    expect(response.statusCode).toBe(status);
    expect(storeOf(wiki).exists('devel:new-page')).toBe(status === 303);
  });
});

describe('who may read but not edit', () => {
  it('gets "View source" instead of "Edit this page" in the page tools', async () => {
    const visitor = await anonymousClient(wiki);
    const page = await visitor.get(ROOT);
    expectLayoutPage(page, 200);
    const tools = pageTools(page.body);
    expect(tools).toContain('<li class="tool-source"><a href="/start?do=source" accesskey="e">View source</a></li>');
    expect(tools).not.toContain('Edit this page');
    expect(tools).not.toContain('class="tool-delete"');
    const bob = await clientFor('user');
    const editable = pageTools((await bob.get(ROOT)).body);
    expect(editable).toContain('<li class="tool-edit"><a href="/start?do=edit" accesskey="e">Edit this page</a></li>');
    expect(editable).not.toContain('View source');
  });

  it('gets the read-only source at do=edit, not the editor', async () => {
    const visitor = await anonymousClient(wiki);
    const response = await visitor.get(`${ROOT}?do=edit`);
    expectLayoutPage(response, 200);
    expect(response.body).toContain('<h1>Source: start</h1>');
    expect(sourceText(response.body)).toBe(storeOf(wiki).get('start')?.text);
    expect(editorText(response.body)).toBeNull();
    expect(response.body).not.toContain('?do=save');
  });

  it('gets the editor when allowed to edit', async () => {
    const eve = await clientFor('editor');
    const response = await eve.get(`${DEVEL}?do=edit`);
    expectLayoutPage(response, 200);
    expect(editorText(response.body)).toBe('# Devel notes\n\nSecond\n');
    expect(pageTools(response.body)).toContain('<li class="tool-edit"');
  });

  it('is not offered to create a missing page', async () => {
    const visitor = await anonymousClient(wiki);
    const response = await visitor.get('/no-such-page');
    expectLayoutPage(response, 404);
    expect(pageTools(response.body)).not.toContain('class="tool-create"');
    expect(response.body).not.toContain('?do=edit');
    expect((await visitor.get('/no-such-page?do=edit')).statusCode).toBe(401);
  });
});

describe('refusals', () => {
  it('answer 401 with a log-in link that returns to the page', async () => {
    const url = `${DEVEL}?do=revisions`;
    const response = await wiki.app.inject({ method: 'GET', url });
    expectErrorPage(response, 401);
    const href = `/_/login?return_to=${encodeURIComponent(url)}`;
    expect(response.body).toContain(`<a class="button button--primary" href="${href}">Log in</a>`);
    const form = await wiki.app.inject({ method: 'GET', url: href });
    expect(form.body).toContain(`<input type="hidden" name="return_to" value="${url}">`);
  });

  it('answer 403 without a log-in link to a logged-in user', async () => {
    const response = await (await clientFor('user')).get(DEVEL);
    expectErrorPage(response, 403);
    expect(response.body).not.toContain('button button--primary" href="/_/login');
  });

  it.each([
    ['anonymous', 401],
    ['user', 403],
    ['editor', 404],
  ] as const)('do not reveal whether a page exists: %s on a missing devel page → %i', async (role, status) => {
    expect((await (await clientFor(role)).get('/devel/missing')).statusCode).toBe(status);
  });
});
