// `{{ns:file.png?200x100|alt}}` (DokuWiki's media syntax) as an inline rule: an image, or a link to
// any other file, pointing at /_/media/…. Media the reader may not read are left as their label in
// plain text. `{{name>…}}` (the toolbox directive, plugin syntax) is not media and is left alone.
import type MarkdownIt from 'markdown-it';
import type { StateInline } from 'markdown-it';
import { isMediaId, mediaScope, mediaUrl, resolveMedia } from '../media/media-id.js';
import { mediaTypeOf } from '../media/media-type.js';
import { roomForLink } from './budget.js';
import { recordMediaScope, renderStateOf } from './env.js';
import { parseExternalImage, pushExternalImage } from './external-media.js';
import { hasUrlScheme } from './link-target.js';

// markdown-it keeps this counter on the state but its type declarations omit it.
type LinkAwareState = StateInline & { linkLevel?: number };

const BRACE_OPEN = 0x7b;
const CLOSE = '}}';
const INSIDE_STOPS = new Set([0x7b, 0x7d, 0x0a]);
/** The largest width or height a page may ask for; the media route caps it again. */
const MAX_EDGE = 2000;

export interface MediaRef {
  id: string;
  /** Requested width and height in pixels; null when not given. */
  width: number | null;
  height: number | null;
  /** The text after '|', '' when none. */
  alt: string;
  /** DokuWiki's alignment by spaces inside the braces: `{{ a.png}}` right, `{{a.png }}` left, both centre. */
  align: 'left' | 'right' | 'center' | null;
  /** `?nolink`: the image is not wrapped in a link to the file. */
  nolink: boolean;
}

const edge = (digits: string | undefined): number | null => (digits ? Math.min(Number(digits), MAX_EDGE) || null : null);

/** Reads what is between the braces, written on page `pageId`; null when it is not a media reference. */
export function parseMediaRef(inner: string, pageId: string): MediaRef | null {
  if (/[{}\n]/.test(inner)) return null;
  const bar = inner.indexOf('|');
  const target = bar < 0 ? inner : inner.slice(0, bar);
  // `{{name>…}}` is the syntax of the toolbox directive and of plugins.
  if (target.includes('>')) return null;
  const alt = bar < 0 ? '' : inner.slice(bar + 1).trim();
  const left = /^\s/.test(target);
  const right = /\s$/.test(target);
  const query = target.trim().indexOf('?');
  const name = query < 0 ? target.trim() : target.trim().slice(0, query);
  if (name === '' || hasUrlScheme(name)) return null;
  const id = resolveMedia(name, pageId);
  if (!isMediaId(id)) return null;
  let width: number | null = null;
  let height: number | null = null;
  let nolink = false;
  for (const param of query < 0 ? [] : target.trim().slice(query + 1).split('&')) {
    const size = /^(\d*)(?:x(\d+))?$/.exec(param);
    if (size && param !== '') {
      width = edge(size[1]);
      height = edge(size[2]);
    } else if (param === 'nolink') {
      nolink = true;
    }
  }
  const align = left && right ? 'center' : left ? 'right' : right ? 'left' : null;
  return { id, width, height, alt, align, nolink };
}

/** The URL an image is shown from, with the size asked for. */
export function mediaSrc(ref: Pick<MediaRef, 'id' | 'width' | 'height'>): string {
  const params: string[] = [];
  if (ref.width !== null) params.push(`w=${ref.width}`);
  if (ref.height !== null) params.push(`h=${ref.height}`);
  return params.length === 0 ? mediaUrl(ref.id) : `${mediaUrl(ref.id)}?${params.join('&')}`;
}

function pushText(state: StateInline, content: string): void {
  state.push('text', '', 0).content = content;
}

function pushMedia(state: StateInline, ref: MediaRef, written: string): void {
  const render = renderStateOf(state.env);
  const label = ref.alt || written.trim().split('?', 1)[0]!.replace(/^:/, '');
  const scope = mediaScope(ref.id);
  if (render) recordMediaScope(render, scope);
  if (render?.decorate && render.ctx.linkState(scope) === 'hidden') return pushText(state, label);
  const alignClass = ref.align ? ` media${ref.align}` : '';
  const image = mediaTypeOf(ref.id)?.kind !== 'file';
  // Inside a Markdown link's label no second link may open: the image alone, or the label.
  const inLink = ((state as LinkAwareState).linkLevel ?? 0) > 0;
  if (!image && inLink) return pushText(state, label);
  if (!image) {
    const open = state.push('link_open', 'a', 1);
    open.attrs = [['href', mediaUrl(ref.id)], ['class', `mediafile${alignClass}`], ['title', ref.id]];
    pushText(state, label);
    state.push('link_close', 'a', -1);
    return;
  }
  const wrap = !ref.nolink && !inLink;
  if (wrap) {
    state.push('link_open', 'a', 1).attrs = [['href', mediaUrl(ref.id)], ['class', 'media']];
  }
  const img = state.push('image', 'img', 0);
  // The server makes a fixed set of sizes (the next one up): the browser shows the size asked for.
  // A height given keeps its box (media-box: the image fits inside it, as the server fits it).
  const box = ref.height !== null ? ' media-box' : '';
  img.attrs = [['src', mediaSrc(ref)], ['alt', ''], ['class', `media${alignClass}${box}`], ['loading', 'lazy']];
  if (ref.width !== null) img.attrs.push(['width', String(ref.width)]);
  if (ref.height !== null) img.attrs.push(['height', String(ref.height)]);
  // The default image rule writes the children as the alt text, escaped.
  const altText = new state.Token('text', '', 0);
  altText.content = ref.alt;
  img.children = [altText];
  img.content = ref.alt;
  if (wrap) state.push('link_close', 'a', -1);
}

function mediaRule(state: StateInline, silent: boolean): boolean {
  const { src, pos, posMax } = state;
  if (src.charCodeAt(pos) !== BRACE_OPEN || src.charCodeAt(pos + 1) !== BRACE_OPEN) return false;
  // The inside holds no brace and no newline: the scan stops at the first one, which must be the
  // '}}'. Stopping there (not searching on for a '}}') keeps a run of '{{' linear.
  let close = pos + 2;
  while (close < posMax && !INSIDE_STOPS.has(src.charCodeAt(close))) close++;
  if (!src.startsWith(CLOSE, close) || close + CLOSE.length > posMax) return false;
  // Resolving the name cleans an id: past the page's bound, media stay their text.
  if (!roomForLink(state.env as object, !silent)) return false;
  const inner = src.slice(pos + 2, close);
  const external = parseExternalImage(inner);
  if (external) {
    if (!silent) pushExternalImage(state, external);
    state.pos = close + CLOSE.length;
    return true;
  }
  const ref = parseMediaRef(inner, renderStateOf(state.env)?.ctx.pageId ?? '');
  if (!ref) return false;
  if (!silent) pushMedia(state, ref, inner.split('|', 1)[0]!);
  state.pos = close + CLOSE.length;
  return true;
}

export function mediaSyntax(md: MarkdownIt): void {
  md.inline.ruler.before('link', 'media', mediaRule);
}
