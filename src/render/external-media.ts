// `{{https://host/logo.png?40|caption}}`: DokuWiki's external image, shown from where it lives with
// the width and height asked for as attributes (nothing to resize on our side) and linked to itself.
import type { StateInline } from 'markdown-it';

// markdown-it keeps this counter on the state but its type declarations omit it.
type LinkAwareState = StateInline & { linkLevel?: number };

export interface ExternalImage {
  url: string;
  width: number | null;
  height: number | null;
  alt: string;
  nolink: boolean;
}

const IMAGE_URL = /^https?:\/\/[^\s"'<>{}|]+\.(?:png|jpe?g|gif|webp|svg)$/i;
const MAX_EDGE = 2000;

const edge = (digits: string | undefined): number | null => (digits ? Math.min(Number(digits), MAX_EDGE) || null : null);

/** Reads what is between the braces; null when it is not an external image. */
export function parseExternalImage(inner: string): ExternalImage | null {
  if (/[{}\n]/.test(inner)) return null;
  const bar = inner.indexOf('|');
  const target = (bar < 0 ? inner : inner.slice(0, bar)).trim();
  const alt = bar < 0 ? '' : inner.slice(bar + 1).trim();
  const query = target.lastIndexOf('?');
  const url = query < 0 ? target : target.slice(0, query);
  if (!IMAGE_URL.test(url)) return null;
  let width: number | null = null;
  let height: number | null = null;
  let nolink = false;
  for (const param of query < 0 ? [] : target.slice(query + 1).split('&')) {
    const size = /^(\d+)(?:x(\d+))?$/.exec(param);
    if (size) {
      width = edge(size[1]);
      height = edge(size[2]);
    } else if (param === 'nolink') {
      nolink = true;
    }
  }
  return { url, width, height, alt, nolink };
}

export function pushExternalImage(state: StateInline, image: ExternalImage): void {
  const src = state.md.normalizeLink(image.url);
  if (!state.md.validateLink(src)) {
    state.push('text', '', 0).content = image.alt || image.url;
    return;
  }
  const wrap = !image.nolink && ((state as LinkAwareState).linkLevel ?? 0) === 0;
  if (wrap) state.push('link_open', 'a', 1).attrs = [['href', src], ['class', 'media']];
  const img = state.push('image', 'img', 0);
  img.attrs = [['src', src], ['alt', ''], ['class', 'media'], ['loading', 'lazy']];
  if (image.width !== null) img.attrs.push(['width', String(image.width)]);
  if (image.height !== null) img.attrs.push(['height', String(image.height)]);
  const altText = new state.Token('text', '', 0);
  altText.content = image.alt;
  img.children = [altText];
  img.content = image.alt;
  if (wrap) state.push('link_close', 'a', -1);
}
