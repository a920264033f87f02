// Plugins over HTTP (SPEC §8): iphelper's no-JavaScript form, widgets in a page and in the toolbox
// panel, what a disabled plugin leaves (nothing), wordcount's page tool and routes, and a plugin
// that throws, which never takes a page down.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAclStore } from '../../src/access/acl-store.js';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db.js';
import { definePlugin } from '../../src/plugins/define.js';
import { shippedPlugins } from '../../src/plugins/index.js';
import { createSettingsStore } from '../../src/site/settings.js';
import { Client, createTestWiki, type TestWiki } from '../helpers/wiki.js';
import { clientAs } from './accounts-support.js';
import { expectLayoutPage, expectNoStackTrace } from './support.js';

let wiki: TestWiki;
let visitor: Client;

beforeEach(async () => {
  wiki = await createTestWiki({}, { policy: 'open' });
  visitor = new Client(wiki.app);
});
afterEach(async () => wiki.close());

/** Every `data-field` element's text, by field. */
function fields(html: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const [, name, text] of html.matchAll(/data-field="(\w+)"[^>]*>([^<]*)</g)) found[name ?? ''] = text ?? '';
  return found;
}

async function admin(): Promise<Client> {
  return clientAs(wiki, 'admin');
}

/** Posts the site settings with these plugins and panel widgets, the rest unchanged. */
async function configure(client: Client, change: { plugins?: string[]; toolbox?: string[]; lang?: string }): Promise<void> {
  await client.get('/_/admin/config');
  const site = createSettingsStore(wiki.db).site();
  const response = await client.post('/_/admin/config', {
    title: site.title,
    lang: change.lang ?? site.lang,
    start: site.start,
    breadcrumbs: String(site.breadcrumbs),
    plugins: change.plugins ?? site.plugins,
    toolbox: change.toolbox ?? site.toolbox,
  });
  expect(response.statusCode).toBe(303);
}

describe('iphelper without JavaScript: GET /_/plugin/iphelper', () => {
  it.each([
    [
      '?ip=192.168.10.77&prefix=26',
      { network: '192.168.10.64', first: '192.168.10.65', last: '192.168.10.126', broadcast: '192.168.10.127', mask: '255.255.255.192', cidr: '192.168.10.64/26', usable: '62', reverse: '10.168.192.in-addr.arpa' },
    ],
    [
      '?ip=10.1.2.3&mask=255.255.0.0',
      { network: '10.1.0.0', first: '10.1.0.1', last: '10.1.255.254', broadcast: '10.1.255.255', mask: '255.255.0.0', cidr: '10.1.0.0/16', usable: '65,534', reverse: '1.10.in-addr.arpa' },
    ],
    ['?ip=192.0.2.9&prefix=%2F31', { network: '192.0.2.8', first: '192.0.2.8', last: '192.0.2.9', broadcast: '—', usable: '2' }],
    ['?ip=192.0.2.9&prefix=32', { network: '192.0.2.9', first: '192.0.2.9', last: '192.0.2.9', broadcast: '—', usable: '1' }],
    [
      '?ip=2001:db8:abcd:12::1&prefix=64',
      { network: '2001:db8:abcd:12::', first: '2001:db8:abcd:12::', last: '2001:db8:abcd:12:ffff:ffff:ffff:ffff', broadcast: '—', mask: '/64', cidr: '2001:db8:abcd:12::/64', usable: '18,446,744,073,709,551,616', reverse: '2.1.0.0.d.c.b.a.8.b.d.0.1.0.0.2.ip6.arpa' },
    ],
  ])('%s answers every value in its data-field', async (query, expected) => {
    const response = await visitor.get(`/_/plugin/iphelper${query}`);
    expectLayoutPage(response, 200);
    expect(fields(response.body)).toMatchObject({ ...expected, error: '' });
    expect(response.body).toContain('<form class="iphelper__form" method="get" action="/_/plugin/iphelper">');
  });

  it('shows a blank form when nothing was asked', async () => {
    const response = await visitor.get('/_/plugin/iphelper');
    expectLayoutPage(response, 200);
    expect(response.body).toContain('<h1>Subnet calculator</h1>');
    expect(fields(response.body).error).toBe('');
    expect(fields(response.body).network).toBe('');
  });

  it.each([
    ['?ip=&prefix=24', 'Enter an IP address.', 'ip'],
    ['?ip=999.1.1.1&prefix=24', 'This is not a valid IPv4 or IPv6 address.', 'ip'],
    ['?ip=10.0.0.1&prefix=33', 'The prefix length must be a whole number from 0 to 32.', 'prefix'],
    ['?ip=2001:db8::1&prefix=129', 'The prefix length must be a whole number from 0 to 128.', 'prefix'],
    ['?ip=10.0.0.1&mask=255.0.255.0', 'The subnet mask must be four numbers from 0 to 255 whose one bits are contiguous, such as 255.255.255.0.', 'prefix'],
    ['?ip=10.0.0.1', 'Give a prefix length (such as /24) or a subnet mask (such as 255.255.255.0).', 'prefix'],
    ['?ip=10.0.0.1&prefix=24&mask=255.255.0.0', 'The prefix length and the subnet mask disagree: give only one of them.', 'prefix'],
  ])('%s answers 400 with the message next to the field', async (query, message, field) => {
    const response = await visitor.get(`/_/plugin/iphelper${query}`);
    expectLayoutPage(response, 400);
    expectNoStackTrace(response.body);
    expect(fields(response.body).error).toBe(message);
    expect(response.body).toMatch(new RegExp(`name="${field}"[^>]*aria-invalid="true"`));
  });

  it('gives back what was typed, escaped', async () => {
    const response = await visitor.get('/_/plugin/iphelper?ip=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E&prefix=24');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(response.body).not.toContain('<script>alert(1)');
  });

  it('speaks French on a French wiki, numbers included', async () => {
    await configure(await admin(), { lang: 'fr' });
    const response = await visitor.get('/_/plugin/iphelper?ip=10.0.0.0&prefix=8');
    expect(response.body).toContain('<html lang="fr">');
    expect(response.body).toContain('<dt>Adresse du réseau</dt>');
    expect(fields(response.body).usable).toBe(new Intl.NumberFormat('fr').format(16_777_214));
    expect(fields((await visitor.get('/_/plugin/iphelper?ip=10.0.0.1&prefix=99')).body).error).toBe(
      'La longueur de préfixe doit être un nombre entier de 0 à 32.',
    );
  });

  it('serves its stylesheet and loads its module script', async () => {
    const css = await visitor.get('/_/static/plugins/iphelper/iphelper.css');
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect((await visitor.get('/_/static/plugins/iphelper/nope.js')).statusCode).toBe(404);
    expect((await visitor.get('/_/static/plugins/nope/iphelper.css')).statusCode).toBe(404);
    expect((await visitor.get('/_/plugin/iphelper')).body).toContain('<script type="module" src="/_/static/plugins/iphelper/widget.js"></script>');
  });
});

describe('widgets in a page: {{toolbox>NAME}}', () => {
  it('draws the iphelper widget where the directive stands', async () => {
    await visitor.savePage('/net/tools', '# Tools\n\nBefore.\n\n{{toolbox>iphelper}}\n\nAfter.\n');
    const response = await visitor.get('/net/tools');
    expectLayoutPage(response, 200);
    const body = response.body;
    expect(body).toMatch(/<p>Before\.<\/p>\s*<section class="widget widget--iphelper" data-widget="iphelper"[\s\S]*<\/section>\s*<p>After\.<\/p>/);
    expect(body).toContain('<h2 class="widget__title" id="widget-1-title">Subnet calculator</h2>');
    for (const field of ['network', 'first', 'last', 'broadcast', 'mask', 'cidr', 'usable', 'reverse', 'error']) expect(body).toContain(`data-field="${field}"`);
  });

  it('shows a visible, escaped notice for an unknown widget', async () => {
    await visitor.savePage('/net/tools', '{{toolbox>nothing<b>here</b>}}\n');
    const response = await visitor.get('/net/tools');
    expectLayoutPage(response, 200);
    expect(response.body).toContain('There is no toolbox widget “nothing&lt;b&gt;here&lt;/b&gt;”.');
    expect(response.body).not.toContain('<b>here</b>');
  });

  it('leaves the directive as text inside a paragraph or code', async () => {
    await visitor.savePage('/net/tools', 'Use `{{toolbox>iphelper}}` or write it inline: {{toolbox>iphelper}}.\n');
    const body = (await visitor.get('/net/tools')).body;
    expect(body).toContain('<code>{{toolbox&gt;iphelper}}</code>');
    expect(body).not.toContain('data-widget="iphelper"');
  });
});

describe('the toolbox panel', () => {
  it('is absent until the admin puts widgets in it, then shows them on every page', async () => {
    expect((await visitor.get('/')).body).not.toContain('<aside class="toolbox"');
    const config = await (await admin()).get('/_/admin/config');
    expect(config.body).toContain('name="toolbox" value="iphelper"');
    await configure(await admin(), { toolbox: ['iphelper'] });
    expect(createSettingsStore(wiki.db).site().toolbox).toEqual(['iphelper']);
    for (const url of ['/', '/_/recent', '/no/such/page']) {
      const body = (await visitor.get(url)).body;
      expect(body).toContain('<aside class="toolbox" aria-label="Toolbox">');
      expect(body).toContain('id="toolbox-1-ip"');
    }
  });

  it('ignores names that are no widget', async () => {
    const client = await admin();
    await client.get('/_/admin/config');
    await configure(client, { toolbox: ['iphelper', 'nope'] });
    expect(createSettingsStore(wiki.db).site().toolbox).toEqual(['iphelper']);
  });
});

describe('enabling and disabling plugins in /_/admin/config', () => {
  it('lists the shipped plugins, enabled on a new wiki', async () => {
    const body = (await (await admin()).get('/_/admin/config')).body;
    expect(body).toContain('name="plugins" value="iphelper" checked');
    expect(body).toContain('name="plugins" value="wordcount" checked');
    expect(body).toContain('Subnet calculator: network, usable addresses');
  });

  it('a disabled plugin contributes nothing, and comes back when enabled again', async () => {
    await visitor.savePage('/net/tools', 'Count these words.\n\n{{toolbox>iphelper}}\n');
    const client = await admin();
    await configure(client, { toolbox: ['iphelper'] });
    const before = (await visitor.get('/net/tools')).body; // cached with the widget
    expect(before).toContain('data-widget="iphelper"');
    expect(before).toContain('class="tool-wordcount"');

    await configure(client, { plugins: [] });
    expect(createSettingsStore(wiki.db).site().plugins).toEqual([]);
    const page = await visitor.get('/net/tools');
    expectLayoutPage(page, 200);
    expect(page.body).toContain('There is no toolbox widget “iphelper”.');
    expect(page.body).not.toContain('data-iphelper');
    expect(page.body).not.toContain('<aside class="toolbox"');
    expect(page.body).not.toContain('tool-wordcount');
    expect(page.body).not.toContain('/_/plugin/');
    for (const url of ['/_/plugin/iphelper?ip=10.0.0.1&prefix=8', '/_/plugin/wordcount/', '/_/plugin/wordcount/net/tools', '/_/static/plugins/iphelper/iphelper.css']) {
      expect((await visitor.get(url)).statusCode, url).toBe(404);
    }

    await configure(client, { plugins: ['iphelper', 'wordcount'] });
    const again = (await visitor.get('/net/tools')).body;
    expect(again).toContain('data-widget="iphelper"');
    expect(again).toContain('class="tool-wordcount"');
    expect((await visitor.get('/_/plugin/iphelper?ip=10.0.0.1&prefix=8')).statusCode).toBe(200);
  });

  it('keeps only the names of listed plugins', async () => {
    await configure(await admin(), { plugins: ['wordcount', 'not-a-plugin'] });
    expect(createSettingsStore(wiki.db).site().plugins).toEqual(['wordcount']);
  });
});

describe('wordcount', () => {
  const wordsTool = (body: string) => /<li class="tool-wordcount"><a href="([^"]+)">([^<]+)<\/a><\/li>/.exec(body)?.slice(1);

  it('shows the count of the current revision in the page tools, kept by its hooks', async () => {
    await visitor.savePage('/notes/today', 'One two three.\n');
    expect(wordsTool((await visitor.get('/notes/today')).body)).toEqual(['/_/plugin/wordcount/notes/today', '3 words']);
    await visitor.savePage('/notes/today', 'One.\n');
    expect(wordsTool((await visitor.get('/notes/today')).body)).toEqual(['/_/plugin/wordcount/notes/today', '1 word']);
    const stored = wiki.db.prepare('SELECT words FROM plugin_wordcount WHERE page_id = ?').pluck().get('notes:today');
    expect(stored).toBe(1);
  });

  it('has a page with the figures and a site tool listing readable pages, longest first', async () => {
    await visitor.savePage('/notes/today', 'One two three four.\n');
    const figures = await visitor.get('/_/plugin/wordcount/notes/today');
    expectLayoutPage(figures, 200);
    expect(figures.body).toContain('<h1>Word count: notes:today</h1>');
    expect(figures.body).toContain('<dd>4 words</dd>');
    expect(figures.body).toContain('<li class="tool-wordcounts"><a href="/_/plugin/wordcount/">Word counts</a></li>');
    const list = await visitor.get('/_/plugin/wordcount/');
    expectLayoutPage(list, 200);
    expect(list.body.indexOf('wiki:syntax')).toBeLessThan(list.body.indexOf('notes:today'));
    expect((await visitor.get('/_/plugin/wordcount/no/such/page')).statusCode).toBe(404);
  });

  it('drops a deleted page', async () => {
    await visitor.savePage('/notes/today', 'Gone soon.\n');
    await visitor.get('/notes/today?do=delete');
    expect((await visitor.post('/notes/today?do=delete', { summary: '' })).statusCode).toBe(303);
    expect(wiki.db.prepare('SELECT COUNT(*) FROM plugin_wordcount WHERE page_id = ?').pluck().get('notes:today')).toBe(0);
    expect((await visitor.get('/_/plugin/wordcount/')).body).not.toContain('notes:today');
  });

  it('checks read permission before looking the page up, and lists only readable pages', async () => {
    await visitor.savePage('/secret/plans', 'Hidden words.\n');
    const client = await admin();
    await client.get('/_/admin/acl');
    expect((await client.post('/_/admin/acl', { scope: 'secret:*', subject: '@ALL', level: '0' })).statusCode).toBe(303);
    expect((await visitor.get('/_/plugin/wordcount/secret/plans')).statusCode).toBe(401);
    expect((await visitor.get('/_/plugin/wordcount/secret/missing')).statusCode).toBe(401);
    expect((await visitor.get('/_/plugin/wordcount/')).body).not.toContain('secret');
    expect((await client.get('/_/plugin/wordcount/secret/plans')).statusCode).toBe(200);
  });
});

describe('a plugin that throws', () => {
  const boom = definePlugin({
    manifest: { name: 'boom', version: '0.0.1', description: 'Throws from every part.' },
    strings: { en: { description: 'Boom', title: 'Boom' }, fr: { description: 'Boum', title: 'Boum' } },
    widgets: {
      boom: {
        title: 'title',
        render: () => {
          throw new Error('widget exploded');
        },
      },
    },
    tools: {
      page: () => {
        throw new Error('tools exploded');
      },
      site: () => {
        throw new Error('tools exploded');
      },
    },
    hooks: {
      saved: () => {
        throw new Error('hook exploded');
      },
    },
  });

  let dir: string;
  let logged: string;

  beforeEach(async () => {
    // A wiki of its own, built with the test plugin listed (buildApp's `plugins` option) and enabled.
    await wiki.close();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-plugins-'));
    const db = openDatabase(dir);
    createAclStore(db).applyPolicy('open');
    createSettingsStore(db).update({ plugins: ['iphelper', 'wordcount', 'boom'], toolbox: ['boom', 'iphelper'] });
    logged = '';
    const logger = { level: 'error', stream: { write: (line: string) => void (logged += line) } };
    const app = await buildApp(loadConfig({ QUIRE_DATA: dir }), db, { plugins: [...shippedPlugins(), boom], logger });
    wiki = {
      app,
      db,
      dir,
      async close() {
        await app.close();
        db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
    visitor = new Client(app);
  });

  it('leaves the page whole, with a notice in place of the widget, and logs the error', async () => {
    const saved: LightMyRequestResponse = await visitor.savePage('/boom', 'Text.\n\n{{toolbox>boom}}\n\n{{toolbox>iphelper}}\n');
    expect(saved.statusCode).toBe(303);
    const response = await visitor.get('/boom');
    expectLayoutPage(response, 200);
    expectNoStackTrace(response.body);
    expect(response.body).toContain('The widget “boom” could not be shown.');
    expect(response.body).toContain('data-widget="iphelper"');
    expect(response.body).toContain('class="tool-wordcount"');
    expect(response.body).toContain('class="tool-edit"');
    expect(response.body).toContain('<aside class="toolbox" aria-label="Toolbox">');
    expect(logged).toContain('widget exploded');
    expect(logged).toContain('tools exploded');
    expect(logged).toContain('hook exploded');
  });
});
