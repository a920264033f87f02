// An image's width and height read from its header alone (PNG, GIF, JPEG, WebP), without decoding
// it: a 2.6 MB PNG may declare 900 megapixels, which a browser or the resizer would have to
// unpack. Pure; null when the header cannot be read.

export interface ImageSize {
  width: number;
  height: number;
}

function png(data: Buffer): ImageSize | null {
  // Signature, then the IHDR chunk: length, 'IHDR', width, height (big-endian).
  if (data.length < 24 || data.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

function gif(data: Buffer): ImageSize | null {
  if (data.length < 10) return null;
  return { width: data.readUInt16LE(6), height: data.readUInt16LE(8) };
}

// The frame header (SOF0–SOF15 but DHT, JPG and DAC) holds the size; segments before it are skipped.
function jpeg(data: Buffer): ImageSize | null {
  let at = 2;
  while (at + 9 < data.length) {
    if (data[at] !== 0xff) return null;
    const marker = data[at + 1]!;
    if (marker === 0xff) {
      at++;
      continue;
    }
    const length = data.readUInt16BE(at + 2);
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) return { width: data.readUInt16BE(at + 7), height: data.readUInt16BE(at + 5) };
    at += 2 + length;
  }
  return null;
}

function webp(data: Buffer): ImageSize | null {
  if (data.length < 30 || data.toString('latin1', 0, 4) !== 'RIFF' || data.toString('latin1', 8, 12) !== 'WEBP') return null;
  const chunk = data.toString('latin1', 12, 16);
  if (chunk === 'VP8X') return { width: 1 + data.readUIntLE(24, 3), height: 1 + data.readUIntLE(27, 3) };
  if (chunk === 'VP8 ') return { width: data.readUInt16LE(26) & 0x3fff, height: data.readUInt16LE(28) & 0x3fff };
  if (chunk === 'VP8L') {
    const bits = data.readUInt32LE(21);
    return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff) };
  }
  return null;
}

/** The size the header of a PNG, GIF, JPEG or WebP declares; null for anything else. */
export function imageSize(data: Buffer): ImageSize | null {
  if (data.length >= 8 && data.readUInt32BE(0) === 0x89504e47) return png(data);
  if (data.length >= 6 && (data.toString('latin1', 0, 6) === 'GIF87a' || data.toString('latin1', 0, 6) === 'GIF89a')) return gif(data);
  if (data.length >= 4 && data[0] === 0xff && data[1] === 0xd8) return jpeg(data);
  return webp(data);
}
