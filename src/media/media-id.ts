// Media ids (SPEC §3): a page-like id whose last part is a file name with a known extension
// ('wiki:logo.png'), the ACL scope it is checked against, and its URL. Pure.
import { cleanId, MAX_ID_LENGTH, namespaceOf, resolveLink } from '../pages/page-id.js';
import { mediaTypeOf } from './media-type.js';

export const MEDIA_PREFIX = '/_/media';

/** A clean id, not too long, whose name has an extension uploads may have. */
export function isMediaId(id: string): boolean {
  return id !== '' && id.length <= MAX_ID_LENGTH && cleanId(id) === id && mediaTypeOf(id) !== null;
}

/** Media are checked against their namespace, never a page rule of the same name: 'wiki:*', or '*' in the root. */
export function mediaScope(id: string): string {
  return namespaceScope(namespaceOf(id));
}

/** The ACL scope of a namespace ('' is the root). */
export function namespaceScope(ns: string): string {
  return ns === '' ? '*' : `${ns}:*`;
}

/** URL of a media file: 'wiki:logo.png' → '/_/media/wiki/logo.png'. */
export function mediaUrl(id: string): string {
  return `${MEDIA_PREFIX}/${id.split(':').map(encodeURIComponent).join('/')}`;
}

/** The id a file uploaded as `fileName` into `ns` gets: the name stays in that namespace. */
export function uploadedId(ns: string, fileName: string): string {
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  const name = cleanId(base.replace(/[:;]/g, '_'));
  if (name === '') return '';
  return ns === '' ? name : `${ns}:${name}`;
}

/** A media name written in a page resolved like a wiki link (`logo.png` is beside the page; any ':' makes it absolute). */
export function resolveMedia(link: string, pageId: string): string {
  return resolveLink(link, pageId, () => false).id;
}
