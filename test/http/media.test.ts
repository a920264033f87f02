// The media manager over HTTP (SPEC §3, §5): upload, overwrite, delete, revisions, downloads with
// safe headers, resizing, the errors of each route, CSRF, permissions by namespace (never by a page
// rule of the same name), hidden media that do not leak, and `{{…}}` in pages.
import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_MEDIA_BYTES } from '../../src/limits.js';
import { Client, createTestWiki, type TestWiki } from '../helpers/wiki.js';
import { addUsers, anonymousClient, clientAs } from './accounts-support.js';

interface FilePart {
  name: string;
  data: Buffer;
  type?: string;
}

/** A multipart/form-data body as a browser sends it: the fields, then the file. */
function multipart(fields: Record<string, string>, file?: FilePart): { payload: Buffer; contentType: string } {
  const boundary = `----quire${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`;
    chunks.push(Buffer.from(head), file.data, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** POSTs the upload form as `client`, with its CSRF token unless `_csrf` is given. */
function upload(client: Client, fields: Record<string, string>, file?: FilePart): Promise<LightMyRequestResponse> {
  const { payload, contentType } = multipart({ _csrf: client.csrf, ...fields }, file);
  return client.app.inject({
    method: 'POST',
    url: '/_/media',
    cookies: Object.fromEntries(client.cookies),
    headers: { 'content-type': contentType },
    payload,
  });
}

const png = (width: number, height: number, colour = '#c00') =>
  sharp({ create: { width, height, channels: 3, background: colour } }).png().toBuffer();

const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>');

let wiki: TestWiki;
let admin: Client;
let alice: Client; // a user: UPLOAD (8) everywhere
let bob: Client; // an editor: DELETE (16) on wiki:*
let anonymous: Client;
let logo: Buffer;

const revisionsOf = (id: string) =>
  wiki.db.prepare<[string], { rev: number; kind: string; size: number }>('SELECT rev, kind, size FROM media_revisions WHERE media_id = ? ORDER BY rev').all(id);

beforeAll(async () => {
  wiki = await createTestWiki({}, { policy: 'public' });
  await addUsers(wiki, [{ login: 'alice' }, { login: 'bob', groups: ['editors'] }]);
  admin = await clientAs(wiki, 'admin');
  await admin.get('/_/admin/acl');
  for (const rule of [
    { scope: 'wiki:*', subject: '@editors', level: '16' },
    { scope: 'secret:*', subject: '@ALL', level: '0' },
    { scope: 'secret:*', subject: '@user', level: '0' },
    // Page rules named like media files: they must not apply to the files.
    { scope: 'wiki:logo.png', subject: '@ALL', level: '0' },
    { scope: 'wiki:logo.png', subject: 'alice', level: '16' },
  ]) {
    expect((await admin.post('/_/admin/acl', rule)).statusCode).toBe(303);
  }
  alice = await clientAs(wiki, 'alice');
  bob = await clientAs(wiki, 'bob');
  anonymous = await anonymousClient(wiki);
  logo = await png(400, 200);
  expect((await upload(admin, { ns: 'secret' }, { name: 'plan.png', data: await png(10, 10) })).statusCode).toBe(303);
});

afterAll(async () => wiki?.close());

describe('the media manager screen', () => {
  it('is in the site tools of every page', async () => {
    const response = await anonymous.get('/start');
    expect(response.body).toMatch(/<li class="tool-media"><a href="\/_\/media">Media manager<\/a><\/li>/);
  });

  it('shows the upload form, with its CSRF field, to those who may upload', async () => {
    const response = await alice.get('/_/media?ns=wiki');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('enctype="multipart/form-data"');
    expect(response.body).toMatch(/<form[^>]*action="\/_\/media"[^>]*>\s*<input type="hidden" name="_csrf" value="[^"]+">/);
    expect(response.body).toContain('name="overwrite"');
  });

  it('shows no upload form to a reader who may not upload', async () => {
    const response = await anonymous.get('/_/media');
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain('multipart/form-data');
  });

  it('is 400 naming the field for an id that is not a media id', async () => {
    const response = await alice.get('/_/media?id=wiki:nothing');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('“id”');
  });
});

describe('uploading, overwriting and deleting', () => {
  it('uploads a new file and answers 303 to the manager of its namespace', async () => {
    const response = await upload(alice, { ns: 'wiki' }, { name: 'logo.png', data: logo, type: 'image/png' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/_/media?ns=wiki');
    const manager = await alice.get('/_/media?ns=wiki');
    expect(manager.body).toContain('href="/_/media?ns=wiki&amp;id=wiki%3Alogo.png"');
    expect(revisionsOf('wiki:logo.png')).toEqual([{ rev: 1, kind: 'create', size: logo.length }]);
  });

  it('serves the file with its type, nosniff, inline for a raster image, and an ETag', async () => {
    const response = await anonymous.get('/_/media/wiki/logo.png');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/png');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(String(response.headers['content-disposition'])).toMatch(/^inline; filename="logo.png"/);
    expect(response.rawPayload.equals(logo)).toBe(true);
    const etag = String(response.headers.etag);
    const again = await anonymous.get('/_/media/wiki/logo.png', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
  });

  it('answers 301 to the canonical URL of a file', async () => {
    const response = await anonymous.get('/_/media/Wiki/Logo.png?w=10');
    expect(response.statusCode).toBe(301);
    expect(response.headers.location).toBe('/_/media/wiki/logo.png?w=10');
  });

  it('refuses a second upload of the same name without overwrite: 409, nothing changed', async () => {
    const response = await upload(bob, { ns: 'wiki' }, { name: 'logo.png', data: await png(20, 20) });
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain('wiki:logo.png');
    expect(revisionsOf('wiki:logo.png')).toHaveLength(1);
  });

  it('needs DELETE to overwrite: 403 for a user with UPLOAD, even with a page rule of the same name, 401 anonymous', async () => {
    const forbidden = await upload(alice, { ns: 'wiki', overwrite: 'on' }, { name: 'logo.png', data: await png(20, 20) });
    expect(forbidden.statusCode).toBe(403);
    const anonymousTry = await upload(anonymous, { ns: 'wiki', overwrite: 'on' }, { name: 'logo.png', data: await png(20, 20) });
    expect(anonymousTry.statusCode).toBe(401);
    expect(revisionsOf('wiki:logo.png')).toHaveLength(1);
  });

  it('overwrites with DELETE, keeping the old revision downloadable', async () => {
    const newer = await png(40, 40, '#00c');
    const response = await upload(bob, { ns: 'wiki', overwrite: 'on' }, { name: 'logo.png', data: newer });
    expect(response.statusCode).toBe(303);
    expect(revisionsOf('wiki:logo.png').map((r) => r.kind)).toEqual(['create', 'edit']);
    expect((await anonymous.get('/_/media/wiki/logo.png')).rawPayload.equals(newer)).toBe(true);
    expect((await anonymous.get('/_/media/wiki/logo.png?rev=1')).rawPayload.equals(logo)).toBe(true);
    expect((await anonymous.get('/_/media/wiki/logo.png?rev=9')).statusCode).toBe(404);
  });

  it('records no revision when the same bytes are uploaded over the file again', async () => {
    const current = (await anonymous.get('/_/media/wiki/logo.png')).rawPayload;
    const response = await upload(bob, { ns: 'wiki', overwrite: 'on' }, { name: 'logo.png', data: current });
    expect(response.statusCode).toBe(303);
    expect(revisionsOf('wiki:logo.png').map((r) => r.kind)).toEqual(['create', 'edit']);
  });

  it('lists the revisions of a file, each old one downloadable', async () => {
    const response = await alice.get('/_/media?id=wiki:logo.png');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Revisions of wiki:logo.png');
    expect(response.body).toContain('href="/_/media/wiki/logo.png?rev=1"');
    expect(response.body).toContain('href="/_/media/wiki/logo.png?rev=2"');
    expect(response.body).toContain('{{wiki:logo.png}}');
  });

  it('refuses to delete without DELETE (403, 401), deletes with it (303), and keeps the history', async () => {
    expect((await upload(bob, { ns: 'wiki' }, { name: 'old.png', data: await png(8, 8) })).statusCode).toBe(303);
    expect((await alice.post('/_/media/wiki/old.png?do=delete')).statusCode).toBe(403);
    expect((await anonymous.post('/_/media/wiki/old.png?do=delete')).statusCode).toBe(401);
    const details = await bob.get('/_/media?id=wiki:old.png');
    expect(details.body).toContain('action="/_/media/wiki/old.png?do=delete"');
    const response = await bob.post('/_/media/wiki/old.png?do=delete');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/_/media?ns=wiki');
    expect((await anonymous.get('/_/media/wiki/old.png')).statusCode).toBe(404);
    expect((await anonymous.get('/_/media/wiki/old.png?rev=1')).statusCode).toBe(200);
    expect(revisionsOf('wiki:old.png').map((r) => r.kind)).toEqual(['create', 'delete']);
    expect((await bob.get('/_/media?id=wiki:old.png')).body).toContain('This file was deleted');
    expect((await bob.post('/_/media/wiki/old.png?do=delete')).statusCode).toBe(404);
    expect((await bob.post('/_/media/wiki/old.png?do=nothing')).statusCode).toBe(400);
  });
});

describe('downloads that must not run in the browser', () => {
  it.each([
    ['drawing.svg', SVG, 'image/svg+xml'],
    ['notes.txt', Buffer.from('<html><script>alert(1)</script>'), 'text/plain; charset=utf-8'],
    ['report.pdf', Buffer.from('%PDF-1.4 …'), 'application/pdf'],
  ])('%s is served as an attachment with its type and nosniff', async (name, data, type) => {
    expect((await upload(admin, { ns: 'files' }, { name, data })).statusCode).toBe(303);
    const response = await anonymous.get(`/_/media/files/${name}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(type);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(String(response.headers['content-disposition'])).toMatch(new RegExp(`^attachment; filename="${name}"`));
  });
});

describe('resized images', () => {
  beforeAll(async () => {
    expect((await upload(admin, { ns: 'pics' }, { name: 'wide.png', data: logo })).statusCode).toBe(303);
  });

  const size = async (body: Buffer) => {
    const meta = await sharp(body).metadata();
    return [meta.width, meta.height];
  };

  it('?w= gives a smaller image of the same type, aspect kept', async () => {
    const response = await anonymous.get('/_/media/pics/wide.png?w=100');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/png');
    expect(await size(response.rawPayload)).toEqual([100, 50]);
    expect(response.rawPayload.length).toBeLessThan(logo.length * 2);
    const again = await anonymous.get('/_/media/pics/wide.png?w=100');
    expect(again.rawPayload.equals(response.rawPayload)).toBe(true);
  });

  it('?w=&h= fits inside both, each rounded up to a size the server makes (issue 13); an image is never enlarged', async () => {
    expect(await size((await anonymous.get('/_/media/pics/wide.png?w=100&h=20')).rawPayload)).toEqual([64, 32]);
    expect(await size((await anonymous.get('/_/media/pics/wide.png?w=100&h=16')).rawPayload)).toEqual([32, 16]);
    expect(await size((await anonymous.get('/_/media/pics/wide.png?w=1999')).rawPayload)).toEqual([400, 200]);
    expect(await size((await anonymous.get('/_/media/pics/wide.png?w=90000')).rawPayload)).toEqual([400, 200]);
  });

  it.each([
    ['w=abc', 'w'],
    ['w=0', 'w'],
    ['h=-3', 'h'],
    ['rev=x', 'rev'],
  ])('?%s is 400 naming %s', async (query, field) => {
    const response = await anonymous.get(`/_/media/pics/wide.png?${query}`);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(`“${field}”`);
  });

  it('does not resize an SVG: it is sent whole, as a download', async () => {
    const response = await anonymous.get('/_/media/files/drawing.svg?w=10');
    expect(response.rawPayload.equals(SVG)).toBe(true);
    expect(String(response.headers['content-disposition'])).toMatch(/^attachment/);
  });
});

describe('malformed uploads', () => {
  it.each([
    ['no file', { ns: 'wiki' }, undefined, 'file'],
    ['a name that cleans to nothing', { ns: 'wiki' }, { name: '???', data: Buffer.from('x') }, 'file'],
    ['a type not accepted', { ns: 'wiki' }, { name: 'run.exe', data: Buffer.from('MZ') }, 'file'],
    ['a page pretending to be a picture', { ns: 'wiki' }, { name: 'fake.png', data: Buffer.from('<html><script>x</script>') }, 'file'],
    ['an empty file', { ns: 'wiki' }, { name: 'empty.png', data: Buffer.alloc(0) }, 'file'],
    ['a namespace that cleans to nothing', { ns: '???' }, { name: 'ok.txt', data: Buffer.from('x') }, 'ns'],
  ])('%s is 400 naming the field', async (_name, fields, file, field) => {
    const response = await upload(alice, fields, file);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(`“${field}”`);
  });

  it('an urlencoded POST without a file is 400 naming the field', async () => {
    const response = await alice.post('/_/media', { ns: 'wiki' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('“file”');
  });

  it.each([
    ['without a boundary', 'multipart/form-data', 'garbage'],
    ['cut short', 'multipart/form-data; boundary=xyz', '--xyz\r\nContent-Disposition: form-data; name="ns"\r\n\r\nwiki'],
  ])('a multipart body %s is 400', async (_name, contentType, payload) => {
    const response = await alice.app.inject({
      method: 'POST',
      url: '/_/media',
      cookies: Object.fromEntries(alice.cookies),
      headers: { 'content-type': contentType },
      payload,
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('“body”');
  });

  it('a second file in one upload is 413', async () => {
    const { payload, contentType } = multipart({ _csrf: alice.csrf, ns: 'wiki' }, { name: 'one.txt', data: Buffer.from('1') });
    const second = Buffer.from(payload.toString('latin1').replace(/(--[-\w]+)--\r\n$/, (_all, boundary: string) =>
      `${boundary}\r\nContent-Disposition: form-data; name="file"; filename="two.txt"\r\n\r\n2\r\n${boundary}--\r\n`), 'latin1');
    const response = await alice.app.inject({
      method: 'POST',
      url: '/_/media',
      cookies: Object.fromEntries(alice.cookies),
      headers: { 'content-type': contentType },
      payload: second,
    });
    expect(response.statusCode).toBe(413);
    expect(revisionsOf('wiki:one.txt')).toEqual([]);
  });

  it('a file over the limit is 413, and nothing is stored', async () => {
    const data = Buffer.alloc(MAX_MEDIA_BYTES + 1, 0x20);
    const response = await upload(alice, { ns: 'big' }, { name: 'big.txt', data });
    expect(response.statusCode).toBe(413);
    expect(response.body).toContain('20 MB');
    expect(revisionsOf('big:big.txt')).toEqual([]);
  });

  it.each([
    ['without _csrf', {}],
    ['with a wrong _csrf', { _csrf: 'forged' }],
  ])('a multipart POST %s is 403 and stores nothing', async (_name, csrf) => {
    const { payload, contentType } = multipart({ ns: 'wiki', ...csrf }, { name: 'csrf.txt', data: Buffer.from('x') });
    const response = await alice.app.inject({
      method: 'POST',
      url: '/_/media',
      cookies: Object.fromEntries(alice.cookies),
      headers: { 'content-type': contentType },
      payload,
    });
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('expired');
    expect(revisionsOf('wiki:csrf.txt')).toEqual([]);
  });
});

describe('permissions by namespace', () => {
  it('a page rule of the same name does not apply to a file: the namespace does', async () => {
    // wiki:logo.png @ALL 0 is a page rule: anonymous readers still get the file through wiki:*.
    expect((await anonymous.get('/_/media/wiki/logo.png')).statusCode).toBe(200);
  });

  it('uploads into the root are checked against *', async () => {
    expect((await upload(alice, { ns: '' }, { name: 'root.txt', data: Buffer.from('x') })).statusCode).toBe(303);
    expect((await upload(anonymous, { ns: '' }, { name: 'root2.txt', data: Buffer.from('x') })).statusCode).toBe(401);
    expect((await anonymous.get('/_/media/root.txt')).statusCode).toBe(200);
  });

  it('hidden media answer the same whether they exist or not: 401 anonymous, 403 logged in', async () => {
    for (const [client, status] of [[anonymous, 401], [alice, 403]] as const) {
      const existing = await client.get('/_/media/secret/plan.png');
      const missing = await client.get('/_/media/secret/nothing.png');
      expect(existing.statusCode).toBe(status);
      expect(missing.statusCode).toBe(status);
      expect(existing.body.replaceAll('plan.png', 'X')).toBe(missing.body.replaceAll('nothing.png', 'X'));
      expect((await client.get('/_/media?ns=secret')).statusCode).toBe(status);
      expect((await client.get('/_/media?id=secret:plan.png')).statusCode).toBe(status);
      expect((await client.get('/_/media/secret/plan.png?w=5')).statusCode).toBe(status);
    }
    expect((await admin.get('/_/media/secret/plan.png')).statusCode).toBe(200);
  });

  it('hidden namespaces are not listed, and uploading or deleting there is refused', async () => {
    const root = await alice.get('/_/media');
    expect(root.body).toContain('href="/_/media?ns=wiki"');
    expect(root.body).not.toContain('secret');
    expect((await admin.get('/_/media')).body).toContain('href="/_/media?ns=secret"');
    const existing = await upload(alice, { ns: 'secret' }, { name: 'plan.png', data: await png(5, 5) });
    const missing = await upload(alice, { ns: 'secret' }, { name: 'other.png', data: await png(5, 5) });
    expect(existing.statusCode).toBe(403);
    expect(missing.statusCode).toBe(403);
    expect((await alice.post('/_/media/secret/plan.png?do=delete')).statusCode).toBe(403);
    expect(revisionsOf('secret:plan.png')).toHaveLength(1);
  });
});

describe('media in pages', () => {
  const PAGE = '# Media\n\n{{wiki:logo.png?200|The logo}} {{secret:plan.png|The plan}} {{files:report.pdf|Report}}\n\n{{toolbox>iphelper}}\n';

  beforeAll(async () => {
    expect((await admin.savePage('/pub/media', PAGE)).statusCode).toBe(303);
  });

  it('renders an image, a link to a file, and still the toolbox widget', async () => {
    const response = await admin.get('/pub/media');
    expect(response.body).toContain('<img src="/_/media/wiki/logo.png?w=200" alt="The logo" class="media" loading="lazy" width="200">');
    expect(response.body).toContain('<img src="/_/media/secret/plan.png" alt="The plan" class="media" loading="lazy">');
    expect(response.body).toContain('<a href="/_/media/files/report.pdf" class="mediafile" title="files:report.pdf">Report</a>');
    expect(response.body).toContain('data-field="network"');
  });

  it('shows media the reader may not read as plain text, even after a render that showed them', async () => {
    const response = await anonymous.get('/pub/media');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<img src="/_/media/wiki/logo.png?w=200"');
    expect(response.body).toContain('The plan');
    expect(response.body).not.toContain('/_/media/secret');
  });
});
