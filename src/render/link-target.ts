// What a link target means: an external URL, or a page (and anchor) resolved the DokuWiki way.
import { cleanId, resolveLink, sectionId } from '../pages/page-id.js';
import type { RenderContext } from './types.js';

export interface WikiTarget {
  id: string;
  /** sectionId of the hash, '' when there is none. */
  anchor: string;
  /** `[[#section]]`: an anchor on the page being rendered. */
  self: boolean;
}

// DokuWiki treats `scheme://…` as an external link; mailto: and tel: have no '//'.
const URL_SCHEME = /^(?:[a-z][a-z0-9+.-]*:\/\/|mailto:|tel:)/i;

export function hasUrlScheme(target: string): boolean {
  return URL_SCHEME.test(target);
}

// A name such as '???' cleans to '' and would silently resolve to its namespace.
function cleansAway(page: string): boolean {
  const name = page.slice(Math.max(page.lastIndexOf(':'), page.lastIndexOf(';'), page.lastIndexOf('/')) + 1);
  const bare = name.replace(/^~/, '').trim();
  return bare !== '' && !/^\.+$/.test(bare) && cleanId(bare) === '';
}

export function readWikiTarget(target: string, ctx: RenderContext): WikiTarget | null {
  const hashAt = target.indexOf('#');
  const page = (hashAt < 0 ? target : target.slice(0, hashAt)).trim();
  const rawHash = hashAt < 0 ? '' : target.slice(hashAt + 1).trim();
  if (page === '' && rawHash === '') return null;
  if (cleansAway(page)) return null;
  const { id, hash } = resolveLink(target, ctx.pageId, ctx.exists, ctx.startPage);
  if (id === '') return null;
  const anchor = hash.trim() === '' ? '' : sectionId(hash);
  return { id, anchor, self: page === '' };
}
