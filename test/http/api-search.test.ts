// JSON API, finding pages (SPEC §7): full-text search and recent changes, readable pages only,
// paged with limit/first and the next position in X-Next-First and Link.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, callers, expectApiError, json, openApiWiki, type ApiWiki } from './api-support.js';

let api: ApiWiki;
let as: ReturnType<typeof callers>;

interface Hit { id: string; title: string | null; score: number; snippet: string }
interface Change { id: string; rev: number; modified: string; author: string | null; summary: string; type: string }

let before: string;

beforeAll(async () => {
  api = await openApiWiki();
  as = callers(api);
  before = new Date(Date.now() - 1).toISOString();
  const put = async (id: string, body: Record<string, unknown>) => {
    const response = await as.admin.put(`pages/${id}`, body);
    expect(response.statusCode, response.body).toBeLessThan(300);
  };
  await put('garden:roses', { text: '# Roses\n\nThe élève waters the zucchini roses.\n', summary: 'roses' });
  await put('garden:tulips', { text: '# Tulips\n\nZucchini beside tulips.\n' });
  await put('garden:tulips', { text: '# Tulips\n\nZucchini beside tulips, watered.\n', minor: true, summary: 'typo' });
  await put('secret:zucchini', { text: '# Secret zucchini\n\nZucchini plans.\n' });
  for (let i = 0; i < 4; i++) await put(`garden:bed-${i}`, { text: `# Bed ${i}\n\nZucchini bed number ${i}.\n` });
});
afterAll(async () => api.close());

describe('GET search', () => {
  it('finds readable pages, case- and accent-insensitively, with marked snippets', async () => {
    const hits = json<Hit[]>(await as.anonymous.get('search?q=ELEVE'));
    expect(hits.map((h) => h.id)).toEqual(['garden:roses']);
    expect(hits[0]).toMatchObject({ title: 'Roses' });
    expect(hits[0]?.snippet).toContain('<mark>');
    expect(typeof hits[0]?.score).toBe('number');
  });

  it('gives each hit the title and snippet of its own page', async () => {
    const titles: Record<string, string> = {
      'garden:roses': 'Roses',
      'garden:tulips': 'Tulips',
      ...Object.fromEntries([0, 1, 2, 3].map((i) => [`garden:bed-${i}`, `Bed ${i}`])),
    };
    const hits = json<Hit[]>(await as.reader.get('search?q=zucchini'));
    expect(hits.map((h) => [h.id, h.title])).toEqual(hits.map((h) => [h.id, titles[h.id]]));
    for (const hit of hits.filter((h) => h.id.startsWith('garden:bed-'))) expect(hit.snippet).toContain(`bed number ${hit.id.slice(-1)}`);
  });

  it('leaves out pages the caller may not read', async () => {
    const anonymous = json<Hit[]>(await as.anonymous.get('search?q=zucchini&limit=500')).map((h) => h.id);
    const reader = json<Hit[]>(await as.reader.get('search?q=zucchini&limit=500')).map((h) => h.id);
    const editor = json<Hit[]>(await as.editor.get('search?q=zucchini&limit=500')).map((h) => h.id);
    expect(anonymous).not.toContain('secret:zucchini');
    expect(reader).not.toContain('secret:zucchini');
    expect(editor).toContain('secret:zucchini');
    expect(anonymous.length).toBe(6);
    expect(editor.length).toBe(7);
  });

  it('pages with limit and first', async () => {
    const all = json<Hit[]>(await as.reader.get('search?q=zucchini')).map((h) => h.id);
    const first = await as.reader.get('search?q=zucchini&limit=4');
    expect(json<Hit[]>(first).map((h) => h.id)).toEqual(all.slice(0, 4));
    expect(first.headers['x-next-first']).toBe('4');
    expect(first.headers['x-total-count']).toBe('6');
    expect(first.headers.link).toBe(`<${API}/search?q=zucchini&limit=4&first=4>; rel="next"`);
    const rest = await as.reader.get('search?q=zucchini&limit=4&first=4');
    expect(json<Hit[]>(rest).map((h) => h.id)).toEqual(all.slice(4));
    expect(rest.headers.link).toBeUndefined();
  });

  it.each(['search', 'search?q=', 'search?q=%20%20', `search?q=${'a'.repeat(501)}`, 'search?q=x&limit=0'])('refuses %s with 400', async (url) => {
    expectApiError(await as.reader.get(url), 400, 'bad_request');
  });
});

describe('GET recent', () => {
  it('lists changes newest first, leaving out pages the caller may not read', async () => {
    const changes = json<Change[]>(await as.anonymous.get(`recent?since=${encodeURIComponent(before)}`));
    expect(changes.map((c) => `${c.id}@${c.rev}`)).toEqual([
      'garden:bed-3@1',
      'garden:bed-2@1',
      'garden:bed-1@1',
      'garden:bed-0@1',
      'garden:tulips@2',
      'garden:tulips@1',
      'garden:roses@1',
    ]);
    expect(changes.at(-1)).toEqual({ id: 'garden:roses', rev: 1, modified: expect.stringMatching(/Z$/), author: 'admin', summary: 'roses', type: 'create' });
    const editor = json<Change[]>(await as.editor.get(`recent?since=${encodeURIComponent(before)}`));
    expect(editor.map((c) => c.id)).toContain('secret:zucchini');
  });

  it('filters by namespace, time and minor edits', async () => {
    const secret = json<Change[]>(await as.anonymous.get('recent?ns=secret'));
    expect(secret).toEqual([]);
    const tulips = json<Change[]>(await as.reader.get(`recent?ns=garden&minor=0&since=${encodeURIComponent(before)}`));
    expect(tulips.filter((c) => c.id === 'garden:tulips').map((c) => c.type)).toEqual(['create']);
    expect(json<Change[]>(await as.reader.get('recent?since=2999-01-01'))).toEqual([]);
    const seeded = json<Change[]>(await as.reader.get('recent?ns=wiki&limit=500'));
    expect(seeded.map((c) => c.id)).toEqual(['wiki:syntax']);
  });

  it('pages with limit and first', async () => {
    const response = await as.reader.get('recent?limit=3');
    expect(json<Change[]>(response)).toHaveLength(3);
    expect(response.headers['x-next-first']).toBe('3');
    const all = json<Change[]>(await as.reader.get('recent?limit=500')).map((c) => `${c.id}@${c.rev}`);
    const next = json<Change[]>(await as.reader.get('recent?limit=3&first=3')).map((c) => `${c.id}@${c.rev}`);
    expect(next).toEqual(all.slice(3, 6));
  });

  it.each([
    ['recent?since=yesterday', 'since'],
    ['recent?since=2025-13-01', 'since'],
    ['recent?minor=2', 'minor'],
    ['recent?limit=501', 'limit'],
  ])('refuses %s with 400 naming %s', async (url, field) => {
    expect(expectApiError(await as.reader.get(url), 400, 'bad_request').field).toBe(field);
  });
});
