// Bad input and forged forms (SPEC §3 status codes, §5 CSRF): every refusal is a page in the site
// layout naming what was wrong, never a stack trace, and changes nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_TEXT_BYTES } from '../../src/limits.js';
import { Client, type TestWiki } from '../helpers/wiki.js';
import {
  expectCsrfInEveryPostForm,
  expectErrorPage,
  formBody,
  openWiki,
  storeOf,
} from './support.js';

let wiki: TestWiki;
let client: Client;

beforeEach(async () => {
  wiki = await openWiki();
  client = new Client(wiki.app);
});
afterEach(async () => wiki.close());

/** What a request may not change: the current text and the number of revisions of a page. */
function snapshot(id: string): { text: string | undefined; revisions: number } {
  const store = storeOf(wiki);
  return { text: store.get(id)?.text, revisions: store.countRevisions(id) };
}

async function twoRevisions(): Promise<void> {
  expect((await client.savePage('/team/notes', 'One\n')).statusCode).toBe(303);
  expect((await client.savePage('/team/notes', 'Two\n')).statusCode).toBe(303);
}

describe('malformed GET requests', () => {
  it.each([
    { url: '/start?do=nope', status: 400, field: undefined },
    { url: '/start?do=save', status: 400, field: undefined },
    { url: '/start?do=revert', status: 400, field: undefined },
    { url: '/start?rev=abc', status: 400, field: 'rev' },
    { url: '/start?rev=0', status: 400, field: 'rev' },
    { url: '/start?rev=-1', status: 400, field: 'rev' },
    { url: '/start?rev=1.5', status: 400, field: 'rev' },
    { url: '/start?rev=99999999999999', status: 400, field: 'rev' },
    { url: '/start?do=edit&rev=abc', status: 400, field: 'rev' },
    { url: '/start?do=source&rev=abc', status: 400, field: 'rev' },
    { url: '/start?do=export_raw&rev=abc', status: 400, field: 'rev' },
    { url: '/start?do=diff&rev2=x', status: 400, field: 'rev2' },
    { url: '/start?do=revisions&first=x', status: 400, field: 'first' },
    { url: '/start?rev=999', status: 404, field: undefined },
    { url: '/start?do=source&rev=999', status: 404, field: undefined },
    { url: '/start?do=export_raw&rev=999', status: 404, field: undefined },
    { url: '/start?do=export_html&rev=999', status: 404, field: undefined },
    { url: `/${'a'.repeat(1001)}`, status: 400, field: undefined },
    { url: `/${'a:'.repeat(600)}b`, status: 400, field: undefined },
    { url: '/_/nothing/here', status: 404, field: undefined },
  ])('GET $url answers $status', async ({ url, status, field }) => {
    const response = await client.get(url);
    expectErrorPage(response, status, field);
  });

  it('accepts an id of exactly 1000 characters', async () => {
    const response = await client.get(`/${'a'.repeat(1000)}`);
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('This page does not exist yet');
  });

  it('says the action does not exist for an unknown do', async () => {
    const response = await client.get('/start?do=nope');
    expect(response.body).toContain('This action does not exist.');
  });

  it('says a name is too long for an id over 1000 characters', async () => {
    const response = await client.get(`/${'a'.repeat(1001)}`);
    expect(response.body).toContain('at most 1000 characters');
  });

  it.each(['/%E0%A4%A', '/foo%zz', '/team/%'])('answers 400 for the invalid percent-escape %s', async (url) => {
    const response = await client.get(url);
    expect(response.statusCode).toBe(400);
    expect(response.body).not.toMatch(/^\s*at .+:\d+:\d+\)?$/m);
  });
});

describe('malformed POST requests', () => {
  it.each<{ name: string; url: string; form: Record<string, string>; field: string | undefined }>([
    { name: 'save without text', url: '/team/notes?do=save', form: { base_rev: '2' }, field: 'text' },
    { name: 'save with base_rev=x', url: '/team/notes?do=save', form: { text: 'Three\n', base_rev: 'x' }, field: 'base_rev' },
    { name: 'save with base_rev=-1', url: '/team/notes?do=save', form: { text: 'Three\n', base_rev: '-1' }, field: 'base_rev' },
    { name: 'preview without text', url: '/team/notes?do=preview', form: { base_rev: '2' }, field: 'text' },
    { name: 'revert without rev', url: '/team/notes?do=revert', form: {}, field: 'rev' },
    { name: 'revert with rev=abc', url: '/team/notes?do=revert', form: { rev: 'abc' }, field: 'rev' },
    { name: 'an unknown action', url: '/team/notes?do=nope', form: { text: 'Three\n' }, field: undefined },
    { name: 'a GET-only action', url: '/team/notes?do=edit', form: { text: 'Three\n' }, field: undefined },
    { name: 'no action', url: '/team/notes', form: { text: 'Three\n' }, field: undefined },
  ])('$name answers 400 and changes nothing', async ({ url, form, field }) => {
    await twoRevisions();
    const before = snapshot('team:notes');
    const response = await client.post(url, form);
    expectErrorPage(response, 400, field);
    expect(snapshot('team:notes')).toEqual(before);
  });

  it('answers 400 naming the id when a page to create has an id over 1000 characters', async () => {
    await client.get('/start?do=edit');
    const response = await client.post(`/${'a'.repeat(1001)}?do=save`, { text: 'Too long a name\n', base_rev: '' });
    expectErrorPage(response, 400);
    expect(storeOf(wiki).count()).toBe(2);
  });
});

describe('size limits', () => {
  it('accepts a text of exactly 2 MB', async () => {
    const line = `${'a'.repeat(1023)}\n`;
    const text = line.repeat(MAX_TEXT_BYTES / line.length);
    expect(Buffer.byteLength(text)).toBe(MAX_TEXT_BYTES);
    const response = await client.savePage('/big', text);
    expect(response.statusCode).toBe(303);
    expect(storeOf(wiki).get('big')?.size).toBe(MAX_TEXT_BYTES);
  });

  it.each([
    { name: 'ASCII', text: 'a'.repeat(MAX_TEXT_BYTES + 1) },
    { name: 'multi-byte characters', text: 'é'.repeat(MAX_TEXT_BYTES / 2 + 1) },
  ])('answers 413 to a save of more than 2 MB of $name, saving nothing', async ({ text }) => {
    await twoRevisions();
    const before = snapshot('team:notes');
    const response = await client.savePage('/team/notes', text);
    expectErrorPage(response, 413);
    expect(snapshot('team:notes')).toEqual(before);
  });

  it('answers 413 to a preview of more than 2 MB', async () => {
    await client.get('/big?do=edit');
    const response = await client.post('/big?do=preview', { text: 'a'.repeat(MAX_TEXT_BYTES + 1), base_rev: '' });
    expectErrorPage(response, 413);
  });

  it('answers 413 in the layout to a body over the body limit, saving nothing', async () => {
    await twoRevisions();
    const before = snapshot('team:notes');
    await client.get('/team/notes?do=edit');
    const limit = wiki.app.initialConfig.bodyLimit ?? MAX_TEXT_BYTES * 4;
    const response = await wiki.app.inject({
      method: 'POST',
      url: '/team/notes?do=save',
      cookies: Object.fromEntries(client.cookies),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `${formBody({ _csrf: client.csrf, base_rev: '2' })}&text=${'a'.repeat(limit)}`,
    });
    expectErrorPage(response, 413);
    expect(snapshot('team:notes')).toEqual(before);
  });
});

describe('CSRF', () => {
  const actions: { action: string; form: Record<string, string> }[] = [
    { action: 'save', form: { text: 'Forged\n', base_rev: '2' } },
    { action: 'preview', form: { text: 'Forged\n', base_rev: '2' } },
    { action: 'delete', form: { summary: 'forged' } },
    { action: 'revert', form: { rev: '1' } },
  ];
  const forgeries = [
    { how: 'without _csrf', token: (_own: string, _other: string) => null },
    { how: 'with an empty _csrf', token: () => '' },
    { how: 'with a wrong _csrf', token: (own: string) => `${own.slice(0, -2)}xx` },
    { how: "with another visitor's _csrf", token: (_own: string, other: string) => other },
  ];
  const cases = actions.flatMap((a) => forgeries.map((f) => ({ ...a, ...f })));

  it.each(cases)('POST ?do=$action $how answers 403 and changes nothing', async ({ action, form, token }) => {
    await twoRevisions();
    const own = client.csrf;
    const other = new Client(wiki.app);
    await other.get('/team/notes?do=edit');
    expect(other.csrf).not.toBe(own);
    const before = snapshot('team:notes');
    const forged = token(own, other.csrf);
    const fields = { ...form };
    const response = await wiki.app.inject({
      method: 'POST',
      url: `/team/notes?do=${action}`,
      cookies: Object.fromEntries(client.cookies),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody(forged === null ? fields : { ...fields, _csrf: forged }),
    });
    expectErrorPage(response, 403);
    expect(snapshot('team:notes')).toEqual(before);
  });

  it.each(actions)('POST ?do=$action with a token but no visitor cookie answers 403', async ({ action, form }) => {
    await twoRevisions();
    const before = snapshot('team:notes');
    const response = await wiki.app.inject({
      method: 'POST',
      url: `/team/notes?do=${action}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody({ ...form, _csrf: client.csrf }),
    });
    expectErrorPage(response, 403);
    expect(snapshot('team:notes')).toEqual(before);
  });

  it('refuses a forged save of a new page without creating it', async () => {
    const response = await wiki.app.inject({
      method: 'POST',
      url: '/team/forged?do=save',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody({ text: 'Forged\n', base_rev: '' }),
    });
    expectErrorPage(response, 403);
    expect(storeOf(wiki).lastRev('team:forged')).toBe(0);
  });

  it.each([
    { name: 'the editor', url: '/team/notes?do=edit' },
    { name: 'the editor of a new page', url: '/team/new?do=edit' },
    { name: 'the editor on an old revision', url: '/team/notes?do=edit&rev=1' },
    { name: 'the delete confirmation', url: '/team/notes?do=delete' },
    { name: 'the revisions list', url: '/team/notes?do=revisions' },
  ])('puts a hidden _csrf into every POST form of $name, and the token works', async ({ url }) => {
    await twoRevisions();
    const fresh = new Client(wiki.app);
    const response = await fresh.get(url);
    expect(response.statusCode).toBe(200);
    expectCsrfInEveryPostForm(response.body);
    const preview = await fresh.post('/team/notes?do=preview', { text: 'Check\n', base_rev: '2' });
    expect(preview.statusCode).toBe(200);
  });
});

describe('error pages', () => {
  it.each([
    { name: '400', request: () => client.get('/start?rev=abc'), status: 400 },
    { name: '403', request: () => client.post('/start?do=save', { _csrf: 'nope', text: 'x', base_rev: '1' }), status: 403 },
    { name: '404', request: () => client.get('/start?rev=999'), status: 404 },
    { name: '404 under /_/', request: () => client.get('/_/x'), status: 404 },
  ])('a $name is shown in the site layout, with the search box', async ({ request, status }) => {
    const response = await request();
    expectErrorPage(response, status);
    expect(response.body).toContain('action="/_/search"');
    expect(response.body).toContain('<html lang="en">');
  });
});

describe('ids that cannot name a page', () => {
  it.each(['/%E0%A4%A', '/foo%zz', '/team/%'])('answers 400 in the layout for the invalid percent-escape %s', async (url) => {
    expectErrorPage(await client.get(url), 400);
  });

  it.each(['/___', '/-', '/:'])('answers 400 to a save at %s, whose id is empty once cleaned', async (path) => {
    await client.get('/start?do=edit');
    const response = await client.post(`${path}?do=save`, { text: 'Nameless\n', base_rev: '' });
    expectErrorPage(response, 400);
    expect(storeOf(wiki).exists('')).toBe(false);
    expect(storeOf(wiki).count()).toBe(2);
  });
});
