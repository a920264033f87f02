// Resized images and oversized ones (issue 13, Medium): only a fixed set of sizes is made (a
// request rounds up), one address may make only so many sizes a minute, and an image of more
// pixels than the budget is neither resized nor drawn in a page, nor accepted as an upload.
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_MEDIA_PIXELS } from '../../src/limits.js';
import { createMediaStore } from '../../src/media/store.js';
import { boundedSize } from '../../src/media/resize.js';
import { RESIZES_PER_MINUTE } from '../../src/routes/media.js';
import { createTestWiki, type Client, type TestWiki } from '../helpers/wiki.js';
import { clientAs } from './accounts-support.js';

let wiki: TestWiki;
let admin: Client;

beforeEach(async () => {
  wiki = await createTestWiki();
  admin = await clientAs(wiki, 'admin');
});
afterEach(async () => {
  await wiki.close();
});

/** A PNG header declaring width × height, and almost nothing else: what a decompression bomb looks like from outside. */
function declaredPng(width: number, height: number): Buffer {
  const header = Buffer.alloc(64);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header);
  header.writeUInt32BE(13, 8);
  header.write('IHDR', 12, 'latin1');
  header.writeUInt32BE(width, 16);
  header.writeUInt32BE(height, 20);
  return header;
}

function get(url: string, headers: Record<string, string> = {}) {
  return wiki.app.inject({ method: 'GET', url, cookies: Object.fromEntries(admin.cookies), headers });
}

describe('resized images', () => {
  it.each([
    [1500, 1600],
    [1563, 1600],
    [1, 16],
    [201, 240],
    [2000, 2000],
  ])('round a width of %i up to %i', (asked, made) => {
    expect(boundedSize(asked, null).width).toBe(made);
  });

  it('serve the same image for every width between two steps', async () => {
    const photo = await sharp({ create: { width: 2000, height: 1000, channels: 3, background: '#36c' } }).png().toBuffer();
    createMediaStore(wiki.db).save({ id: 'wiki:photo.png', data: photo, author: 'admin' });
    const answers = await Promise.all([1500, 1501, 1563, 1600].map((w) => get(`/_/media/wiki/photo.png?w=${w}`)));
    for (const answer of answers) expect(answer.statusCode).toBe(200);
    expect(new Set(answers.map((answer) => answer.rawPayload.toString('base64'))).size).toBe(1);
    expect((await sharp(answers[0]!.rawPayload).metadata()).width).toBe(1600);
  });

  it('are made at most so many a minute for one address; sizes made already are free', async () => {
    const small = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c00' } }).png().toBuffer();
    createMediaStore(wiki.db).save({ id: 'wiki:small.png', data: small, author: 'admin' });
    const steps = [16, 32, 48, 64, 80, 100, 120, 160, 200, 240];
    const sizes = steps.flatMap((w) => steps.map((h) => `w=${w}&h=${h}`)).slice(0, RESIZES_PER_MINUTE + 1);
    const statuses: number[] = [];
    for (const size of sizes) statuses.push((await get(`/_/media/wiki/small.png?${size}`)).statusCode);
    expect(statuses.slice(0, RESIZES_PER_MINUTE)).toEqual(Array(RESIZES_PER_MINUTE).fill(200));
    expect(statuses.at(-1)).toBe(429);
    expect((await get(`/_/media/wiki/small.png?${sizes[0]}`)).statusCode).toBe(200);
  });
});

describe('an image of more pixels than the budget', () => {
  const bomb = declaredPng(30_000, 30_000);

  it('is refused as an upload, back in the media manager', async () => {
    expect(30_000 * 30_000).toBeGreaterThan(MAX_MEDIA_PIXELS);
    await admin.get('/_/media?ns=wiki');
    const boundary = '----bomb';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${admin.csrf}\r\n--${boundary}\r\nContent-Disposition: form-data; name="ns"\r\n\r\nwiki\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bomb.png"\r\n\r\n`),
      bomb,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const response = await wiki.app.inject({
      method: 'POST',
      url: '/_/media',
      cookies: Object.fromEntries(admin.cookies),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    expect(response.statusCode).toBe(413);
    expect(response.body).toContain('has too many pixels');
    expect(createMediaStore(wiki.db).get('wiki:bomb.png')).toBeUndefined();
  });

  it('stored before, is neither resized nor sent to a page that shows it, only downloaded by a person', async () => {
    createMediaStore(wiki.db).save({ id: 'wiki:bomb.png', data: bomb, author: 'admin' });
    expect((await get('/_/media/wiki/bomb.png?w=200')).statusCode).toBe(413);
    const embedded = await get('/_/media/wiki/bomb.png', { 'sec-fetch-dest': 'image', 'sec-fetch-mode': 'no-cors', accept: 'image/avif,image/webp,*/*' });
    expect(embedded.statusCode).toBe(413);
    expect(embedded.rawPayload.length).toBeLessThan(10_000);
    const opened = await get('/_/media/wiki/bomb.png', { 'sec-fetch-dest': 'document', 'sec-fetch-mode': 'navigate', accept: 'text/html,*/*' });
    expect(opened.statusCode).toBe(200);
    expect(String(opened.headers['content-disposition'])).toMatch(/^attachment/);
  });
});
