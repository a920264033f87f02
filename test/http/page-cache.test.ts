// The page cache for anonymous readers: a plain page view is drawn once and then served from the
// cache, and every change that shows on the screen — a save, the site settings, the ACL, a linked
// page appearing, plugins — is on the next view at once. Each visitor still gets their own trace;
// logged-in users and old revisions are never served from it.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../src/db.js';
import { createWiki } from '../../src/wiki.js';
import { Client, createTestWiki, type TestWiki } from '../helpers/wiki.js';
import { clientAs } from './accounts-support.js';
import { linkClass } from './support.js';

let wiki: TestWiki;
let admin: Client;

const stats = () => wiki.app.pageCache.stats();

/** GETs `url` as a new anonymous visitor; `hits` says whether the cache answered. */
async function anonymousView(url: string, cookies: Record<string, string> = {}) {
  const before = stats().hits;
  const response = await wiki.app.inject({ method: 'GET', url, cookies });
  return { response, body: response.body, cached: stats().hits > before };
}

async function configure(change: Record<string, string | string[]>): Promise<void> {
  const current = await admin.get('/_/admin/config');
  const checked = (name: string) => [...current.body.matchAll(new RegExp(`name="${name}" value="([^"]+)" checked`, 'g'))].map((m) => m[1] ?? '');
  const response = await admin.post('/_/admin/config', {
    title: 'Quire',
    lang: 'en',
    start: 'start',
    breadcrumbs: '10',
    plugins: checked('plugins'),
    toolbox: checked('toolbox'),
    ...change,
  });
  expect(response.statusCode).toBe(303);
}

beforeAll(async () => {
  wiki = await createTestWiki({}, { policy: 'public' });
  admin = await clientAs(wiki, 'admin');
  expect((await admin.savePage('/cache/page', '# Cached\n\nFirst text. See [[cache:other]] and [[secret:plan]].\n')).statusCode).toBe(303);
  expect((await admin.savePage('/secret/plan', 'The plan.\n')).statusCode).toBe(303);
});

afterAll(async () => wiki?.close());

describe('a plain page view by an anonymous reader', () => {
  it('is drawn once, then served from the cache as the same screen', async () => {
    const first = await anonymousView('/cache/page');
    expect(first.response.statusCode).toBe(200);
    expect(first.body).toContain('First text.');
    const second = await anonymousView('/cache/page');
    expect(second.cached).toBe(true);
    expect(second.response.statusCode).toBe(200);
    expect(second.response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(second.body).toBe(first.body);
  });

  it('answers HEAD from the cache too', async () => {
    await anonymousView('/cache/page');
    const before = stats().hits;
    const head = await wiki.app.inject({ method: 'HEAD', url: '/cache/page' });
    expect(head.statusCode).toBe(200);
    expect(stats().hits).toBe(before + 1);
  });

  it('shows a new revision at once', async () => {
    await anonymousView('/cache/page');
    expect((await admin.savePage('/cache/page', '# Cached\n\nSecond text. See [[cache:other]] and [[secret:plan]].\n')).statusCode).toBe(303);
    const after = await anonymousView('/cache/page');
    expect(after.cached).toBe(false);
    expect(after.body).toContain('Second text.');
    expect(after.body).not.toContain('First text.');
    expect((await anonymousView('/cache/page')).cached).toBe(true);
  });

  it('shows a changed site title at once', async () => {
    await anonymousView('/cache/page');
    await configure({ title: 'Renamed Wiki' });
    const after = await anonymousView('/cache/page');
    expect(after.cached).toBe(false);
    expect(after.body).toContain('<title>Cached · Renamed Wiki</title>');
    await configure({ title: 'Quire' });
    expect((await anonymousView('/cache/page')).body).toContain('<title>Cached · Quire</title>');
  });

  it('follows the ACL: a link to a page made hidden turns to text, a page made hidden is refused', async () => {
    expect(linkClass((await anonymousView('/cache/page')).body, '/secret/plan')).toBe('wikilink');
    await admin.get('/_/admin/acl');
    expect((await admin.post('/_/admin/acl', { scope: 'secret:*', subject: '@ALL', level: '0' })).statusCode).toBe(303);
    const hiddenLink = await anonymousView('/cache/page');
    expect(hiddenLink.cached).toBe(false);
    expect(linkClass(hiddenLink.body, '/secret/plan')).toBeNull();

    expect((await anonymousView('/cache/page')).cached).toBe(true);
    expect((await admin.post('/_/admin/acl', { scope: 'cache:*', subject: '@ALL', level: '0' })).statusCode).toBe(303);
    expect((await anonymousView('/cache/page')).response.statusCode).toBe(401);
    expect((await admin.post('/_/admin/acl', { scope: 'cache:*', subject: '@ALL', level: '1' })).statusCode).toBe(303);
    expect((await anonymousView('/cache/page')).response.statusCode).toBe(200);
  });

  it('shows a link to a page just created as existing', async () => {
    expect(linkClass((await anonymousView('/cache/page')).body, '/cache/other')).toBe('wikilink-missing');
    expect((await admin.savePage('/cache/other', 'Now here.\n')).statusCode).toBe(303);
    expect(linkClass((await anonymousView('/cache/page')).body, '/cache/other')).toBe('wikilink');
  });

  it('shows a page created by another process (the command line) within a second', async () => {
    expect((await admin.savePage('/cache/linking', 'See [[cache:elsewhere]].\n')).statusCode).toBe(303);
    expect(linkClass((await anonymousView('/cache/linking')).body, '/cache/elsewhere')).toBe('wikilink-missing');
    const other = openDatabase(wiki.dir);
    try {
      const saved = createWiki(other).editing.save({ id: 'cache:elsewhere', text: 'Made elsewhere.\n', baseRev: null, summary: '', minor: false, author: null, ip: null });
      expect(saved.status).toBe('saved');
    } finally {
      other.close();
    }
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 1500);
      expect(linkClass((await anonymousView('/cache/linking')).body, '/cache/elsewhere')).toBe('wikilink');
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows a plugin switched off at once: its page tool goes', async () => {
    expect((await anonymousView('/cache/page')).body).toContain('class="tool-wordcount"');
    await configure({ plugins: ['iphelper'] });
    expect((await anonymousView('/cache/page')).body).not.toContain('class="tool-wordcount"');
    await configure({ plugins: ['iphelper', 'wordcount'] });
    expect((await anonymousView('/cache/page')).body).toContain('class="tool-wordcount"');
  });

  it('is answered 404 once the page is deleted', async () => {
    expect((await admin.savePage('/cache/gone', 'Soon gone.\n')).statusCode).toBe(303);
    await anonymousView('/cache/gone');
    expect((await anonymousView('/cache/gone')).cached).toBe(true);
    expect((await admin.savePage('/cache/gone', '')).statusCode).toBe(303);
    const gone = await anonymousView('/cache/gone');
    expect(gone.response.statusCode).toBe(404);
    expect(gone.body).not.toContain('Soon gone.');
  });

  it('keeps each visitor their own trace', async () => {
    await anonymousView('/cache/page');
    const alice = await anonymousView('/cache/page', { quire_trace: 'cache:other' });
    expect(alice.cached).toBe(true);
    const bob = await anonymousView('/cache/page', { quire_trace: 'start' });
    expect(bob.cached).toBe(true);
    const trace = (body: string) => [...(/<nav class="trace"[\s\S]*?<\/nav>/.exec(body)?.[0] ?? '').matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
    expect(trace(alice.body)).toEqual(['/cache/other', '/cache/page']);
    expect(trace(bob.body)).toEqual(['/start', '/cache/page']);
    expect(alice.response.cookies.find((cookie) => cookie.name === 'quire_trace')?.value).toBe('cache:other|cache:page');
  });
});

describe('what is never served from the cache', () => {
  it('a logged-in user: their own user tools', async () => {
    await anonymousView('/cache/page');
    const before = stats();
    const body = (await admin.get('/cache/page')).body;
    expect(body).toContain('/_/profile');
    expect(body).toContain('name="_csrf"');
    expect(stats().hits).toBe(before.hits);
    expect((await anonymousView('/cache/page')).body).not.toContain('/_/profile');
  });

  it('an old revision, or a page asked for with another query', async () => {
    await anonymousView('/cache/page?rev=1');
    expect((await anonymousView('/cache/page?rev=1')).cached).toBe(false);
    expect((await anonymousView('/cache/page?rev=1')).body).toContain('First text.');
  });
});
