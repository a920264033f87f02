// JSON API, reading (SPEC §7): whoami, the page list, one page, revisions, backlinks and the ACL
// question — each with anonymous, reader, editor and admin callers, and every refusal as JSON.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, ApiClient, callers, expectApiError, json, openApiWiki, type ApiWiki } from './api-support.js';

let api: ApiWiki;
let as: ReturnType<typeof callers>;

interface PageBody { id: string; title: string | null; rev: number; modified: string; author: string | null; summary: string; text: string; html?: string }
interface ListedPage { id: string; title: string | null; rev: number; modified: string; size: number }

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

beforeAll(async () => {
  api = await openApiWiki();
  as = callers(api);
  const put = async (client: ApiClient, id: string, text: string, summary = '') => {
    const response = await client.put(`pages/${id}`, { text, summary });
    expect(response.statusCode, response.body).toBeLessThan(300);
  };
  await put(as.admin, 'team:notes', '# Team notes\n\nSee [[:start]].\n', 'first notes');
  await put(as.editor, 'team:notes', '# Team notes\n\nSee [[:start]] and [[docs:guide]].\n', 'more notes');
  await put(as.admin, 'team:a:deep', '# Deep\n');
  await put(as.admin, 'docs:guide', '# Guide\n\nLinks [[:start]] and [[secret:plans]].\n');
  await put(as.admin, 'secret:plans', '# Plans\n\nLinks [[:start]] and [[team:notes]].\n');
});
afterAll(async () => api.close());

describe('GET whoami', () => {
  it('answers {login: null} without a token', async () => {
    expect(json(await as.anonymous.get('whoami'))).toEqual({ login: null });
  });

  it.each([
    ['reader', { login: 'reader', name: 'Rea Der', groups: ['user'] }],
    ['editor', { login: 'editor', name: 'Ed Itor', groups: ['editors', 'user'] }],
    ['admin', { login: 'admin', name: 'Administrator', groups: ['admin', 'user'] }],
  ] as const)('names the %s holding the token', async (who, expected) => {
    const body = json<{ login: string; name: string; groups: string[] }>(await as[who].get('whoami'));
    expect({ ...body, groups: [...body.groups].sort() }).toEqual(expected);
  });
});

describe('GET pages', () => {
  const ids = async (client: ApiClient, query = '') => json<ListedPage[]>(await client.get(`pages${query}`)).map((p) => p.id);

  it('lists readable pages by id, with title, rev, ISO modified time and size', async () => {
    const pages = json<ListedPage[]>(await as.anonymous.get('pages'));
    expect(pages.map((p) => p.id)).toEqual(['docs:guide', 'start', 'team:a:deep', 'team:notes', 'wiki:syntax']);
    const notes = pages.find((p) => p.id === 'team:notes');
    expect(notes).toMatchObject({ title: 'Team notes', rev: 2 });
    expect(notes?.modified).toMatch(ISO);
    expect(notes?.size).toBe(Buffer.byteLength('# Team notes\n\nSee [[:start]] and [[docs:guide]].\n'));
  });

  it('leaves out pages the caller may not read', async () => {
    expect(await ids(as.reader)).not.toContain('secret:plans');
    expect(await ids(as.editor)).toContain('secret:plans');
    expect(await ids(as.admin)).toContain('secret:plans');
    expect(await ids(as.anonymous, '?ns=secret')).toEqual([]);
  });

  it('filters by namespace and depth', async () => {
    expect(await ids(as.reader, '?ns=team')).toEqual(['team:a:deep', 'team:notes']);
    expect(await ids(as.reader, '?ns=Team:')).toEqual(['team:a:deep', 'team:notes']);
    expect(await ids(as.reader, '?ns=team&depth=0')).toEqual(['team:notes']);
    expect(await ids(as.reader, '?ns=team&depth=1')).toEqual(['team:a:deep', 'team:notes']);
    expect(await ids(as.reader, '?depth=0')).toEqual(['start']);
  });

  it('pages with limit and first, giving the next position in X-Next-First and Link', async () => {
    const all = await ids(as.editor);
    const seen: string[] = [];
    let url: string | null = `${API}/pages?limit=2`;
    while (url) {
      const response = await as.editor.get(url);
      const page = json<ListedPage[]>(response);
      expect(page.length).toBeLessThanOrEqual(2);
      seen.push(...page.map((p) => p.id));
      expect(response.headers['x-total-count']).toBe(String(all.length));
      const link = response.headers.link as string | undefined;
      url = link ? (/^<([^>]+)>; rel="next"$/.exec(link)?.[1] ?? null) : null;
      if (url) expect(url).toContain(`first=${response.headers['x-next-first'] as string}`);
      else expect(response.headers['x-next-first']).toBeUndefined();
    }
    expect(seen).toEqual(all);
  });

  it.each([
    ['?limit=0', 'limit'],
    ['?limit=501', 'limit'],
    ['?limit=abc', 'limit'],
    ['?first=-1', 'first'],
    ['?depth=x', 'depth'],
  ])('refuses %s with 400 naming %s', async (query, field) => {
    const error = expectApiError(await as.reader.get(`pages${query}`), 400, 'bad_request');
    expect(error.field).toBe(field);
    expect(error.message).toMatch(new RegExp(`^${field}: `));
  });
});

describe('GET pages/{id}', () => {
  it('answers the current revision with its metadata', async () => {
    const page = json<PageBody>(await as.anonymous.get('pages/team:notes'));
    expect(page).toEqual({
      id: 'team:notes',
      title: 'Team notes',
      rev: 2,
      modified: expect.stringMatching(ISO),
      author: 'editor',
      summary: 'more notes',
      text: '# Team notes\n\nSee [[:start]] and [[docs:guide]].\n',
    });
  });

  it('answers an old revision with ?rev=N', async () => {
    const page = json<PageBody>(await as.reader.get('pages/team:notes?rev=1'));
    expect(page).toMatchObject({ id: 'team:notes', rev: 1, author: 'admin', summary: 'first notes', title: 'Team notes', text: '# Team notes\n\nSee [[:start]].\n' });
    expect(page.html).toBeUndefined();
  });

  it('adds the rendered html with ?format=html, hiding links the caller may not read', async () => {
    const page = json<PageBody>(await as.anonymous.get('pages/docs:guide?format=html'));
    expect(page.html).toContain('Guide</h1>');
    expect(page.html).toContain('<a href="/start" class="wikilink"');
    expect(page.html).not.toContain('/secret/plans');
    const editorView = json<PageBody>(await as.editor.get('pages/docs:guide?format=html'));
    expect(editorView.html).toContain('href="/secret/plans"');
    const old = json<PageBody>(await as.reader.get('pages/team:notes?rev=1&format=html'));
    expect(old.html).toContain('href="/start"');
    expect(old.html).not.toContain('docs/guide');
  });

  it.each(['pages/Team:Notes', 'pages/team%3Anotes', 'pages/team%2Fnotes', 'pages/TEAM%3A%3Anotes', 'pages/team;notes'])(
    'answers %s for the cleaned id',
    async (url) => {
      expect(json<PageBody>(await as.reader.get(url)).id).toBe('team:notes');
    },
  );

  it('answers 404 JSON for a missing page or revision', async () => {
    expectApiError(await as.reader.get('pages/no:such:page'), 404, 'not_found');
    expectApiError(await as.reader.get('pages/team:notes?rev=99'), 404, 'not_found');
  });

  it.each([
    ['pages/team:notes?rev=0', 'rev'],
    ['pages/team:notes?rev=abc', 'rev'],
    ['pages/team:notes?format=pdf', 'format'],
    ['pages/%3A%3A', 'id'],
    [`pages/${'a'.repeat(1001)}`, 'id'],
  ])('refuses %s with 400 naming %s', async (url, field) => {
    expect(expectApiError(await as.reader.get(url), 400, 'bad_request').field).toBe(field);
  });

  it('refuses an unreadable page the same way whether or not it exists: 401 anonymous, 403 with a token', async () => {
    const anonymous = [await as.anonymous.get('pages/secret:plans'), await as.anonymous.get('pages/secret:nothing')];
    const reader = [await as.reader.get('pages/secret:plans'), await as.reader.get('pages/secret:nothing')];
    for (const response of anonymous) expectApiError(response, 401, 'unauthorized');
    for (const response of reader) expectApiError(response, 403, 'forbidden');
    expect(anonymous[0]?.body).toBe(anonymous[1]?.body);
    expect(reader[0]?.body).toBe(reader[1]?.body);
    expect(anonymous[0]?.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(json<PageBody>(await as.editor.get('pages/secret:plans')).title).toBe('Plans');
  });

  it('checks permission before the revision is looked up', async () => {
    expectApiError(await as.reader.get('pages/secret:plans?rev=99'), 403, 'forbidden');
    expectApiError(await as.reader.get('pages/secret:plans?rev=1'), 403, 'forbidden');
  });
});

describe('GET pages/{id}/revisions', () => {
  interface Rev { rev: number; modified: string; author: string | null; summary: string; type: string; minor: boolean; size_delta: number }

  it('lists revisions newest first', async () => {
    const revisions = json<Rev[]>(await as.anonymous.get('pages/team:notes/revisions'));
    expect(revisions.map((r) => [r.rev, r.type, r.author, r.summary, r.minor])).toEqual([
      [2, 'edit', 'editor', 'more notes', false],
      [1, 'create', 'admin', 'first notes', false],
    ]);
    expect(revisions[1]?.size_delta).toBe(Buffer.byteLength('# Team notes\n\nSee [[:start]].\n'));
    expect(revisions[0]?.modified).toMatch(ISO);
  });

  it('pages with limit and first', async () => {
    const response = await as.reader.get('pages/team:notes/revisions?limit=1');
    expect(json<Rev[]>(response).map((r) => r.rev)).toEqual([2]);
    expect(response.headers['x-next-first']).toBe('1');
    expect(response.headers.link).toBe(`<${API}/pages/team:notes/revisions?limit=1&first=1>; rel="next"`);
    const last = await as.reader.get('pages/team:notes/revisions?limit=1&first=1');
    expect(json<Rev[]>(last).map((r) => r.rev)).toEqual([1]);
    expect(last.headers.link).toBeUndefined();
  });

  it('answers 404 for a page that never existed, and refuses unreadable ones first', async () => {
    expectApiError(await as.reader.get('pages/never:was/revisions'), 404, 'not_found');
    expectApiError(await as.reader.get('pages/secret:plans/revisions'), 403, 'forbidden');
    expectApiError(await as.anonymous.get('pages/secret:nothing/revisions'), 401, 'unauthorized');
    expectApiError(await as.reader.get('pages/team:notes/revisions?limit=900'), 400, 'bad_request');
  });
});

describe('GET pages/{id}/backlinks', () => {
  it('lists the readable pages linking here', async () => {
    expect(json<string[]>(await as.anonymous.get('pages/start/backlinks'))).toEqual(['docs:guide', 'team:notes', 'wiki:syntax']);
    expect(json<string[]>(await as.editor.get('pages/start/backlinks'))).toEqual(['docs:guide', 'secret:plans', 'team:notes', 'wiki:syntax']);
    expect(json<string[]>(await as.reader.get('pages/team:notes/backlinks'))).toEqual([]);
    expect(json<string[]>(await as.editor.get('pages/team:notes/backlinks'))).toEqual(['secret:plans']);
  });

  it('pages with limit and first', async () => {
    const response = await as.editor.get('pages/start/backlinks?limit=3');
    expect(json<string[]>(response)).toEqual(['docs:guide', 'secret:plans', 'team:notes']);
    expect(response.headers['x-next-first']).toBe('3');
    expect(json<string[]>(await as.editor.get('pages/start/backlinks?limit=3&first=3'))).toEqual(['wiki:syntax']);
  });

  it('refuses a page the caller may not read', async () => {
    expectApiError(await as.reader.get('pages/secret:plans/backlinks'), 403, 'forbidden');
    expectApiError(await as.anonymous.get('pages/secret:plans/backlinks'), 401, 'unauthorized');
  });
});

describe('GET acl', () => {
  it.each([
    ['anonymous', '*', '*', 1],
    ['anonymous', 'secret:*', 'secret:*', 0],
    ['anonymous', 'secret:plans', 'secret:plans', 0],
    ['reader', 'team:notes', 'team:notes', 1],
    ['editor', 'Team:Notes', 'team:notes', 8],
    ['editor', 'docs:guide', 'docs:guide', 2],
    ['editor', 'docs:*', 'docs:*', 2],
    ['editor', 'secret:plans', 'secret:plans', 8],
    ['admin', 'secret:plans', 'secret:plans', 255],
  ] as const)('%s on %s → %s: %i', async (who, asked, id, permission) => {
    expect(json(await as[who].get(`acl?id=${encodeURIComponent(asked)}`))).toEqual({ id, permission });
  });

  it.each(['acl', 'acl?id=', 'acl?id=a*b', 'acl?id=%3A%3A'])('refuses %s with 400 naming id', async (url) => {
    expect(expectApiError(await as.reader.get(url), 400, 'bad_request').field).toBe('id');
  });
});
