// The ACL manager (SPEC §3 /_/admin/acl, §5): rules listed, added, changed by posting the same
// scope and subject, deleted; each change applies to the very next request; bad input is a 400.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAclStore } from '../../src/access/acl-store.js';
import { Client, createTestWiki, type TestWiki } from '../helpers/wiki.js';
import { addUsers, anonymousClient, clientAs, formError, snapshot } from './accounts-support.js';
import { expectLayoutPage } from './support.js';

let wiki: TestWiki;
let admin: Client;
beforeEach(async () => {
  wiki = await createTestWiki({}, { policy: 'public' });
  await addUsers(wiki, [{ login: 'bob', name: 'Bob' }, { login: 'eve', name: 'Eve', groups: ['devel'] }]);
  admin = await clientAs(wiki, 'admin');
  await admin.get('/_/admin/acl');
});
afterEach(async () => wiki.close());

const rules = () => createAclStore(wiki.db).rules();

/** The page tools offered to a client on a page: their class names (tool-edit, tool-source, …). */
async function toolsOn(client: Client | null, url: string): Promise<string[]> {
  const response = client ? await client.get(url) : await wiki.app.inject({ method: 'GET', url });
  const nav = /<nav class="page-tools"[\s\S]*?<\/nav>/.exec(response.body)?.[0] ?? '';
  return [...nav.matchAll(/<li class="tool-(\w+)">/g)].map((match) => match[1] ?? '');
}

describe('the list', () => {
  it('shows every rule with its level, and a delete form for each', async () => {
    const response = await admin.get('/_/admin/acl');
    expectLayoutPage(response, 200);
    expect(response.body).toMatch(/<td><code>\*<\/code><\/td>\s*<td>@ALL<\/td>\s*<td>Read \(1\)<\/td>/);
    expect(response.body).toMatch(/<td><code>\*<\/code><\/td>\s*<td>@user<\/td>\s*<td>Upload \(8\)<\/td>/);
    expect(response.body.match(/action="\/_\/admin\/acl\?do=delete"/g)).toHaveLength(2);
    for (const field of ['scope', 'subject', 'level']) expect(response.body).toContain(`name="${field}"`);
  });
});

describe('adding a rule', () => {
  it.each([
    ['a page id', 'wiki:syntax', 'bob', '1', { scope: 'wiki:syntax', subject: 'bob', level: 1 }],
    ['a namespace', 'devel:*', '@devel', '8', { scope: 'devel:*', subject: '@devel', level: 8 }],
    ['the whole wiki', '*', '@ALL', '0', { scope: '*', subject: '@ALL', level: 0 }],
    ['a page id to clean', ' Wiki:Some Page ', 'Bob', '2', { scope: 'wiki:some_page', subject: 'bob', level: 2 }],
    ['a namespace written with a slash', 'devel/*', '@devel', '4', { scope: 'devel:*', subject: '@devel', level: 4 }],
    ['a nested namespace', 'a:b:c:*', '@Editors', '16', { scope: 'a:b:c:*', subject: '@Editors', level: 16 }],
  ])('saves a rule on %s (303)', async (_label, scope, subject, level, stored) => {
    const response = await admin.post('/_/admin/acl', { scope, subject, level });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/_/admin/acl?done=saved');
    expect(rules()).toContainEqual(stored);
    const list = await admin.get('/_/admin/acl?done=saved');
    expect(list.body).toContain('The rule was saved.');
    expect(list.body).toContain(`<td><code>${stored.scope}</code></td>`);
  });

  it.each(['0', '1', '2', '4', '8', '16'])('accepts the level %s', async (level) => {
    expect((await admin.post('/_/admin/acl', { scope: 'x:*', subject: '@devel', level })).statusCode).toBe(303);
    expect(rules()).toContainEqual({ scope: 'x:*', subject: '@devel', level: Number(level) });
  });

  it('takes effect on the next request', async () => {
    const bob = await clientAs(wiki, 'bob');
    expect(await toolsOn(bob, '/wiki/syntax')).toContain('edit');
    expect((await bob.get('/wiki/syntax?do=edit')).body).toContain('name="base_rev"');

    await admin.post('/_/admin/acl', { scope: 'wiki:syntax', subject: '@user', level: '1' });
    const tools = await toolsOn(bob, '/wiki/syntax');
    expect(tools).toContain('source');
    expect(tools).not.toContain('edit');
    expect((await bob.get('/wiki/syntax?do=edit')).body).toContain('<textarea id="source-text" class="editor-text" readonly');

    await admin.post('/_/admin/acl', { scope: 'wiki:*', subject: '@ALL', level: '0' });
    expect((await wiki.app.inject({ method: 'GET', url: '/wiki/syntax' })).statusCode).toBe(401);
    expect((await wiki.app.inject({ method: 'GET', url: '/start' })).statusCode).toBe(200);
    // bob still has his page rule, the most specific one.
    expect((await bob.get('/wiki/syntax')).statusCode).toBe(200);
  });

  it('changes the level when the same scope and subject are posted again', async () => {
    const bob = await clientAs(wiki, 'bob');
    await admin.post('/_/admin/acl', { scope: 'wiki:syntax', subject: 'bob', level: '1' });
    expect(await toolsOn(bob, '/wiki/syntax')).toContain('source');
    const response = await admin.post('/_/admin/acl', { scope: 'wiki:syntax', subject: 'BOB', level: '2' });
    expect(response.statusCode).toBe(303);
    expect(rules().filter((rule) => rule.scope === 'wiki:syntax')).toEqual([{ scope: 'wiki:syntax', subject: 'bob', level: 2 }]);
    expect(await toolsOn(bob, '/wiki/syntax')).toContain('edit');
  });

  it('changes a group rule whatever the case the group is typed in', async () => {
    const response = await admin.post('/_/admin/acl', { scope: '*', subject: '@all', level: '0' });
    expect(response.statusCode).toBe(303);
    expect(rules().filter((rule) => rule.scope === '*')).toEqual([
      { scope: '*', subject: '@ALL', level: 0 },
      { scope: '*', subject: '@user', level: 8 },
    ]);
    expect((await wiki.app.inject({ method: 'GET', url: '/start' })).statusCode).toBe(401);
  });

  it('matches group subjects case-insensitively', async () => {
    const eve = await clientAs(wiki, 'eve');
    await admin.post('/_/admin/acl', { scope: 'devel:*', subject: '@ALL', level: '0' });
    await admin.post('/_/admin/acl', { scope: 'devel:*', subject: '@DEVEL', level: '8' });
    expect((await eve.get('/devel/notes')).statusCode).toBe(404);
    expect(await toolsOn(eve, '/devel/notes')).toContain('create');
  });
});

describe('deleting a rule', () => {
  it('removes the rule (303) and the permission it gave', async () => {
    const bob = await clientAs(wiki, 'bob');
    await admin.post('/_/admin/acl', { scope: 'wiki:syntax', subject: 'bob', level: '1' });
    expect(await toolsOn(bob, '/wiki/syntax')).toContain('source');
    const response = await admin.post('/_/admin/acl?do=delete', { scope: 'wiki:syntax', subject: 'bob' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/_/admin/acl?done=deleted');
    expect(rules().some((rule) => rule.scope === 'wiki:syntax')).toBe(false);
    expect(await toolsOn(bob, '/wiki/syntax')).toContain('edit');
    expect((await admin.get('/_/admin/acl?done=deleted')).body).toContain('The rule was deleted.');
  });

  it('needs no level, and removes a group rule typed in another case', async () => {
    const response = await admin.post('/_/admin/acl?do=delete', { scope: '*', subject: '@all' });
    expect(response.statusCode).toBe(303);
    expect(rules()).toEqual([{ scope: '*', subject: '@user', level: 8 }]);
    const visitor = await anonymousClient(wiki);
    expect((await visitor.get('/start')).statusCode).toBe(401);
  });
});

describe('bad input', () => {
  it.each([
    ['an empty scope', { scope: '' }, 'Give a page id, “ns:*” or “*”.'],
    ['a star inside the scope', { scope: 'de*vel' }, 'Give a page id, “ns:*” or “*”.'],
    ['a star not after a colon', { scope: 'devel*' }, 'Give a page id, “ns:*” or “*”.'],
    ['a scope of punctuation only', { scope: ':::' }, 'Give a page id, “ns:*” or “*”.'],
    ['an empty subject', { subject: '' }, 'Give a login name or @group.'],
    ['a subject with a space', { subject: 'bob smith' }, 'Give a login name or @group.'],
    ['a lone @', { subject: '@' }, 'Give a login name or @group.'],
    ['a group with a space', { subject: '@dev team' }, 'Give a login name or @group.'],
    ['level 3', { level: '3' }, 'Choose one of the permission levels.'],
    ['level 255', { level: '255' }, 'Choose one of the permission levels.'],
    ['level -1', { level: '-1' }, 'Choose one of the permission levels.'],
    ['a level that is not a number', { level: 'read' }, 'Choose one of the permission levels.'],
    ['an empty level', { level: '' }, 'Choose one of the permission levels.'],
  ])('refuses %s with 400, a message and the form again; nothing changes', async (_label, change, message) => {
    const before = snapshot(wiki);
    const response = await admin.post('/_/admin/acl', { scope: 'devel:*', subject: '@devel', level: '8', ...change });
    expectLayoutPage(response, 400);
    expect(formError(response.body)).toBe(message);
    expect(response.body).toContain('action="/_/admin/acl"');
    expect(snapshot(wiki)).toEqual(before);
  });

  it.each([
    ['an empty scope', { scope: '' }],
    ['an invalid subject', { subject: 'bob smith' }],
  ])('refuses a delete with %s (400) and deletes nothing', async (_label, change) => {
    const before = snapshot(wiki);
    const response = await admin.post('/_/admin/acl?do=delete', { scope: '*', subject: '@ALL', ...change });
    expectLayoutPage(response, 400);
    expect(snapshot(wiki)).toEqual(before);
  });
});
