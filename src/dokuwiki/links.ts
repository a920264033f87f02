// DokuWiki link targets → targets Quire resolves to the same page and heading: `/` in a name on a
// wiki without `useslash`, anchors written the DokuWiki way (`#rss_atom_feed_aggregation`), and
// the label DokuWiki shows for a link written without one (`[[some:ns:page]]` shows "page").
import { resolveLink, sectionId, sectionIdCounter } from '../pages/page-id.js';

export interface LinkContext {
  /** The page holding the link. */
  pageId: string;
  /** The source wiki's `useslash` (off in a stock DokuWiki): off, `/` is part of a page name. */
  useslash: boolean;
  start: string;
  /** Headings (source text) of a page of the source wiki in order, or null when it has none there. */
  headingsOf(id: string): readonly string[] | null;
}

/** DokuWiki's sectionID for a heading or a link's hash, with that wiki's `useslash`. */
export function dokuwikiSectionId(text: string, useslash: boolean): string {
  return sectionId(useslash ? text : text.replace(/\//g, '_'));
}

/** DokuWiki anchor → the anchor Quire gives the same heading, for one page's headings. */
export function anchorMap(headings: readonly string[], useslash: boolean): Map<string, string> {
  const quire = sectionIdCounter();
  const used = new Set<string>();
  const map = new Map<string, string>();
  for (const heading of headings) {
    const base = dokuwikiSectionId(heading, useslash);
    let doku = base;
    for (let n = 1; used.has(doku); n++) doku = `${base}${n}`;
    used.add(doku);
    map.set(doku, quire(heading));
  }
  return map;
}

/** `_simpleTitle`: the label DokuWiki shows for `[[target]]`: the hash alone, or the last part of the id. */
export function dokuwikiLabel(target: string, useslash: boolean, start: string): string {
  const hashAt = target.indexOf('#');
  if (hashAt >= 0 && hashAt < target.length - 1) return target.slice(hashAt + 1);
  const name = (hashAt >= 0 ? target.slice(0, hashAt) : target).replace(useslash ? /[;/]/g : /;/g, ':');
  const parts = name.split(':');
  const last = parts.at(-1) ?? '';
  if (last !== '' && last !== start) return last;
  return parts.length > 1 ? (parts.at(-2) ?? start) || start : start;
}

/** The label Quire shows for `[[target]]` written without one. */
function quireLabel(target: string): string {
  return target.startsWith('#') ? target.slice(1) : target.replace(/^:/, '');
}

export interface RewrittenLink {
  /** The target to write: page (and `#anchor`) as Quire reads them. */
  target: string;
  /** The label to write, or undefined when Quire's own default shows the same text. */
  label: string | undefined;
}

/** Rewrites an internal link's target so that it reaches in Quire what it reached in DokuWiki. */
export function rewriteInternalLink(rawTarget: string, label: string | undefined, ctx: LinkContext): RewrittenLink {
  const hashAt = rawTarget.indexOf('#');
  const page = hashAt < 0 ? rawTarget : rawTarget.slice(0, hashAt);
  const hash = hashAt < 0 ? '' : rawTarget.slice(hashAt + 1);
  let target = ctx.useslash ? page : page.replace(/\//g, '_');
  if (hash.trim() !== '') {
    const written = dokuwikiSectionId(hash, ctx.useslash);
    const id = page.trim() === '' ? ctx.pageId : resolveLink(target, ctx.pageId, (candidate) => ctx.headingsOf(candidate) !== null, ctx.start).id;
    const anchor = anchorMap(ctx.headingsOf(id) ?? [], ctx.useslash).get(written) ?? written;
    target += anchor === sectionId(hash) ? `#${hash}` : `#${anchor}`;
  } else if (hashAt >= 0) {
    target += '#';
  }
  const shown = label ?? dokuwikiLabel(rawTarget, ctx.useslash, ctx.start);
  return { target, label: label === undefined && shown === quireLabel(target) ? undefined : shown };
}
