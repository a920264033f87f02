// Who reaches the admin screens (SPEC §3, §5): anonymous visitors get 401, logged-in users who
// are not admins 403, admins the screen; every admin POST is refused the same way and changes nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, createTestWiki, type TestWiki } from '../helpers/wiki.js';
import { addUsers, anonymousClient, clientAs, snapshot, userOf } from './accounts-support.js';
import { expectErrorPage } from './support.js';

type Role = 'anonymous' | 'user' | 'admin';

let wiki: TestWiki;
beforeEach(async () => {
  wiki = await createTestWiki({}, { policy: 'public' });
  await addUsers(wiki, [{ login: 'bob', name: 'Bob' }, { login: 'carol', name: 'Carol', groups: ['devel'] }]);
});
afterEach(async () => wiki.close());

/** A client of that role holding a valid CSRF token. */
function clientFor(role: Role): Promise<Client> {
  if (role === 'anonymous') return anonymousClient(wiki);
  return clientAs(wiki, role === 'admin' ? 'admin' : 'bob');
}

const screens = ['/_/admin', '/_/admin/users', '/_/admin/users/carol', '/_/admin/acl', '/_/admin/config', '/_/admin/users.csv'];

describe.each(screens)('GET %s', (url) => {
  it('answers 401 to anonymous visitors, with a link to log in', async () => {
    const response = await wiki.app.inject({ method: 'GET', url });
    expectErrorPage(response, 401);
    expect(response.body).toContain(`href="/_/login?return_to=${encodeURIComponent(url)}"`);
  });

  it('answers 403 to a user who is not an admin', async () => {
    const response = await (await clientFor('user')).get(url);
    expectErrorPage(response, 403);
    expect(response.body).not.toContain('href="/_/login');
  });

  it('answers 200 to an admin', async () => {
    const response = await (await clientFor('admin')).get(url);
    expect(response.statusCode).toBe(200);
  });
});

const posts: ReadonlyArray<{ label: string; url: string; form: Record<string, string>; ok: number; done: (w: TestWiki) => boolean }> = [
  {
    label: 'add a user',
    url: '/_/admin/users',
    form: { login: 'mallory', password: 'mallory-password', groups: 'admin' },
    ok: 303,
    done: (w) => userOf(w, 'mallory') !== undefined,
  },
  {
    label: 'import users',
    url: '/_/admin/users/import',
    form: { csv: 'mallory,,,admin,mallory-password' },
    ok: 200,
    done: (w) => userOf(w, 'mallory') !== undefined,
  },
  {
    label: 'edit a user',
    url: '/_/admin/users/carol',
    form: { name: 'Hacked', email: '', groups: 'admin', password: '' },
    ok: 303,
    done: (w) => userOf(w, 'carol')?.name === 'Hacked',
  },
  {
    label: 'delete a user',
    url: '/_/admin/users/carol?do=delete',
    form: {},
    ok: 303,
    done: (w) => userOf(w, 'carol') === undefined,
  },
  {
    label: 'add an ACL rule',
    url: '/_/admin/acl',
    form: { scope: '*', subject: '@ALL', level: '16' },
    ok: 303,
    done: (w) => snapshot(w).acl.some((rule) => rule.subject === '@ALL' && rule.level === 16),
  },
  {
    label: 'delete an ACL rule',
    url: '/_/admin/acl?do=delete',
    form: { scope: '*', subject: '@user' },
    ok: 303,
    done: (w) => !snapshot(w).acl.some((rule) => rule.subject === '@user'),
  },
  {
    label: 'change the site settings',
    url: '/_/admin/config',
    form: { title: 'Hacked', lang: 'en', start: 'start', breadcrumbs: '10', registration: 'on' },
    ok: 303,
    done: (w) => snapshot(w).settings.title === 'Hacked',
  },
];

describe.each(posts)('POST to $label', ({ url, form, ok, done }) => {
  it.each([
    ['anonymous', 401],
    ['user', 403],
  ] as const)('is refused to %s (%i) and changes nothing', async (role, status) => {
    const client = await clientFor(role);
    const before = snapshot(wiki);
    expectErrorPage(await client.post(url, form), status);
    expect(snapshot(wiki)).toEqual(before);
    expect(done(wiki)).toBe(false);
  });

  it('is done for an admin', async () => {
    const client = await clientFor('admin');
    const response = await client.post(url, form);
    expect(response.statusCode).toBe(ok);
    expect(done(wiki)).toBe(true);
  });
});

describe('the admin link', () => {
  it.each([
    ['anonymous', false],
    ['user', false],
    ['admin', true],
  ] as const)('is shown to %s: %s', async (role, shown) => {
    const page = await (await clientFor(role)).get('/');
    expect(page.body.includes('href="/_/admin"')).toBe(shown);
  });
});
