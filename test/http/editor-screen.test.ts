// The editor screen and its JSON preview over HTTP (SPEC §12): the plain form with the toolbar, the
// live preview panel and the media dialog around it, the bundle loaded on editing screens only,
// `POST ?do=preview` answering `{html}`, namespace templates, and the phone layout's markup.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, createTestWiki, type TestWiki } from '../helpers/wiki.js';
import { addUsers, anonymousClient, clientAs } from './accounts-support.js';
import { editorText, expectLayoutPage } from './support.js';

let wiki: TestWiki;
let admin: Client;

beforeEach(async () => {
  wiki = await createTestWiki({}, { policy: 'public' });
  admin = await clientAs(wiki, 'admin');
});
afterEach(async () => wiki.close());

const toolbarOf = (html: string) => /<div class="editor-toolbar" role="toolbar"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
const buttonNames = (toolbar: string) => [...toolbar.matchAll(/<button type="button" class="editor-tool"[^>]*aria-label="([^"]+)"/g)].map((match) => match[1]);
const jsonPost = (client: Client, url: string, form: Record<string, string>) => {
  const body = new URLSearchParams({ _csrf: client.csrf, ...form });
  return client.app.inject({
    method: 'POST',
    url,
    cookies: Object.fromEntries(client.cookies),
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    payload: body.toString(),
  });
};

describe('the editor screen', () => {
  it('keeps the plain form and adds the toolbar, the live preview panel and the media dialog', async () => {
    const response = await admin.get('/start?do=edit');
    expectLayoutPage(response, 200);
    const html = response.body;
    expect(html).toMatch(/<form class="editor" method="post" action="\/start\?do=save"/);
    expect(html).toContain('<textarea id="wiki-text" class="editor-text" name="text"');
    for (const field of ['name="summary"', 'name="minor"', 'name="base_rev"', 'name="_csrf"']) expect(html).toContain(field);
    const toolbar = toolbarOf(html);
    expect(toolbar).toContain('aria-label="Editor toolbar"');
    expect(toolbar).toContain(' hidden>');
    expect(buttonNames(toolbar)).toEqual([
      'Bold', 'Italic', 'Strikethrough', 'Heading', 'Link', 'Media', 'Code', 'Code block', 'Quote', 'Bulleted list', 'Numbered list', 'Table', 'Footnote', 'Horizontal rule', 'Subnet calculator',
    ]);
    expect(toolbar).toContain('title="Bold (Ctrl+B)"');
    expect(toolbar).toContain('data-action="{&quot;kind&quot;:&quot;insert&quot;,&quot;text&quot;:&quot;{{toolbox&gt;iphelper}}&quot;}"');
    expect(html).toMatch(/<section class="live-preview" id="live-preview" aria-label="Live preview" tabindex="0" hidden data-live-preview>/);
    expect(html).toContain('<dialog class="media-dialog" data-media-dialog aria-labelledby="media-dialog-title">');
    // The panel's switch is not another "Preview" button: the form's Preview stays the only one.
    expect(html).toContain('data-preview-toggle aria-pressed="false" aria-controls="live-preview" aria-label="Split view"');
    const buttons = html.match(/<button\b[^>]*>[\s\S]*?<\/button>/g) ?? [];
    const namedPreview = buttons.filter((button) => /aria-label="[^"]*preview|>[^<]*preview[^<]*<\/button>/i.test(button));
    expect(namedPreview).toEqual(['<button type="submit" class="button" formaction="/start?do=preview" accesskey="p">Preview</button>']);
    expect(html).toMatch(/<button type="submit" class="button button--primary" accesskey="s" data-save>Save<\/button>/);
    expect(html).toMatch(/formaction="\/start\?do=preview" accesskey="p">Preview<\/button>/);
  });

  it('loads the hashed editor bundle, with no inline script nor style attribute', async () => {
    const html = (await admin.get('/start?do=edit')).body;
    expect(html).toMatch(/<script src="\/_\/static\/build\/editor-[0-9a-f]{10}\.js" defer><\/script>/);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle="/);
    expect(html).not.toMatch(/<style\b/);
  });

  it('gives the script its strings in the page language as JSON', async () => {
    const html = (await admin.get('/start?do=edit')).body;
    const raw = /data-messages="([^"]*)"/.exec(html)?.[1] ?? '';
    const messages = JSON.parse(raw.replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&#39;/g, "'")) as Record<string, string>;
    expect(messages['editor.uploading']).toBe('Uploading {name}… {percent}%');
    expect(messages['draft.autosaved']).toBe('Draft saved at {time}.');
  });

  it('names the toolbar, its buttons and the live preview in French', async () => {
    await addUsers(wiki, [{ login: 'amelie', name: 'Amélie', groups: ['admin'] }]);
    wiki.db.prepare("UPDATE users SET lang = 'fr' WHERE login = 'amelie'").run();
    const html = (await (await clientAs(wiki, 'amelie')).get('/start?do=edit')).body;
    expect(toolbarOf(html)).toContain('aria-label="Barre d&#39;outils de l&#39;éditeur"');
    expect(buttonNames(toolbarOf(html)).slice(0, 4)).toEqual(['Gras', 'Italique', 'Barré', 'Titre']);
    expect(html).toContain('aria-label="Aperçu en direct"');
    expect(html).toContain('data-phrases="{&quot;Find&quot;:&quot;Chercher&quot;');
  });

  it('a page view carries no editor code, only the small site script', async () => {
    const html = (await admin.get('/start')).body;
    expect(html).not.toMatch(/editor-[0-9a-f]+\.js/);
    expect(html).toMatch(/<script src="\/_\/static\/build\/site-[0-9a-f]{10}\.js" defer><\/script>/);
    expect(html).not.toContain('role="toolbar"');
  });
});

describe('POST ?do=preview with Accept: application/json', () => {
  it('answers the text rendered by the page renderer', async () => {
    await admin.get('/start?do=edit');
    const response = await jsonPost(admin, '/start?do=preview', { text: '# Hello\n\nSee [[wiki:syntax]] and [[nowhere]].', base_rev: '1' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const { html } = response.json() as { html: string };
    expect(html).toContain('<h1 id="hello">Hello</h1>');
    expect(html).toContain('class="wikilink"');
    expect(html).toContain('class="wikilink-missing"');
  });

  it('renders raw HTML as text, as the page does', async () => {
    await admin.get('/start?do=edit');
    const { html } = (await jsonPost(admin, '/start?do=preview', { text: '<script>alert(1)</script>' })).json() as { html: string };
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });

  it('stores nothing and takes no lock', async () => {
    await admin.get('/start?do=edit');
    await admin.post('/start?do=cancel');
    await jsonPost(admin, '/start?do=preview', { text: 'changed' });
    expect(wiki.db.prepare('SELECT COUNT(*) AS n FROM locks').get()).toEqual({ n: 0 });
    expect(wiki.db.prepare("SELECT COUNT(*) AS n FROM revisions WHERE page_id = 'start'").get()).toEqual({ n: 1 });
  });

  it.each([
    ['without _csrf', 403, (client: Client) => jsonPost(client, '/start?do=preview', { text: 'x', _csrf: '' })],
    ['from a reader who may not edit', 401, async () => jsonPost(await anonymousClient(wiki), '/start?do=preview', { text: 'x' })],
    ['without text', 400, (client: Client) => jsonPost(client, '/start?do=preview', {})],
  ])('%s: %i as JSON', async (_name, status, send) => {
    await admin.get('/start?do=edit');
    const response = await send(admin);
    expect(response.statusCode).toBe(status);
    expect(response.json()).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  });

  it('a text too large is 413', async () => {
    await admin.get('/start?do=edit');
    const response = await jsonPost(admin, '/start?do=preview', { text: 'x'.repeat(2 * 1024 * 1024 + 1) });
    expect(response.statusCode).toBe(413);
  });
});

describe('namespace templates', () => {
  beforeEach(async () => {
    await admin.savePage('/team/template', '# @!PAGE@\n\nIn @NS@ (@CURNS@), id @ID@, by @USER@ (@NAME@) on @DATE@.\n');
    await admin.savePage('/team/meetings/template', '# Meeting @PAGE@\n\nBy @USER@.\n');
  });

  it('a new page starts from its namespace template, placeholders replaced', async () => {
    const text = editorText((await admin.get('/team/meetings/weekly_sync?do=edit')).body);
    expect(text).toBe('# Meeting weekly sync\n\nBy admin.\n');
  });

  it('or from the nearest parent namespace’s template', async () => {
    const text = editorText((await admin.get('/team/plans/q3_goals?do=edit')).body) ?? '';
    expect(text).toMatch(/^# Q3 goals\n\nIn team:plans \(plans\), id team:plans:q3_goals, by admin \(Administrator\) on \d{4}\/\d\d\/\d\d \d\d:\d\d\.\n$/);
  });

  it('an existing page, an old revision and a page outside any template keep their own text', async () => {
    expect(editorText((await admin.get('/team/template?do=edit')).body)).toContain('@!PAGE@');
    expect(editorText((await admin.get('/elsewhere?do=edit')).body)).toBe('');
  });

  it('a template the creator may not read is not used', async () => {
    await admin.get('/_/admin/acl');
    await admin.post('/_/admin/acl', { scope: 'team:meetings:template', subject: '@user', level: '0' });
    await addUsers(wiki, [{ login: 'carol', name: 'Carol' }]);
    const text = editorText((await (await clientAs(wiki, 'carol')).get('/team/meetings/secret_plan?do=edit')).body);
    expect(text).toBe('');
  });
});

describe('the layout on a phone', () => {
  it('has a menu button folding the user and site tools, labelled in the page language', async () => {
    const html = (await admin.get('/start')).body;
    expect(html).toContain('<button type="button" class="menu-toggle" data-menu-toggle aria-expanded="true" aria-controls="site-menu">Tools</button>');
    expect(html).toMatch(/<div class="site-menu" id="site-menu">\s*<nav class="user-tools"[\s\S]*<nav class="site-tools"/);
    wiki.db.prepare("UPDATE users SET lang = 'fr' WHERE login = 'admin'").run();
    expect((await admin.get('/start')).body).toContain('aria-controls="site-menu">Outils</button>');
  });

  it('puts the page’s Edit button first, and gives the Edit page tool access key e', async () => {
    const html = (await admin.get('/start')).body;
    expect(html).toContain('<p class="page-actions"><a class="button button--small" href="/start?do=edit">Edit this page</a></p>');
    expect(html).toContain('<li class="tool-edit"><a href="/start?do=edit" accesskey="e">Edit this page</a></li>');
  });

  it('draws the table of contents as a disclosure the site script folds on a phone', async () => {
    await admin.savePage('/guide', '# A\n\n## B\n\n## C\n');
    const html = (await admin.get('/guide')).body;
    expect(html).toMatch(/<nav class="toc" aria-labelledby="toc-heading">\s*<details open data-toc>\s*<summary><h2 id="toc-heading">Table of contents<\/h2><\/summary>/);
  });
});
