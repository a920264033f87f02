// A GET never writes (issue 15): reading screens — pages, their history, the finding screens and
// the plugins' screens — leaves the database as it was, even when a plugin's stored figures are
// stale (wordcount counts in memory what its hooks missed while it was disabled).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSettingsStore } from '../../src/site/settings.js';
import { ADMIN_PASSWORD, Client, createTestWiki, type TestWiki } from '../helpers/wiki.js';

let wiki: TestWiki;
let admin: Client;

const changes = () => (wiki.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;

async function enablePlugins(plugins: string[]): Promise<void> {
  await admin.get('/_/admin/config');
  const site = createSettingsStore(wiki.db).site();
  const response = await admin.post('/_/admin/config', {
    title: site.title,
    lang: site.lang,
    start: site.start,
    breadcrumbs: String(site.breadcrumbs),
    plugins,
    toolbox: site.toolbox,
  });
  expect(response.statusCode).toBe(303);
}

beforeAll(async () => {
  wiki = await createTestWiki();
  admin = new Client(wiki.app);
  expect((await admin.login('admin', ADMIN_PASSWORD)).statusCode).toBe(303);
  expect((await admin.savePage('/notes', '# Notes\n\nOne two three.\n')).statusCode).toBe(303);
  const plugins = createSettingsStore(wiki.db).site().plugins;
  // Changed while wordcount is off: its stored count is now one revision behind.
  await enablePlugins(plugins.filter((name) => name !== 'wordcount'));
  expect((await admin.savePage('/notes', '# Notes\n\nOne two three four five.\n')).statusCode).toBe(303);
  await enablePlugins(plugins);
});
afterAll(async () => wiki.close());

const SCREENS = [
  '/notes',
  '/notes?rev=1',
  '/notes?do=source',
  '/notes?do=revisions',
  '/notes?do=diff&rev=1&rev2=2',
  '/notes?do=backlink',
  '/notes?do=export_raw',
  '/notes?do=export_html',
  '/_/recent',
  '/_/search?q=notes',
  '/_/index',
  '/_/feed',
  '/_/sitemap.xml',
  '/_/plugin/wordcount/',
  '/_/plugin/wordcount/notes',
  '/_/media',
];

describe('a GET never writes', () => {
  it.each(SCREENS)('%s, read anonymously and by a logged-in user, changes nothing', async (url) => {
    const before = changes();
    const anonymous = await wiki.app.inject({ method: 'GET', url });
    const logged = await admin.get(url);
    expect(anonymous.statusCode).toBe(200);
    expect(logged.statusCode).toBe(200);
    expect(changes()).toBe(before);
  });

  it("shows the page's current word count, counted in memory", async () => {
    const page = await admin.get('/_/plugin/wordcount/notes');
    expect(page.body).toMatch(/\b6\b/);
  });
});
