// Reading pages over HTTP (SPEC §3, §4, §10): the current and old revisions, start pages, the
// 404 page, link classes, the table of contents, escaping, the footer, the exports and backlinks.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, type TestWiki } from '../helpers/wiki.js';
import {
  expectErrorPage,
  expectLayoutPage,
  linkClass,
  metaOf,
  openWiki,
  sourceText,
  storeOf,
} from './support.js';

let wiki: TestWiki;
let client: Client;

beforeEach(async () => {
  wiki = await openWiki();
  client = new Client(wiki.app);
});
afterEach(async () => wiki.close());

describe('GET /{path}', () => {
  it('shows the current revision with its id and revision in meta tags', async () => {
    await client.savePage('/team/notes', '# Team notes\n\nFirst version.\n');
    await client.savePage('/team/notes', '# Team notes\n\nSecond version.\n');
    const response = await client.get('/team/notes');
    expectLayoutPage(response, 200);
    expect(metaOf(response.body, 'quire:id')).toBe('team:notes');
    expect(metaOf(response.body, 'quire:rev')).toBe('2');
    expect(response.body).toContain('Second version.');
    expect(response.body).not.toContain('First version.');
    expect(response.body).toContain('<title>Team notes · Quire</title>');
    expect(response.body).not.toContain('notice--old-revision');
  });

  it('shows the seeded pages, one revision each', async () => {
    for (const [path, id] of [['/start', 'start'], ['/wiki/syntax', 'wiki:syntax']] as const) {
      const response = await client.get(path);
      expectLayoutPage(response, 200);
      expect(metaOf(response.body, 'quire:id')).toBe(id);
      expect(metaOf(response.body, 'quire:rev')).toBe('1');
    }
  });

  it('shows the start page at /', async () => {
    const response = await client.get('/');
    expectLayoutPage(response, 200);
    expect(metaOf(response.body, 'quire:id')).toBe('start');
    expect(metaOf(response.body, 'quire:rev')).toBe('1');
  });

  it('answers HEAD like GET, without a body', async () => {
    await client.savePage('/team/notes', 'Some text\n');
    const head = await wiki.app.inject({ method: 'HEAD', url: '/team/notes' });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-type']).toMatch(/^text\/html/);
    expect(head.body).toBe('');
    const missing = await wiki.app.inject({ method: 'HEAD', url: '/no/such/page' });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toBe('');
  });

  it('shows the footer with "Last modified" and the author', async () => {
    const seeded = await client.get('/start');
    expect(seeded.body).toMatch(/<footer[\s\S]*Last modified: [^<]+ by \(external edit\)[\s\S]*<\/footer>/);
    await client.savePage('/team/notes', 'Some text\n');
    const saved = await client.get('/team/notes');
    expect(saved.body).toMatch(/<footer[\s\S]*Last modified: [^<]+ by 127\.0\.0\.1[\s\S]*<\/footer>/);
  });
});

describe('GET /{ns}/ (namespace start page, SPEC §2)', () => {
  it.each([
    { pages: [], id: 'docs:start', status: 404 },
    { pages: ['docs:start'], id: 'docs:start', status: 200 },
    { pages: ['docs:docs'], id: 'docs:docs', status: 200 },
    { pages: ['docs'], id: 'docs', status: 200 },
    { pages: ['docs:docs', 'docs'], id: 'docs:docs', status: 200 },
    { pages: ['docs:start', 'docs:docs', 'docs'], id: 'docs:start', status: 200 },
    { pages: ['docs:other'], id: 'docs:start', status: 404 },
  ])('with pages $pages it shows $id ($status)', async ({ pages, id, status }) => {
    for (const page of pages) await client.savePage(`/${page.replace(/:/g, '/')}`, `Page ${page}\n`);
    const response = await client.get('/docs/');
    expectLayoutPage(response, status);
    expect(response.body).toContain(`<title>${id} · Quire</title>`);
    if (status === 404) {
      expect(metaOf(response.body, 'quire:id')).toBeNull();
      expect(response.body).toContain(`href="/${id.replace(/:/g, '/')}?do=edit"`);
      return;
    }
    expect(metaOf(response.body, 'quire:id')).toBe(id);
    expect(response.body).toContain(`Page ${id}`);
  });

  it('resolves nested namespaces', async () => {
    await client.savePage('/a/b/b', 'Page a:b:b\n');
    const response = await client.get('/a/b/');
    expectLayoutPage(response, 200);
    expect(metaOf(response.body, 'quire:id')).toBe('a:b:b');
  });
});

describe('GET /{path}?rev=N', () => {
  it('shows an old revision with the old-revision banner', async () => {
    await client.savePage('/team/notes', 'First version.\n');
    await client.savePage('/team/notes', 'Second version.\n');
    const response = await client.get('/team/notes?rev=1');
    expectLayoutPage(response, 200);
    expect(response.body).toContain('First version.');
    expect(response.body).not.toContain('Second version.');
    expect(response.body).toContain('This is an old revision of the document');
    expect(response.body).toContain('href="/team/notes">Show the current version</a>');
    expect(metaOf(response.body, 'quire:id')).toBe('team:notes');
    expect(metaOf(response.body, 'quire:rev')).toBe('1');
  });

  it('shows an old revision of a deleted page', async () => {
    await client.savePage('/team/notes', 'Kept in history.\n');
    await client.savePage('/team/notes', '');
    const response = await client.get('/team/notes?rev=1');
    expectLayoutPage(response, 200);
    expect(response.body).toContain('Kept in history.');
    expect(response.body).toContain('This is an old revision of the document');
  });

  it('answers 404 for a revision that does not exist', async () => {
    const response = await client.get('/start?rev=999');
    expectErrorPage(response, 404);
  });
});

describe('a missing page', () => {
  it('answers 404 offering to create it, without page meta tags', async () => {
    const response = await client.get('/no/such/page');
    expectLayoutPage(response, 404);
    expect(response.body).toContain('This page does not exist yet');
    expect(response.body).toMatch(/<a class="button" href="\/no\/such\/page\?do=edit">Create this page<\/a>/);
    expect(metaOf(response.body, 'quire:id')).toBeNull();
    expect(metaOf(response.body, 'quire:rev')).toBeNull();
    expect(response.body).not.toContain('This page was deleted');
    expect(response.body).not.toContain('Last modified');
  });

  it('says the page was deleted, and links its history, after a delete', async () => {
    await client.savePage('/team/notes', 'Soon gone.\n');
    await client.savePage('/team/notes', '');
    const response = await client.get('/team/notes');
    expectLayoutPage(response, 404);
    expect(response.body).toContain('This page was deleted');
    expect(response.body).toContain('href="/team/notes?do=revisions"');
    expect(response.body).toContain('Create this page');
    expect(metaOf(response.body, 'quire:id')).toBeNull();
  });
});

describe('links', () => {
  it('marks links to missing pages, and updates them once the target is created or deleted', async () => {
    await client.savePage('/linker', 'See [[target]] and [[wiki:syntax]].\n');
    const before = await client.get('/linker');
    expect(linkClass(before.body, '/target')).toBe('wikilink-missing');
    expect(linkClass(before.body, '/wiki/syntax')).toBe('wikilink');

    await client.savePage('/target', 'Now I exist.\n');
    const created = await client.get('/linker');
    expect(linkClass(created.body, '/target')).toBe('wikilink');

    await client.savePage('/target', '');
    const deleted = await client.get('/linker');
    expect(linkClass(deleted.body, '/target')).toBe('wikilink-missing');
  });

  it('resolves relative links against the page namespace', async () => {
    await client.savePage('/team/notes', '[[sibling]] [[:top]] [[..:up]] [[wiki:syntax]]\n');
    const response = await client.get('/team/notes');
    expect(linkClass(response.body, '/team/sibling')).toBe('wikilink-missing');
    expect(linkClass(response.body, '/top')).toBe('wikilink-missing');
    expect(linkClass(response.body, '/up')).toBe('wikilink-missing');
    expect(linkClass(response.body, '/wiki/syntax')).toBe('wikilink');
  });
});

describe('table of contents', () => {
  const threeHeadings = '# Title\n\n## One\n\ntext\n\n## Two\n\ntext\n\n## Three\n\ntext\n';

  it.each([
    { name: 'shown for 3 or more headings', text: threeHeadings, shown: true },
    { name: 'hidden for 2 headings', text: '# Title\n\n## One\n\ntext\n', shown: false },
    { name: 'hidden by ~~NOTOC~~', text: `~~NOTOC~~\n\n${threeHeadings}`, shown: false },
  ])('is $name', async ({ text, shown }) => {
    await client.savePage('/toc', text);
    const response = await client.get('/toc');
    expectLayoutPage(response, 200);
    expect(response.body.includes('class="toc"')).toBe(shown);
    expect(response.body).not.toContain('~~NOTOC~~');
    if (shown) {
      expect(response.body).toContain('href="#one"');
      expect(response.body).toContain('id="one"');
    }
  });
});

describe('escaping', () => {
  const hostile = [
    '# Hello <script>alert("title")</script>',
    '',
    '<script>alert("body")</script>',
    '',
    '<img src=x onerror="alert(1)">',
    '',
    '<div onclick="alert(2)">raw</div>',
    '',
    '[click](javascript:alert(3))',
    '',
    '</textarea><script>alert("breakout")</script>',
  ].join('\n');
  const hostileSummary = '"><script>alert("summary")</script>';

  it.each([
    { name: 'the page view', path: '/evil' },
    { name: 'an old revision', path: '/evil?rev=1' },
    { name: 'the editor', path: '/evil?do=edit' },
    { name: 'the source', path: '/evil?do=source' },
    { name: 'the HTML export', path: '/evil?do=export_html' },
    { name: 'the diff', path: '/evil?do=diff' },
  ])('never lets page text write raw HTML into $name', async ({ path }) => {
    await client.savePage('/evil', hostile, { summary: hostileSummary });
    const response = await client.get(path);
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toMatch(/<script>alert/);
    expect(response.body).not.toMatch(/<img src=x/);
    expect(response.body).not.toMatch(/<div onclick/);
    expect(response.body).not.toContain('href="javascript:');
    expect(response.body).toContain('&lt;script&gt;');
  });

  it('escapes the summary in the revisions list', async () => {
    await client.savePage('/evil', 'Harmless\n', { summary: hostileSummary });
    const response = await client.get('/evil?do=revisions');
    expect(response.body).not.toContain('<script>alert');
    expect(response.body).toContain('&lt;script&gt;alert');
  });

  it.each([
    { name: 'a preview', action: 'preview', baseRev: '1', status: 200 },
    { name: 'an edit conflict', action: 'save', baseRev: '', status: 409 },
  ])('escapes the posted text and summary shown again in $name', async ({ action, baseRev, status }) => {
    await client.savePage('/evil', 'Harmless\n');
    await client.get('/evil?do=edit');
    const response = await client.post(`/evil?do=${action}`, { text: hostile, summary: hostileSummary, base_rev: baseRev });
    expect(response.statusCode).toBe(status);
    expect(response.body).not.toMatch(/<script>alert/);
    expect(response.body).not.toContain('</textarea><script>');
    expect(response.body).toContain('value="&quot;&gt;&lt;script&gt;');
  });
});

describe('GET ?do=source', () => {
  it('shows the source read-only, with no form to save', async () => {
    await client.savePage('/team/notes', '# Notes\n\nA <b>bold</b> claim & more.\n');
    const response = await client.get('/team/notes?do=source');
    expectLayoutPage(response, 200);
    expect(sourceText(response.body)).toBe('# Notes\n\nA <b>bold</b> claim & more.\n');
    expect(response.body).not.toContain('?do=save');
  });

  it('shows an old revision source with &rev=N', async () => {
    await client.savePage('/team/notes', 'One\n');
    await client.savePage('/team/notes', 'Two\n');
    const response = await client.get('/team/notes?do=source&rev=1');
    expect(sourceText(response.body)).toBe('One\n');
  });

  it('answers 404 for a missing page', async () => {
    expectErrorPage(await client.get('/no/such/page?do=source'), 404);
  });
});

describe('GET ?do=export_raw', () => {
  it('answers the exact Markdown source as text/markdown', async () => {
    const text = '# Notes\n\n* one\n* two <b>\n\nÉlève & café\n';
    await client.savePage('/team/notes', text);
    const response = await client.get('/team/notes?do=export_raw');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(response.body).toBe(text);
    expect(storeOf(wiki).get('team:notes')?.text).toBe(text);
  });

  it('exports an old revision with &rev=N', async () => {
    await client.savePage('/team/notes', 'One\n');
    await client.savePage('/team/notes', 'Two\n');
    const response = await client.get('/team/notes?do=export_raw&rev=1');
    expect(response.body).toBe('One\n');
  });

  it('answers 404 for a missing page', async () => {
    expectErrorPage(await client.get('/no/such/page?do=export_raw'), 404);
  });
});

describe('GET ?do=export_html', () => {
  it('answers the rendered page without the site chrome', async () => {
    await client.savePage('/team/notes', '# Notes\n\nSome *emphasis* and [[wiki:syntax]].\n');
    const response = await client.get('/team/notes?do=export_html');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toMatch(/^<!doctype html>/i);
    expect(response.body).toContain('<em>emphasis</em>');
    expect(response.body).toContain('<h1 id="notes">Notes</h1>');
    for (const chrome of ['site-title', 'site-header', 'action="/_/search"', 'page-tools', 'site-footer', 'Last modified', 'you-are-here']) {
      expect(response.body).not.toContain(chrome);
    }
  });

  it('answers 404 for a missing page', async () => {
    expectErrorPage(await client.get('/no/such/page?do=export_html'), 404);
  });
});

describe('GET ?do=backlink', () => {
  it('lists the pages that link here, existing or not', async () => {
    await client.savePage('/b', 'Link to [[target]].\n');
    await client.savePage('/team/c', 'Link to [[:target]].\n');
    await client.savePage('/d', 'No link.\n');
    const response = await client.get('/target?do=backlink');
    expectLayoutPage(response, 200);
    expect(response.body).toContain('<a class="wikilink" href="/b">b</a>');
    expect(response.body).toContain('<a class="wikilink" href="/team/c">team:c</a>');
    expect(response.body).not.toContain('href="/d"');
  });

  it('forgets a backlink once the linking page no longer links', async () => {
    await client.savePage('/b', 'Link to [[target]].\n');
    await client.savePage('/b', 'Not any more.\n');
    const response = await client.get('/target?do=backlink');
    expect(response.body).toContain('Nothing links here.');
  });

  it('lists the seeded start page as linking to wiki:syntax', async () => {
    const response = await client.get('/wiki/syntax?do=backlink');
    expect(response.body).toContain('href="/start"');
  });
});
