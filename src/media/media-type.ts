// What a media file is, from its name's extension: its Content-Type, whether it is a raster image
// (shown inline, resizable) and whether its bytes really are that image. Pure.

/** raster: shown inline and resized; vector (SVG) and file: always served as a download. */
export type MediaKind = 'raster' | 'vector' | 'file';

export interface MediaType {
  contentType: string;
  kind: MediaKind;
}

const raster = (contentType: string): MediaType => ({ contentType, kind: 'raster' });
const file = (contentType: string): MediaType => ({ contentType, kind: 'file' });

/** The extensions an upload may have (DokuWiki's mime.conf, without the ones a browser would run). */
const TYPES: ReadonlyMap<string, MediaType> = new Map([
  ['png', raster('image/png')],
  ['jpg', raster('image/jpeg')],
  ['jpeg', raster('image/jpeg')],
  ['gif', raster('image/gif')],
  ['webp', raster('image/webp')],
  ['svg', { contentType: 'image/svg+xml', kind: 'vector' }],
  ['ico', file('image/vnd.microsoft.icon')],
  ['pdf', file('application/pdf')],
  ['txt', file('text/plain; charset=utf-8')],
  ['csv', file('text/csv; charset=utf-8')],
  ['md', file('text/markdown; charset=utf-8')],
  ['json', file('application/json')],
  ['zip', file('application/zip')],
  ['gz', file('application/gzip')],
  ['tgz', file('application/gzip')],
  ['tar', file('application/x-tar')],
  ['bz2', file('application/x-bzip2')],
  ['7z', file('application/x-7z-compressed')],
  ['rtf', file('application/rtf')],
  ['doc', file('application/msword')],
  ['docx', file('application/vnd.openxmlformats-officedocument.wordprocessingml.document')],
  ['xls', file('application/vnd.ms-excel')],
  ['xlsx', file('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')],
  ['ppt', file('application/vnd.ms-powerpoint')],
  ['pptx', file('application/vnd.openxmlformats-officedocument.presentationml.presentation')],
  ['odt', file('application/vnd.oasis.opendocument.text')],
  ['ods', file('application/vnd.oasis.opendocument.spreadsheet')],
  ['odp', file('application/vnd.oasis.opendocument.presentation')],
  ['odg', file('application/vnd.oasis.opendocument.graphics')],
  ['mp3', file('audio/mpeg')],
  ['ogg', file('audio/ogg')],
  ['wav', file('audio/wav')],
  ['flac', file('audio/flac')],
  ['mp4', file('video/mp4')],
  ['webm', file('video/webm')],
  ['ogv', file('video/ogg')],
]);

/** The extensions accepted, for the upload form's hint. */
export const MEDIA_EXTENSIONS: readonly string[] = [...TYPES.keys()];

/** The extension of a name or id, lower-case, without the dot ('' when there is none). */
export function extensionOf(name: string): string {
  const base = name.slice(name.lastIndexOf(':') + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}

/** The type of a media id or file name by its extension; null when uploads of it are not accepted. */
export function mediaTypeOf(name: string): MediaType | null {
  return TYPES.get(extensionOf(name)) ?? null;
}

// The first bytes each raster format starts with (WebP: 'RIFF', four size bytes, then 'WEBP').
const SIGNATURES: ReadonlyMap<string, (data: Buffer) => boolean> = new Map([
  ['image/png', (data: Buffer) => data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))],
  ['image/jpeg', (data: Buffer) => data.length > 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff],
  ['image/gif', (data: Buffer) => /^GIF8[79]a/.test(data.subarray(0, 6).toString('latin1'))],
  ['image/webp', (data: Buffer) => data.subarray(0, 4).toString('latin1') === 'RIFF' && data.subarray(8, 12).toString('latin1') === 'WEBP'],
]);

/**
 * Whether the bytes fit the type the name claims. Raster images are served inline, so a file named
 * `.png` must be a PNG (as DokuWiki's media_contentcheck); everything else is a download anyway.
 */
export function contentMatches(type: MediaType, data: Buffer): boolean {
  if (type.kind !== 'raster') return true;
  return SIGNATURES.get(type.contentType)?.(data) ?? false;
}
