// DokuWiki inline markup → Markdown: emphasis, monospace, sub/superscript, links, footnotes, line
// breaks, and the escaping that keeps every other character meaning what it meant in DokuWiki.
// What has no exact Markdown form is kept as visible text and counted in `unconverted`.
import { mediaUrl, resolveMedia } from '../media/media-id.js';
import { interwikiTarget, type InterwikiMap } from './interwiki.js';
import { rewriteInternalLink, type LinkContext } from './links.js';

export interface InlineState {
  /** Footnote texts in order of appearance; `((…))` number n becomes `[^n]`. */
  footnotes: string[];
  links: LinkContext;
  interwiki: InterwikiMap;
  /** Known shortcuts stay `[[wp>Page]]`: the wiki renders them from its own interwiki map. */
  keepInterwiki: boolean;
  /** Constructs kept as text or converted with a loss, with how often they occurred. */
  unconverted: Map<string, number>;
}

export interface InlineOptions {
  /** The text starts a Markdown line, where `#`, `-`, `1.` … would start a block. */
  atLineStart: boolean;
  /** Inside a table cell: `|` is escaped and forced line breaks become spaces. */
  inTable: boolean;
}

export function newInlineState(links: LinkContext, interwiki: InterwikiMap, keepInterwiki = false): InlineState {
  return { footnotes: [], links, interwiki, keepInterwiki, unconverted: new Map() };
}

export function noteUnconverted(state: InlineState, construct: string): void {
  state.unconverted.set(construct, (state.unconverted.get(construct) ?? 0) + 1);
}

// Placeholders while converting, resolved once the whole block is known: a forced line break (a
// break that ends a paragraph must vanish, Markdown would show its backslash), and the edges of
// emphasis, where a neighbouring letter may have to be written as an entity (fixFlanking).
const BREAK = '\uE000';
const EMPHASIS_OPEN = '\uE001';
const EMPHASIS_CLOSE = '\uE002';
const URL = /^(?:https?|ftps?|news|irc|gopher):\/\/[^\s<>"'[\]{}|\\^`]+/;
const WWW = /^www\.[\w-]+(?:\.[\w-]+)+[^\s<>"'[\]{}|\\^`]*/;
const EMAIL_AUTOLINK = /^<[\w.+-]+@[\w-]+(?:\.[\w-]+)+>/;
const EMAIL = /^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$/;
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\/|^mailto:/i;
const WORD_CHAR = /[\p{L}\p{N}]/u;
// DokuWiki's own tags; any other `<name …>` is a plugin's syntax, kept as text.
const DOKUWIKI_TAGS = new Set(['del', 'sub', 'sup', 'nowiki', 'code', 'file', 'html', 'php']);
// Characters that may start markup: everything else goes straight to the plain text. The
// letters start URL schemes (http, ftp, news, irc, gopher) and `www.`.
const TRIGGERS = new Set(['%', '<', "'", '[', '{', '(', '*', '/', '_', '\\', '~', 'h', 'f', 'n', 'i', 'g', 'w']);

/** Converts the inline markup of one block (paragraph, list item, cell, quote line). */
export function convertInline(text: string, state: InlineState, options: InlineOptions): string {
  const out = fixFlanking(convertSpan(text, state, options)).replace(new RegExp(`[${BREAK}\\s]+$`, 'u'), '');
  return options.inTable
    ? out.replace(new RegExp(`${BREAK}\\n?`, 'gu'), ' ')
    : out.replace(new RegExp(`${BREAK}\\n?`, 'gu'), '\\\n');
}

/** Plain DokuWiki text made safe for Markdown: every character shows as itself. */
export function escapeText(text: string, atLineStart: boolean, inTable = false): string {
  let out = text
    .replace(/[\\`*[\]~^]/g, '\\$&')
    .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\\_')
    .replace(/<(?=[A-Za-z/!?])/g, '\\<')
    .replace(/&(?=#?\w+;)/g, '\\&');
  if (inTable) out = out.replace(/\|/g, '\\|');
  return out
    .split('\n')
    .map((line, i) => (i > 0 || atLineStart ? escapeLineStart(line) : line))
    .join('\n');
}

// What Markdown reads as the start of a block at the beginning of a line, DokuWiki read as text.
function escapeLineStart(line: string): string {
  return line
    .replace(/^( {0,3})([#>+=])/, '$1\\$2')
    .replace(/^( {0,3})-(?=\s|$|-+\s*$)/, '$1\\-')
    .replace(/^( {0,3}\d{1,9})([.)])(?=\s|$)/, '$1\\$2');
}

const isSpace = (ch: string | undefined) => ch === undefined || ch === BREAK || /\s/u.test(ch);
const isPunct = (ch: string | undefined) => ch !== undefined && /[\p{P}\p{S}]/u.test(ch);
const isWord = (ch: string | undefined) => !isSpace(ch) && !isPunct(ch);
const entity = (ch: string) => `&#${ch.codePointAt(0)};`;

/**
 * CommonMark opens `**` only when it is not followed by punctuation or is preceded by a space or
 * punctuation (and closes it the other way round), so `**Note:**text` or `a**(b)**c` would stay
 * literal. Writing the neighbouring letter as an entity (`**Note:**&#116;ext`) makes the
 * neighbour punctuation for the parser and shows the same letter.
 */
function fixFlanking(text: string): string {
  const chars = Array.from(text);
  const markers = new Set([EMPHASIS_OPEN, EMPHASIS_CLOSE]);
  const neighbour = (from: number, step: 1 | -1): number => {
    let i = from;
    while (i >= 0 && i < chars.length && markers.has(chars[i]!)) i += step;
    return i;
  };
  const encode = new Set<number>();
  chars.forEach((ch, i) => {
    if (ch === EMPHASIS_OPEN) {
      let first = i + 1;
      const mark = chars[first];
      while (chars[first] === mark) first++;
      const before = neighbour(i - 1, -1);
      if (isWord(chars[before]) && isPunct(chars[neighbour(first, 1)])) encode.add(before);
    } else if (ch === EMPHASIS_CLOSE) {
      let last = i - 1;
      const mark = chars[last];
      while (chars[last] === mark) last--;
      const after = neighbour(i + 1, 1);
      if (isWord(chars[after]) && isPunct(chars[neighbour(last, -1)])) encode.add(after);
    }
  });
  return chars.map((ch, i) => (markers.has(ch) ? '' : encode.has(i) ? entity(ch) : ch)).join('');
}

/** Markdown emphasis must hug its text: spaces inside DokuWiki's markers move outside. */
function wrap(marker: string, inner: string): string {
  const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(inner)!;
  const core = match[2] ?? '';
  if (core === '') return inner;
  return `${match[1]}${EMPHASIS_OPEN}${marker}${core}${marker}${EMPHASIS_CLOSE}${match[3]}`;
}

/** `~sub~`, `^sup^`: their content is plain text in which spaces must be escaped. */
function scriptSpan(marker: string, inner: string, inTable: boolean): string {
  const plain = inner.replace(/<\/?nowiki>|%%/g, '').replace(/\s+/g, ' ').trim();
  if (plain === '') return '';
  const span = `${marker}${plain.replace(/[\\`*[\]~^_<&]/g, '\\$&').replace(/ /g, '\\ ')}${marker}`;
  return inTable ? span.replace(/\|/g, '\\|') : span;
}

/** Where `''…''` ends: the next `''` outside the `%%…%%` and `<nowiki>` parts it may hold. */
function monospaceClose(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    if (text.startsWith("''", i)) return i;
    const close = text.startsWith('%%', i) ? text.indexOf('%%', i + 2) : text.startsWith('<nowiki>', i) ? text.indexOf('</nowiki>', i + 8) : -1;
    if (close >= 0) i = close + (text.startsWith('%%', i) ? 2 : 9);
    else i++;
  }
  return -1;
}

/** The text monospace shows: `%%…%%` and `<nowiki>…</nowiki>` lose their markers, keep their content. */
function monospaceText(content: string): string {
  return content.replace(/%%([\s\S]*?)%%|<nowiki>([\s\S]*?)<\/nowiki>/g, (_m, percent?: string, nowiki?: string) => percent ?? nowiki ?? '');
}

function codeSpan(content: string, inTable: boolean): string {
  const code = monospaceText(content).replace(/\n/g, ' ');
  const longest = Math.max(0, ...Array.from(code.matchAll(/`+/g), (m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  const pad = code.startsWith('`') || code.endsWith('`') ? ' ' : '';
  const span = `${ticks}${pad}${code}${pad}${ticks}`;
  return inTable ? span.replace(/\|/g, '\\|') : span;
}

/** A link destination Markdown reads back whole. */
function destination(url: string): string {
  return /[\s()<>]/.test(url) ? `<${url.replace(/[<>]/g, encodeURIComponent)}>` : url;
}

function linkLabel(text: string): string {
  return /^\{\{.*\}\}$/s.test(text.trim()) ? text.trim() : escapeText(text, false);
}

function externalLink(url: string, label: string | undefined, inTable: boolean): string {
  const text = label === undefined || label.trim() === '' ? url : label.trim();
  const link = label === undefined && !/[\s<>*_~\\]/.test(url) && SCHEME.test(url)
    ? `<${url}>`
    : `[${linkLabel(text)}](${destination(url)})`;
  return inTable ? link.replace(/\|/g, '\\|') : link;
}

function interwikiLink(shortcut: string, reference: string, label: string | undefined, state: InlineState, inTable: boolean): string | null {
  const target = interwikiTarget(state.interwiki, shortcut, reference);
  if (target === null) return null;
  if (state.keepInterwiki) {
    const link = `[[${shortcut}>${reference}${label === undefined ? '' : `|${label.trim()}`}]]`;
    return inTable ? link.replace(/\|/g, '\\|') : link;
  }
  const text = label ?? reference;
  if ('url' in target) return externalLink(target.url, text, inTable);
  if ('path' in target) return externalLink(target.path, text, inTable);
  const page = `${target.page}${target.hash === '' ? '' : `#${target.hash}`}`;
  return internalLink(page, label ?? reference, state, inTable);
}

function internalLink(rawTarget: string, label: string | undefined, state: InlineState, inTable: boolean): string {
  const rewritten = rewriteInternalLink(rawTarget.trim(), label?.trim(), state.links);
  const shown = rewritten.label;
  // A label that is an image needs a Markdown link: `[[…|…]]` labels are plain text.
  const link = shown !== undefined && /^\{\{.*\}\}$/s.test(shown)
    ? `[${shown}](${destination(rewritten.target)})`
    : `[[${rewritten.target}${shown === undefined ? '' : `|${shown.replace(/\]\]/g, '\\]\\]')}`}]]`;
  return inTable ? link.replace(/\|/g, '\\|') : link;
}

function convertLink(inner: string, state: InlineState, inTable: boolean): string {
  const bar = inner.indexOf('|');
  const target = (bar < 0 ? inner : inner.slice(0, bar)).trim();
  const label = bar < 0 ? undefined : inner.slice(bar + 1);
  if (SCHEME.test(target)) return externalLink(target, label, inTable);
  if (EMAIL.test(target)) return externalLink(`mailto:${target}`, label ?? target, inTable);
  if (target.startsWith('?')) {
    // `[[?do=index]]`: the current page with that query.
    return externalLink(target, label ?? state.links.pageId.split(':').at(-1), inTable);
  }
  const interwiki = /^([\w.-]+)>(.*)$/.exec(target);
  if (interwiki) {
    const link = interwikiLink(interwiki[1] ?? '', interwiki[2] ?? '', label, state, inTable);
    if (link !== null) return link;
    noteUnconverted(state, `unknown interwiki shortcut ${interwiki[1]}>`);
    return escapeText(`[[${inner}]]`, false, inTable);
  }
  if (target.startsWith('\\\\')) {
    noteUnconverted(state, 'Windows share link');
    return escapeText(`[[${inner}]]`, false, inTable);
  }
  return internalLink(target, label, state, inTable);
}

/**
 * Index of the closing `//`. DokuWiki reads a URL inside italics as a link first, so the `//` of
 * `http://host` does not close them, but the one of `//Note://` does.
 */
function italicClose(text: string, from: number): number {
  for (let at = text.indexOf('//', from); at >= 0; at = text.indexOf('//', at + 2)) {
    if (text[at - 1] !== ':' || !/[^\s/]/.test(text[at + 2] ?? '')) return at;
  }
  return -1;
}

function sameLineClose(text: string, from: number, close: string): number {
  const at = text.indexOf(close, from);
  return at >= 0 && !text.slice(from, at).includes('\n') ? at : -1;
}

/** `{{name>…}}` is a plugin's syntax (rss, toolbox, include …); `{{…}}` otherwise is media. */
function mediaOrPlugin(raw: string, state: InlineState, inTable: boolean): string {
  const plugin = /^\{\{\s*([\w-]+)>/.exec(raw);
  if (plugin) noteUnconverted(state, `plugin syntax {{${plugin[1]}>…}}`);
  // `?linkonly`: a link to the file instead of the image.
  const linkOnly = /^\{\{\s*([^|?}\s]+)\?([^|}]*\blinkonly\b[^|}]*?)\s*(?:\|([^}]*))?\}\}$/.exec(raw);
  if (!plugin && linkOnly && !SCHEME.test(linkOnly[1]!)) {
    const id = resolveMedia(linkOnly[1]!, state.links.pageId);
    const label = linkOnly[3]?.trim() || linkOnly[1]!.replace(/^:/, '');
    const link = `[${escapeText(label, false)}](${mediaUrl(id)})`;
    return inTable ? link.replace(/\|/g, '\\|') : link;
  }
  return inTable ? raw.replace(/\|/g, '\\|') : raw;
}

function convertSpan(text: string, state: InlineState, options: InlineOptions): string {
  const { inTable } = options;
  const parts: string[] = [];
  let plain = '';
  const flush = () => {
    if (plain === '') return;
    const last = parts.at(-1);
    const atLineStart = last === undefined ? options.atLineStart : /[\n\uE000]$/u.test(last);
    parts.push(escapeText(plain, atLineStart, inTable));
    plain = '';
  };
  const emit = (markdown: string) => {
    flush();
    parts.push(markdown);
  };
  const inner = (content: string) => convertSpan(content, state, { atLineStart: false, inTable });

  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (!TRIGGERS.has(ch)) {
      plain += ch;
      i++;
      continue;
    }
    const rest = text.slice(i, i + 12);
    const prev = i === 0 ? '' : text[i - 1]!;
    let close: number;
    // Unformatted text is plain text to Markdown: escaped like the rest, line starts included.
    if (rest.startsWith('%%') && (close = text.indexOf('%%', i + 2)) >= 0) {
      plain += text.slice(i + 2, close);
      i = close + 2;
    } else if (rest.startsWith('<nowiki>') && (close = text.indexOf('</nowiki>', i + 8)) >= 0) {
      plain += text.slice(i + 8, close);
      i = close + 9;
    } else if (rest.startsWith("''") && (close = monospaceClose(text, i + 2)) > i + 2) {
      emit(codeSpan(text.slice(i + 2, close), inTable));
      i = close + 2;
    } else if (rest.startsWith('[[') && (close = sameLineClose(text, i + 2, ']]')) >= 0) {
      emit(convertLink(text.slice(i + 2, close), state, inTable));
      i = close + 2;
    } else if (rest.startsWith('{{') && (close = sameLineClose(text, i + 2, '}}')) >= 0) {
      emit(mediaOrPlugin(text.slice(i, close + 2), state, inTable));
      i = close + 2;
    } else if (rest.startsWith('((') && (close = text.indexOf('))', i + 2)) >= 0) {
      const n = state.footnotes.push('');
      const note = convertInline(text.slice(i + 2, close), state, { atLineStart: false, inTable: false });
      state.footnotes[n - 1] = note.replace(/\\?\n/g, ' ');
      emit(`[^${n}]`);
      i = close + 2;
    } else if (rest.startsWith('**') && (close = text.indexOf('**', i + 2)) > i + 2) {
      emit(wrap('**', inner(text.slice(i + 2, close))));
      i = close + 2;
    } else if (rest.startsWith('//') && prev !== ':' && (close = italicClose(text, i + 2)) > i + 2) {
      emit(wrap('*', inner(text.slice(i + 2, close))));
      i = close + 2;
    } else if (rest.startsWith('__') && (close = text.indexOf('__', i + 2)) > i + 2) {
      // Underline has no Markdown form and raw HTML is off: the text stays, the line goes.
      noteUnconverted(state, 'underline (text kept, not underlined)');
      emit(inner(text.slice(i + 2, close)));
      i = close + 2;
    } else if (rest.startsWith('<del>') && (close = text.indexOf('</del>', i + 5)) > i + 5) {
      emit(wrap('~~', inner(text.slice(i + 5, close))));
      i = close + 6;
    } else if (/^<su[bp]>/.test(rest) && (close = text.indexOf(`</${rest.slice(1, 4)}>`, i + 5)) >= 0) {
      emit(scriptSpan(rest.startsWith('<sub>') ? '~' : '^', text.slice(i + 5, close), inTable));
      i = close + 6;
    } else if (rest.startsWith('\\\\') && /^\\\\(?:[ \t]|\n|$)/.test(text.slice(i, i + 3))) {
      emit(BREAK);
      i += 2;
      while (text[i] === ' ' || text[i] === '\t') i++;
      if (text[i] === '\n') i++;
      while (text[i] === ' ' || text[i] === '\t') i++;
    } else if (rest.startsWith('~~NOTOC~~')) {
      emit('~~NOTOC~~');
      i += 9;
    } else if (rest.startsWith('~~NOCACHE~~')) {
      flush();
      i += 11;
    } else if (/^~~[A-Z][A-Z0-9_]*(?::[^~\n]*)?~~/.test(text.slice(i, i + 256))) {
      const macro = /^~~[A-Z][A-Z0-9_]*(?::[^~\n]*)?~~/.exec(text.slice(i, i + 256))![0];
      noteUnconverted(state, `plugin syntax ${macro.replace(/:.*~~$/, ':…~~')}`);
      plain += macro;
      i += macro.length;
    } else if (!WORD_CHAR.test(prev) && (URL.test(text.slice(i, i + 2048)) || WWW.test(text.slice(i, i + 2048)))) {
      const ahead = text.slice(i, i + 2048);
      const found = (URL.exec(ahead) ?? WWW.exec(ahead))![0].replace(/[.,;:!?)]+$/, '');
      // The text after it may start with a character escaped by a backslash (`]`), which a bare
      // URL would swallow: then the URL goes between angle brackets.
      const next = text[i + found.length] ?? '';
      const special = /[*_~\\]/.test(found) || /[\\`*[\]~^_<&]/.test(next);
      emit(!special ? found : found.startsWith('www.') ? `[${escapeText(found, false)}](http://${found})` : `<${found}>`);
      i += found.length;
    } else if (ch === '<' && EMAIL_AUTOLINK.test(text.slice(i, i + 256))) {
      const found = EMAIL_AUTOLINK.exec(text.slice(i, i + 256))![0];
      emit(found);
      i += found.length;
    } else {
      const tag = ch === '<' ? /^<([A-Za-z][\w-]*)(?:\s[^>\n]*)?>/.exec(text.slice(i, i + 256)) : null;
      if (tag && !DOKUWIKI_TAGS.has(tag[1]!.toLowerCase())) noteUnconverted(state, `plugin syntax <${tag[1]}>`);
      plain += ch;
      i++;
    }
  }
  flush();
  return parts.join('');
}
