// Site settings (SPEC §3 /_/admin/config, §9): title, language, start page, registration and the
// trace length, kept in the database and applied from the next request on.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSettingsStore } from '../../src/site/settings.js';
import { Client, createTestWiki, type TestWiki } from '../helpers/wiki.js';
import { addUser, clientAs, formError, snapshot } from './accounts-support.js';
import { expectLayoutPage } from './support.js';

let wiki: TestWiki;
let admin: Client;
beforeEach(async () => {
  wiki = await createTestWiki({}, { policy: 'public' });
  admin = await clientAs(wiki, 'admin');
  await admin.get('/_/admin/config');
});
afterEach(async () => wiki.close());

const current = { title: 'Quire', lang: 'en', start: 'start', breadcrumbs: '10' };
const stored = () => createSettingsStore(wiki.db).site();
const anonymousGet = (url: string) => wiki.app.inject({ method: 'GET', url });

describe('the form', () => {
  it('shows the current settings', async () => {
    const response = await admin.get('/_/admin/config');
    expectLayoutPage(response, 200);
    expect(response.body).toContain('name="title" type="text" required maxlength="100" value="Quire"');
    expect(response.body).toContain('<option value="en" selected>');
    expect(response.body).toContain('name="start" type="text" required maxlength="200" value="start"');
    expect(response.body).toMatch(/name="registration" value="on">/);
    expect(response.body).toContain('name="breadcrumbs" type="number" min="0" max="50" required value="10"');
  });
});

describe('saving', () => {
  it('applies the title at once (303)', async () => {
    const response = await admin.post('/_/admin/config', { ...current, title: 'Team Wiki' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/_/admin/config?saved=1');
    expect((await anonymousGet('/')).body).toContain('<a class="site-title" href="/">Team Wiki</a>');
    expect(stored().title).toBe('Team Wiki');
    expect((await admin.get('/_/admin/config?saved=1')).body).toContain('The settings were saved.');
  });

  it('applies the language to visitors and users without their own, not to those with one', async () => {
    await addUser(wiki, { login: 'bob' });
    const bob = await clientAs(wiki, 'bob');
    await bob.post('/_/profile', { name: 'Bob', email: '', lang: 'en' });
    expect((await admin.post('/_/admin/config', { ...current, lang: 'fr' })).statusCode).toBe(303);
    expect((await anonymousGet('/')).body).toContain('<html lang="fr">');
    expect((await admin.get('/')).body).toContain('<html lang="fr">');
    expect((await bob.get('/')).body).toContain('<html lang="en">');
    expect(stored().lang).toBe('fr');
  });

  it('applies the start page to /', async () => {
    await admin.savePage('/home', '# Home sweet home\n');
    const response = await admin.post('/_/admin/config', { ...current, start: 'Home' });
    expect(response.statusCode).toBe(303);
    expect(stored().start).toBe('home');
    const home = await anonymousGet('/');
    expectLayoutPage(home, 200);
    expect(home.body).toContain('<meta name="quire:id" content="home">');
    expect(home.body).toContain('Home sweet home');
  });

  it('turns registration on and off', async () => {
    await admin.post('/_/admin/config', { ...current, registration: 'on' });
    expect(stored().registration).toBe(true);
    expect((await anonymousGet('/_/register')).statusCode).toBe(200);
    expect((await anonymousGet('/')).body).toContain('href="/_/register"');
    await admin.get('/_/admin/config');
    await admin.post('/_/admin/config', current);
    expect(stored().registration).toBe(false);
    expect((await anonymousGet('/_/register')).statusCode).toBe(404);
    expect((await anonymousGet('/')).body).not.toContain('href="/_/register"');
  });

  it.each(['0', '1', '25', '50'])('accepts %s pages in the trace', async (breadcrumbs) => {
    expect((await admin.post('/_/admin/config', { ...current, breadcrumbs })).statusCode).toBe(303);
    expect(stored().breadcrumbs).toBe(Number(breadcrumbs));
    expect((await admin.get('/_/admin/config')).body).toContain(`name="breadcrumbs" type="number" min="0" max="50" required value="${breadcrumbs}"`);
  });
});

describe('bad input', () => {
  it.each([
    ['51 pages in the trace', { breadcrumbs: '51' }, 'breadcrumbs'],
    ['-1 pages in the trace', { breadcrumbs: '-1' }, 'breadcrumbs'],
    ['a trace length that is not a number', { breadcrumbs: 'ten' }, 'breadcrumbs'],
    ['a trace length with a fraction', { breadcrumbs: '2.5' }, 'breadcrumbs'],
    ['an empty title', { title: '   ' }, 'title'],
    ['a title too long', { title: 'x'.repeat(101) }, 'title'],
    ['an unknown language', { lang: 'de' }, 'lang'],
    ['an empty start page', { start: '' }, 'start'],
    ['a start page in a namespace', { start: 'wiki:start' }, 'start'],
  ])('refuses %s with 400, a message naming the field, and changes nothing', async (_label, change, field) => {
    const before = snapshot(wiki);
    const response = await admin.post('/_/admin/config', { ...current, title: 'Changed', ...change });
    expectLayoutPage(response, 400);
    expect(formError(response.body)).toBe(`Check the field “${field}”.`);
    expect(response.body).toContain('action="/_/admin/config"');
    expect(snapshot(wiki)).toEqual(before);
    expect((await anonymousGet('/')).body).toContain('<a class="site-title" href="/">Quire</a>');
  });
});
