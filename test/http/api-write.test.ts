// JSON API, writing (SPEC §3, §6, §7): PUT creates, changes and (with empty text) deletes through the
// editor's save, with its conflict check, locks and permissions; DELETE; every refusal changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_TEXT_BYTES } from '../../src/limits.js';
import { createLockStore, userHolder } from '../../src/pages/locks.js';
import { createPageStore, type PageStore } from '../../src/pages/store.js';
import { API, callers, expectApiError, json, openApiWiki, type ApiWiki } from './api-support.js';

let api: ApiWiki;
let as: ReturnType<typeof callers>;
let pages: PageStore;

beforeAll(async () => {
  api = await openApiWiki();
  as = callers(api);
  pages = createPageStore(api.wiki.db);
});
afterAll(async () => api.close());

/** What a refused request must leave as it was. */
const snapshot = (id: string) => ({ text: pages.get(id)?.text, revisions: pages.countRevisions(id) });

async function create(id: string, text: string): Promise<number> {
  return json<{ rev: number }>(await as.admin.put(`pages/${id}`, { text }), 201).rev;
}

describe('PUT pages/{id}', () => {
  it('creates a page (201), then changes it (200), each save one revision', async () => {
    expect(json(await as.editor.put('pages/team:plan', { text: 'One\n', summary: 'start' }), 201)).toEqual({ id: 'team:plan', rev: 1 });
    expect(json(await as.editor.put('pages/team:plan', { text: 'Two\n', base_rev: 1, minor: true }), 200)).toEqual({ id: 'team:plan', rev: 2 });
    expect(pages.get('team:plan')).toMatchObject({ text: 'Two\n', rev: 2, author: 'editor' });
    expect(pages.revisions('team:plan', 0, 10).map((r) => [r.rev, r.type, r.summary])).toEqual([
      [2, 'minor', ''],
      [1, 'create', 'start'],
    ]);
  });

  it('makes no revision for unchanged text (200 with the current rev)', async () => {
    await create('team:same', 'Same\n');
    expect(json(await as.editor.put('pages/team:same', { text: 'Same\r\n\n', base_rev: 1 }))).toEqual({ id: 'team:same', rev: 1 });
    expect(pages.countRevisions('team:same')).toBe(1);
  });

  it('answers 409 with the current rev for a stale base_rev, and changes nothing', async () => {
    await create('team:race', 'A\n');
    json(await as.editor.put('pages/team:race', { text: 'B\n', base_rev: 1 }));
    const before = snapshot('team:race');
    const error = expectApiError(await as.editor.put('pages/team:race', { text: 'C\n', base_rev: 1 }), 409, 'conflict');
    expect(error.rev).toBe(2);
    expect(snapshot('team:race')).toEqual(before);
    const exists = expectApiError(await as.editor.put('pages/team:race', { text: 'C\n', base_rev: null }), 409, 'conflict');
    expect(exists.rev).toBe(2);
    expect(expectApiError(await as.editor.put('pages/team:nope', { text: 'C\n', base_rev: 3 }), 409).rev).toBeNull();
    expect(snapshot('team:race')).toEqual(before);
    expect(pages.exists('team:nope')).toBe(false);
  });

  it('creates only what does not exist with base_rev 0, and overwrites without base_rev', async () => {
    json(await as.editor.put('pages/team:fresh', { text: 'New\n', base_rev: 0 }), 201);
    json(await as.editor.put('pages/team:fresh', { text: 'Newer\n' }), 200);
    expect(pages.get('team:fresh')?.rev).toBe(2);
  });

  it('deletes the page with empty text, keeping its history', async () => {
    await create('team:gone', 'Bye\n');
    expect(json(await as.editor.put('pages/team:gone', { text: '  \n', base_rev: 1 }))).toEqual({ id: 'team:gone', rev: 2 });
    expect(pages.exists('team:gone')).toBe(false);
    expectApiError(await as.editor.get('pages/team:gone'), 404, 'not_found');
    const revisions = json<{ type: string }[]>(await as.editor.get('pages/team:gone/revisions'));
    expect(revisions.map((r) => r.type)).toEqual(['delete', 'create']);
    expectApiError(await as.editor.put('pages/team:never', { text: '' }), 404, 'not_found');
  });

  it('saves under the cleaned id whatever spelling the path uses', async () => {
    expect(json(await as.editor.put('pages/Team:New%20Page', { text: 'x\n' }), 201)).toEqual({ id: 'team:new_page', rev: 1 });
  });

  it('needs edit on an existing page and create on a new one; refusals change nothing', async () => {
    await create('docs:howto', 'How\n');
    const before = snapshot('docs:howto');
    expectApiError(await as.anonymous.put('pages/docs:howto', { text: 'x\n' }), 401, 'unauthorized');
    expectApiError(await as.reader.put('pages/docs:howto', { text: 'x\n' }), 403, 'forbidden');
    expectApiError(await as.reader.put('pages/team:reader', { text: 'x\n' }), 403, 'forbidden');
    expect(snapshot('docs:howto')).toEqual(before);
    // Editors hold edit (2) but not create (4) in docs:*.
    expectApiError(await as.editor.put('pages/docs:brand-new', { text: 'x\n' }), 403, 'forbidden');
    expect(pages.lastRev('docs:brand-new')).toBe(0);
    json(await as.editor.put('pages/docs:howto', { text: 'Better\n', base_rev: 1 }));
  });

  it('refuses a page the caller may not read the same way whether or not it exists', async () => {
    await create('secret:vault', 'Gold\n');
    const refusals = [
      await as.reader.put('pages/secret:vault', { text: 'x\n' }),
      await as.reader.put('pages/secret:nothing', { text: 'x\n' }),
    ];
    for (const response of refusals) expectApiError(response, 403, 'forbidden');
    expect(refusals[0]?.body).toBe(refusals[1]?.body);
    expect(pages.get('secret:vault')?.text).toBe('Gold\n');
    expect(pages.exists('secret:nothing')).toBe(false);
  });

  it.each([
    [{}, 'text', /^text: expected string, received undefined$/],
    [{ text: 5 }, 'text', /^text: expected string, received number$/],
    [{ text: 'x', summary: 'a'.repeat(256) }, 'summary', /^summary: /],
    [{ text: 'x', minor: 'yes' }, 'minor', /^minor: expected boolean/],
    [{ text: 'x', base_rev: -1 }, 'base_rev', /^base_rev: /],
    [{ text: 'x', base_rev: '1' }, 'base_rev', /^base_rev: /],
    [{ text: 'x', baseRev: 1 }, 'body', /^body: Unrecognized key/],
    [['text'], 'body', /^body: expected object, received array$/],
  ])('refuses %j with 400 naming %s', async (body, field, message) => {
    const error = expectApiError(await as.editor.put('pages/team:bad', body), 400, 'bad_request');
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
    expect(pages.lastRev('team:bad')).toBe(0);
  });

  it('refuses malformed JSON and a missing body with 400', async () => {
    const malformed = await as.editor.request('PUT', 'pages/team:bad', { body: '{"text": "x",' });
    expect(expectApiError(malformed, 400, 'bad_request').field).toBe('body');
    const missing = await as.editor.request('PUT', 'pages/team:bad');
    expect(expectApiError(missing, 400, 'bad_request').field).toBe('body');
    expect(pages.lastRev('team:bad')).toBe(0);
  });

  it.each([
    ['application/x-www-form-urlencoded', 'text=hacked', 'team:form-a'],
    ['multipart/form-data; boundary=XyZ', '--XyZ\r\nContent-Disposition: form-data; name="text"\r\n\r\nhacked\r\n--XyZ--\r\n', 'team:form-b'],
    ['text/plain', '{"text":"hacked","x":"="}', 'team:form-c'],
  ])('refuses a %s body with 415, so a cross-site form cannot write', async (type, payload, id) => {
    await create(id, 'Safe\n');
    const before = snapshot(id);
    const response = await as.editor.request('PUT', `pages/${id}`, { body: payload, headers: { 'content-type': type } });
    expectApiError(response, 415, 'unsupported_media_type');
    expect(snapshot(id)).toEqual(before);
  });

  it('refuses text over the page limit, and bodies over the request limit, with 413', async () => {
    const big = 'a'.repeat(MAX_TEXT_BYTES + 1);
    expectApiError(await as.editor.put('pages/team:big', { text: big }), 413, 'too_large');
    expectApiError(await as.editor.put('pages/team:big', { text: 'a'.repeat(MAX_TEXT_BYTES * 4 + 10) }), 413, 'too_large');
    expect(pages.lastRev('team:big')).toBe(0);
  });

  it('answers 423 with the holder while someone else holds the edit lock; the holder may save', async () => {
    await create('team:locked', 'Locked\n');
    createLockStore(api.wiki.db).acquire('team:locked', userHolder('admin'), 'admin');
    const error = expectApiError(await as.editor.put('pages/team:locked', { text: 'Mine\n', base_rev: 1 }), 423, 'locked');
    expect(error.holder).toBe('admin');
    expect(error.expires).toMatch(/^\d{4}-\d\d-\d\dT/);
    expectApiError(await as.editor.delete('pages/team:locked'), 423, 'locked');
    expect(snapshot('team:locked')).toEqual({ text: 'Locked\n', revisions: 1 });
    expect(json(await as.admin.put('pages/team:locked', { text: 'Admin\n', base_rev: 1 }))).toEqual({ id: 'team:locked', rev: 2 });
  });
});

describe('DELETE pages/{id}', () => {
  it('deletes the page (200 with the delete revision); the history stays', async () => {
    await create('team:old', 'Old\n');
    expect(json(await as.editor.delete('pages/team:old?summary=outdated'))).toEqual({ id: 'team:old', rev: 2 });
    expect(pages.exists('team:old')).toBe(false);
    expect(pages.revision('team:old', 2)).toMatchObject({ type: 'delete', summary: 'outdated', author: 'editor' });
    expectApiError(await as.editor.delete('pages/team:old'), 404, 'not_found');
  });

  it('answers 409 when base_rev is stale', async () => {
    await create('team:moving', 'One\n');
    json(await as.admin.put('pages/team:moving', { text: 'Two\n' }));
    expect(expectApiError(await as.editor.delete('pages/team:moving?base_rev=1'), 409, 'conflict').rev).toBe(2);
    expect(pages.exists('team:moving')).toBe(true);
  });

  it('needs edit permission, checked before the page is looked up', async () => {
    await create('team:keep', 'Keep\n');
    expectApiError(await as.anonymous.delete('pages/team:keep'), 401, 'unauthorized');
    expectApiError(await as.reader.delete('pages/team:keep'), 403, 'forbidden');
    expectApiError(await as.reader.delete('pages/team:not-there'), 403, 'forbidden');
    expect(pages.exists('team:keep')).toBe(true);
    expectApiError(await as.editor.delete('pages/team:keep?base_rev=x'), 400, 'bad_request');
  });
});

describe('the API and browser sessions', () => {
  it('ignores session cookies: a logged-in admin browser is anonymous to the API', async () => {
    const cookies = Object.fromEntries(api.admin.cookies);
    const whoami = await as.anonymous.request('GET', 'whoami', { cookies });
    expect(json(whoami)).toEqual({ login: null });
    const write = await as.anonymous.request('PUT', 'pages/team:cookie', { body: { text: 'x' }, cookies });
    expectApiError(write, 401, 'unauthorized');
    expect(pages.exists('team:cookie')).toBe(false);
  });

  it('needs no CSRF token with a bearer token', async () => {
    const response = await as.editor.request('PUT', `${API}/pages/team:nocsrf`, { body: { text: 'x' } });
    expect(response.statusCode).toBe(201);
  });
});
