// Image sizes read from headers alone (issue 13: a 2.6 MB PNG may declare 900 megapixels): every
// format sharp writes, against the size it was made with.
import sharp, { type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import { imageSize } from '../../src/media/image-size.js';

const formats = [
  ['png', (image: Sharp) => image.png()],
  ['jpeg', (image: Sharp) => image.jpeg()],
  ['progressive jpeg', (image: Sharp) => image.jpeg({ progressive: true })],
  ['gif', (image: Sharp) => image.gif()],
  ['webp', (image: Sharp) => image.webp()],
  ['lossless webp', (image: Sharp) => image.webp({ lossless: true })],
] as const;

describe('imageSize', () => {
  it.each(formats)('reads %s headers', async (_name, encode) => {
    for (const [width, height] of [[1, 1], [37, 91], [1600, 900], [3000, 17]] as const) {
      const data = await encode(sharp({ create: { width, height, channels: 3, background: '#36c' } })).toBuffer();
      expect(imageSize(data)).toEqual({ width, height });
    }
  });

  it('reads a webp with transparency (VP8X)', async () => {
    const data = await sharp({ create: { width: 123, height: 45, channels: 4, background: { r: 1, g: 2, b: 3, alpha: 0.5 } } }).webp().toBuffer();
    expect(imageSize(data)).toEqual({ width: 123, height: 45 });
  });

  it('reads the size a PNG declares, however little it holds', () => {
    const header = Buffer.alloc(33);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header);
    header.writeUInt32BE(13, 8);
    header.write('IHDR', 12, 'latin1');
    header.writeUInt32BE(30_000, 16);
    header.writeUInt32BE(30_000, 20);
    expect(imageSize(header)).toEqual({ width: 30_000, height: 30_000 });
  });

  it.each([['nothing', Buffer.alloc(0)], ['text', Buffer.from('hello world, not an image at all')], ['a cut JPEG', Buffer.from([0xff, 0xd8, 0xff])]])('gives null for %s', (_name, data) => {
    expect(imageSize(data)).toBeNull();
  });
});
