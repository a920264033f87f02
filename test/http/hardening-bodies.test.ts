// Bodies too large or refused (issue 13, item 3 and the Low findings): a 413 always arrives with
// its message, over a real connection, instead of a reset; an upload over the limit or refused
// comes back to the media manager with the message and the namespace kept; an upload's token and
// permission are checked before its file is read; small forms have small body limits, and no form
// may hold a million fields.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_MEDIA_BYTES } from '../../src/limits.js';
import { Client, createTestWiki, type TestWiki } from '../helpers/wiki.js';
import { addUser, anonymousClient, clientAs } from './accounts-support.js';

let wiki: TestWiki;
beforeEach(async () => {
  wiki = await createTestWiki({}, { policy: 'public' });
});
afterEach(async () => {
  await wiki.close();
});

/** Sends `body` over a real socket and reads the whole answer (a reset rejects). */
function send(port: number, path: string, headers: Record<string, string>, body: Buffer, method = 'POST'): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, path, method, headers: { ...headers, 'content-length': String(body.length) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('error', reject);
    // In pieces, as a browser on a network sends it.
    const piece = 256 * 1024;
    let at = 0;
    const next = () => {
      while (at < body.length) {
        const chunk = body.subarray(at, at + piece);
        at += piece;
        if (!request.write(chunk)) return void request.once('drain', next);
      }
      request.end();
    };
    next();
  });
}

function multipart(fields: Record<string, string>, file?: { name: string; data: Buffer }, boundary = '----quire-test') {
  const parts: Buffer[] = Object.entries(fields).map(([name, value]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe('a 413 over a real connection', () => {
  it('always arrives with its message for a 20 MB save, a 20 MB API PUT and a 25 MB upload', async () => {
    await wiki.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (wiki.app.server.address() as AddressInfo).port;
    const editor = await clientAs(wiki, 'admin');
    await editor.get('/_/media');
    const cookie = [...editor.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const form = Buffer.from(`_csrf=${editor.csrf}&text=${'a'.repeat(20 * 1024 * 1024)}`);
    for (let i = 0; i < 3; i++) {
      const save = await send(port, '/team/big?do=save', { 'content-type': 'application/x-www-form-urlencoded', cookie }, form);
      expect(save.status).toBe(413);
      expect(save.text).toContain('What you sent is too large');
    }
    const api = await send(port, '/_/api/v1/pages/team:big', { 'content-type': 'application/json' }, Buffer.from(JSON.stringify({ text: 'a'.repeat(20 * 1024 * 1024) })), 'PUT');
    expect(api.status).toBe(413);
    expect(JSON.parse(api.text)).toMatchObject({ error: { code: 'too_large' } });
    const { payload, contentType } = multipart({ _csrf: editor.csrf, ns: 'team:pictures' }, { name: 'huge.png', data: Buffer.alloc(MAX_MEDIA_BYTES + 5 * 1024 * 1024, 1) });
    const upload = await send(port, '/_/media', { 'content-type': contentType, cookie }, payload);
    expect(upload.status).toBe(413);
    // Back in the media manager, in the namespace chosen, with the reason.
    expect(upload.text).toContain('This file is too large: a file may be at most 20 MB.');
    expect(upload.text).toContain('id="media-ns" name="ns" type="text" maxlength="1000" autocapitalize="none" value="team:pictures"');
  }, 120_000);
});

describe('uploads', () => {
  it.each([
    ['a type not accepted', { name: 'run.exe', data: Buffer.from('MZ') }, 'holds a type of file that cannot be uploaded'],
    ['no file', undefined, 'Choose a file to upload'],
  ])('%s comes back to the media manager with the message and the namespace', async (_name, file, message) => {
    const admin = await clientAs(wiki, 'admin');
    await admin.get('/_/media?ns=team');
    const { payload, contentType } = multipart({ _csrf: admin.csrf, ns: 'team:docs' }, file);
    const response = await wiki.app.inject({ method: 'POST', url: '/_/media', cookies: Object.fromEntries(admin.cookies), headers: { 'content-type': contentType }, payload });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(message);
    expect(response.body).toContain('value="team:docs"');
    expect(response.body).toContain('<h1>');
  });

  // The body below is cut short inside the file: only a check made before the file is read can
  // answer anything but 400 "cut short".
  function cutShort(fields: Record<string, string>): { payload: Buffer; contentType: string } {
    const { payload, contentType } = multipart(fields, { name: 'photo.png', data: Buffer.alloc(1024, 7) });
    return { payload: payload.subarray(0, payload.length - 600), contentType };
  }

  it('checks the CSRF token before reading the file', async () => {
    const admin = await clientAs(wiki, 'admin');
    const { payload, contentType } = cutShort({ _csrf: 'forged', ns: 'team' });
    const response = await wiki.app.inject({ method: 'POST', url: '/_/media', cookies: Object.fromEntries(admin.cookies), headers: { 'content-type': contentType }, payload });
    expect(response.statusCode).toBe(403);
  });

  it('checks the upload permission on the namespace before reading the file', async () => {
    await addUser(wiki, { login: 'reader' });
    const admin = await clientAs(wiki, 'admin');
    await admin.get('/_/admin/acl');
    expect((await admin.post('/_/admin/acl', { scope: 'locked:*', subject: '@user', level: '1' })).statusCode).toBe(303);
    const reader = await clientAs(wiki, 'reader');
    const { payload, contentType } = cutShort({ _csrf: reader.csrf, ns: 'locked' });
    const response = await wiki.app.inject({ method: 'POST', url: '/_/media', cookies: Object.fromEntries(reader.cookies), headers: { 'content-type': contentType }, payload });
    expect(response.statusCode).toBe(403);
  });
});

describe('form bodies', () => {
  it('refuses a log-in body far larger than a log-in form with 413, before parsing it', async () => {
    const visitor: Client = await anonymousClient(wiki);
    const response = await visitor.post('/_/login', { u: 'admin', p: 'x'.repeat(200 * 1024) });
    expect(response.statusCode).toBe(413);
  });

  it('refuses a form of a hundred thousand fields with 413', async () => {
    const visitor = await anonymousClient(wiki);
    const payload = `_csrf=${visitor.csrf}&${Array.from({ length: 100_000 }, (_, i) => `k${i}=v`).join('&')}`;
    const before = process.cpuUsage();
    const response = await wiki.app.inject({
      method: 'POST',
      url: '/sandbox/page?do=preview',
      cookies: Object.fromEntries(visitor.cookies),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload,
    });
    const used = process.cpuUsage(before);
    expect(response.statusCode).toBe(413);
    expect(response.body).toContain('This form has too many fields');
    expect((used.user + used.system) / 1000).toBeLessThan(1000);
  });
});
