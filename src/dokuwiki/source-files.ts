// Reading a file of the DokuWiki data directory being imported, and nothing outside it: a link in
// attic/ to /proc/self/environ once put the server's environment into a page revision anyone could
// read. A file is read only when its real path (every link resolved) lies inside the directory,
// and only up to a bound, whatever size it claims (/proc files claim 0); a gzip is inflated only up
// to the page size limit (a 73 KB attic file inflated to 50 MB, and 611 KB crashed the import).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { MAX_TEXT_BYTES } from '../limits.js';

const CHUNK = 64 * 1024;

/** The bytes of `file` when it is a regular file inside `root` of at most `maxBytes`; null otherwise. */
export function readInside(root: string, file: string, maxBytes: number): Buffer | null {
  let real: string;
  try {
    real = fs.realpathSync(file);
    if (!real.startsWith(fs.realpathSync(root) + path.sep) || !fs.statSync(real).isFile()) return null;
  } catch {
    return null;
  }
  const fd = fs.openSync(real, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    const chunk = Buffer.alloc(CHUNK);
    for (;;) {
      const read = fs.readSync(fd, chunk, 0, CHUNK, null);
      if (read === 0) return Buffer.concat(chunks, total);
      total += read;
      if (total > maxBytes) return null;
      chunks.push(Buffer.from(chunk.subarray(0, read)));
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** A page's text from a file inside `root`, inflated when gzipped; null when missing, outside or larger than a page. */
export function readPageText(root: string, file: string, gzipped: boolean): string | null {
  const data = readInside(root, file, MAX_TEXT_BYTES);
  if (data === null) return null;
  if (!gzipped) return data.toString('utf8');
  try {
    return zlib.gunzipSync(data, { maxOutputLength: MAX_TEXT_BYTES }).toString('utf8');
  } catch {
    // Larger than a page once inflated, or not gzip at all.
    return null;
  }
}
