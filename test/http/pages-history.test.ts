// A page's past over HTTP (SPEC §3): the revision list with its paging, compare form and restore
// forms, and the diff of any two revisions, inline or side by side.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, type TestWiki } from '../helpers/wiki.js';
import {
  expectCsrfInEveryPostForm,
  expectErrorPage,
  expectLayoutPage,
  listedRevisions,
  openWiki,
  postForms,
} from './support.js';

let wiki: TestWiki;
let client: Client;

beforeEach(async () => {
  wiki = await openWiki();
  client = new Client(wiki.app);
});
afterEach(async () => wiki.close());

async function saveRevisions(path: string, count: number): Promise<void> {
  for (let n = 1; n <= count; n++) {
    const response = await client.savePage(path, `Version ${n}\n`, { summary: `summary ${n}` });
    expect(response.statusCode).toBe(303);
  }
}

/** The two revisions a diff page compares, from the links in its two headings. */
function comparedRevisions(html: string): { left: string; right: string } {
  const left = /<div class="diff-head diff-head--old">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '';
  const right = /<div class="diff-head diff-head--new">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '';
  return {
    left: /\?rev=(\d+)"/.exec(left)?.[1] ?? (left.includes('(the page did not exist)') ? '0' : '?'),
    right: /\?rev=(\d+)"/.exec(right)?.[1] ?? '?',
  };
}

describe('GET ?do=revisions', () => {
  it('lists revisions newest first, with type, summary and the current one marked', async () => {
    await saveRevisions('/team/notes', 3);
    const response = await client.get('/team/notes?do=revisions');
    expectLayoutPage(response, 200);
    expect(listedRevisions(response.body)).toEqual([3, 2, 1]);
    expect(response.body.indexOf('summary 3')).toBeLessThan(response.body.indexOf('summary 1'));
    expect(response.body).toContain('created');
    expect(response.body).toContain('edited');
    expect(response.body).toMatch(/#3<\/span>[\s\S]*?\(current\)/);
  });

  it('offers a GET compare form with rev2 checkboxes and a POST restore form per old revision', async () => {
    await saveRevisions('/team/notes', 3);
    const response = await client.get('/team/notes?do=revisions');
    expect(response.body).toMatch(/<form class="revisions" method="get" action="\/team\/notes">\s*<input type="hidden" name="do" value="diff">/);
    expect(response.body.match(/<input type="checkbox" name="rev2" value="\d+"/g)).toHaveLength(3);
    const restores = postForms(response.body);
    expect(restores).toHaveLength(2);
    for (const [i, form] of restores.entries()) {
      expect(form).toContain('action="/team/notes?do=revert"');
      expect(form).toContain(`<input type="hidden" name="rev" value="${2 - i}">`);
    }
    expectCsrfInEveryPostForm(response.body);
  });

  it('pages through more than 20 revisions with &first=K', async () => {
    await saveRevisions('/team/notes', 25);
    const first = await client.get('/team/notes?do=revisions');
    expect(listedRevisions(first.body)).toEqual(Array.from({ length: 20 }, (_, i) => 25 - i));
    expect(first.body).toContain('href="/team/notes?do=revisions&amp;first=20"');
    expect(first.body).not.toContain('newer</a>');

    const second = await client.get('/team/notes?do=revisions&first=20');
    expectLayoutPage(second, 200);
    expect(listedRevisions(second.body)).toEqual([5, 4, 3, 2, 1]);
    expect(second.body).toContain('href="/team/notes?do=revisions&amp;first=0"');
    expect(second.body).not.toContain('older →');
  });

  it('keeps the history of a deleted page', async () => {
    await saveRevisions('/team/notes', 2);
    await client.savePage('/team/notes', '');
    const response = await client.get('/team/notes?do=revisions');
    expectLayoutPage(response, 200);
    expect(listedRevisions(response.body)).toEqual([3, 2, 1]);
    expect(response.body).toContain('deleted');
  });

  it('lists the one revision of a seeded page', async () => {
    const response = await client.get('/wiki/syntax?do=revisions');
    expect(listedRevisions(response.body)).toEqual([1]);
    expect(response.body).toContain('(external edit)');
  });
});

describe('GET ?do=diff', () => {
  beforeEach(async () => {
    for (const text of ['alpha\ncommon\n', 'beta\ncommon\n', 'gamma\ncommon\n']) {
      expect((await client.savePage('/team/notes', text)).statusCode).toBe(303);
    }
  });

  it.each([
    { query: '', left: '2', right: '3' },
    { query: '&rev=1', left: '1', right: '3' },
    { query: '&rev=1&rev2=2', left: '1', right: '2' },
    { query: '&rev2=2', left: '1', right: '2' },
    { query: '&rev=3&rev2=1', left: '1', right: '3' },
    { query: '&rev2=3&rev2=1', left: '1', right: '3' },
    { query: '&rev2=1&rev2=2', left: '1', right: '2' },
    { query: '&rev2=1', left: '0', right: '1' },
  ])('?do=diff$query compares $left with $right', async ({ query, left, right }) => {
    const response = await client.get(`/team/notes?do=diff${query}`);
    expectLayoutPage(response, 200);
    expect(comparedRevisions(response.body)).toEqual({ left, right });
  });

  it('marks removed text with <del> and added text with <ins>', async () => {
    const response = await client.get('/team/notes?do=diff&rev=1&rev2=3');
    expect(response.body).toMatch(/<del>[^<]*alpha[^<]*<\/del>/);
    expect(response.body).toMatch(/<ins>[^<]*gamma[^<]*<\/ins>/);
    expect(response.body).not.toMatch(/<(del|ins)>[^<]*common/);
    expect(response.body).not.toContain('beta');
  });

  it.each([
    { difftype: '', table: 'diff--sidebyside', other: 'difftype=inline' },
    { difftype: 'sidebyside', table: 'diff--sidebyside', other: 'difftype=inline' },
    { difftype: 'inline', table: 'diff--inline', other: 'difftype=sidebyside' },
  ])('difftype=$difftype shows the $table table and links the other view', async ({ difftype, table, other }) => {
    const response = await client.get(`/team/notes?do=diff&difftype=${difftype}`);
    expectLayoutPage(response, 200);
    expect(response.body).toContain(`class="diff ${table}"`);
    expect(response.body).toContain(other);
    expect(response.body).toContain('<del>');
    expect(response.body).toContain('<ins>');
  });

  it('shows a creation as a diff against nothing (revision 0)', async () => {
    const response = await client.get('/start?do=diff');
    expectLayoutPage(response, 200);
    expect(comparedRevisions(response.body)).toEqual({ left: '0', right: '1' });
    expect(response.body).toContain('(the page did not exist)');
    expect(response.body).toContain('<ins>');
    expect(response.body).not.toMatch(/<del>/);
  });

  it('says when two revisions are identical', async () => {
    await client.savePage('/team/notes', '');
    await client.get('/team/notes?do=revisions');
    await client.post('/team/notes?do=revert', { rev: '3' });
    const response = await client.get('/team/notes?do=diff&rev=3&rev2=5');
    expectLayoutPage(response, 200);
    expect(response.body).toContain('The two versions are identical.');
  });

  it.each([
    { query: '&rev=999', status: 404, field: undefined },
    { query: '&rev2=999', status: 404, field: undefined },
    { query: '&rev2=1&rev2=999', status: 404, field: undefined },
    { query: '&rev=abc', status: 400, field: 'rev' },
    { query: '&rev2=abc', status: 400, field: 'rev2' },
  ])('?do=diff$query answers $status', async ({ query, status, field }) => {
    expectErrorPage(await client.get(`/team/notes?do=diff${query}`), status, field);
  });

  it('answers 404 for a page that never existed', async () => {
    expectErrorPage(await client.get('/no/such/page?do=diff'), 404);
  });
});

describe('switching the diff view', () => {
  it('switches a creation diff to the other view', async () => {
    const diff = await client.get('/start?do=diff');
    const link = /<p class="diff-switch">\s*<a href="([^"]+)"/.exec(diff.body)?.[1]?.replace(/&amp;/g, '&');
    expect(link).toContain('difftype=inline');
    const inline = await client.get(link ?? '');
    expectLayoutPage(inline, 200);
    expect(inline.body).toContain('class="diff diff--inline"');
    expect(inline.body).toContain('(the page did not exist)');
  });
});
