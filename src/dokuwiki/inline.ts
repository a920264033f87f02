// DokuWiki inline markup → Markdown: emphasis, monospace, links, footnotes, line breaks, and the
// escaping that keeps every other character meaning what it meant in DokuWiki.
import { interwikiUrl } from './interwiki.js';

export interface InlineState {
  /** Footnote texts in order of appearance; `((…))` number n becomes `[^n]`. */
  footnotes: string[];
}

export interface InlineOptions {
  /** The text starts a Markdown line, where `#`, `-`, `1.` … would start a block. */
  atLineStart: boolean;
  /** Inside a table cell: `|` is escaped and forced line breaks become spaces. */
  inTable: boolean;
}

export function newInlineState(): InlineState {
  return { footnotes: [] };
}

// A forced line break (`\\ `) while converting; resolved once the whole span is known, because
// a break that ends a paragraph must vanish (Markdown would show its backslash).
const BREAK = '\uE000';
const URL = /^(?:https?|ftps?|news|irc|gopher):\/\/[^\s<>"'[\]{}|\\^`]+/;
const WWW = /^www\.[\w-]+(?:\.[\w-]+)+[^\s<>"'[\]{}|\\^`]*/;
const EMAIL_AUTOLINK = /^<[\w.+-]+@[\w-]+(?:\.[\w-]+)+>/;
const EMAIL = /^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$/;
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\/|^mailto:/i;
const WORD_CHAR = /[\p{L}\p{N}]/u;
// Characters that may start markup: everything else goes straight to the plain text. The
// letters start URL schemes (http, ftp, news, irc, gopher) and `www.`.
const TRIGGERS = new Set(['%', '<', "'", '[', '{', '(', '*', '/', '_', '\\', '~', 'h', 'f', 'n', 'i', 'g', 'w']);

/** Converts the inline markup of one block (paragraph, list item, cell, quote line). */
export function convertInline(text: string, state: InlineState, options: InlineOptions): string {
  const out = convertSpan(text, state, options).replace(new RegExp(`[${BREAK}\\s]+$`, 'u'), '');
  return options.inTable
    ? out.replace(new RegExp(`${BREAK}\\n?`, 'gu'), ' ')
    : out.replace(new RegExp(`${BREAK}\\n?`, 'gu'), '\\\n');
}

/** Plain DokuWiki text made safe for Markdown: every character shows as itself. */
export function escapeText(text: string, atLineStart: boolean, inTable = false): string {
  let out = text
    .replace(/[\\`*[\]]/g, '\\$&')
    .replace(/~(?=~)|(?<=~)~/g, '\\~')
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

/** Markdown emphasis must hug its text: spaces inside DokuWiki's markers move outside. */
function wrap(marker: string, inner: string): string {
  const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(inner)!;
  const core = match[2] ?? '';
  if (core === '') return inner;
  return `${match[1]}${marker}${core}${marker}${match[3]}`;
}

function codeSpan(content: string, inTable: boolean): string {
  const code = content.replace(/%%|<\/?nowiki>/g, '').replace(/\n/g, ' ');
  const longest = Math.max(0, ...Array.from(code.matchAll(/`+/g), (m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  const pad = code.startsWith('`') || code.endsWith('`') ? ' ' : '';
  const span = `${ticks}${pad}${code}${pad}${ticks}`;
  return inTable ? span.replace(/\|/g, '\\|') : span;
}

function externalLink(url: string, label: string | undefined, inTable: boolean): string {
  const destination = /[\s()<>]/.test(url) ? `<${url.replace(/[<>]/g, encodeURIComponent)}>` : url;
  const text = label === undefined || label.trim() === '' ? url : label.trim();
  const link = label === undefined && !/[\s<>*_~\\]/.test(url) && SCHEME.test(url)
    ? `<${url}>`
    : `[${/^\{\{.*\}\}$/s.test(text) ? text : escapeText(text, false)}](${destination})`;
  return inTable ? link.replace(/\|/g, '\\|') : link;
}

function convertLink(inner: string, inTable: boolean): string {
  const bar = inner.indexOf('|');
  const target = (bar < 0 ? inner : inner.slice(0, bar)).trim();
  const label = bar < 0 ? undefined : inner.slice(bar + 1);
  if (SCHEME.test(target)) return externalLink(target, label, inTable);
  if (EMAIL.test(target)) return externalLink(`mailto:${target}`, label ?? target, inTable);
  const interwiki = /^([\w.-]+)>(.*)$/.exec(target);
  if (interwiki || target.startsWith('\\\\')) {
    const url = interwiki ? interwikiUrl(interwiki[1] ?? '', interwiki[2] ?? '') : null;
    if (url) return externalLink(url, label ?? interwiki?.[2], inTable);
    return escapeText(`[[${inner}]]`, false, inTable);
  }
  const link = `[[${inner}]]`;
  return inTable ? link.replace(/\|/g, '\\|') : link;
}

/** Index of the closing `//`, skipping those of URLs (`http://`), as DokuWiki does. */
function italicClose(text: string, from: number): number {
  for (let at = text.indexOf('//', from); at >= 0; at = text.indexOf('//', at + 2)) {
    if (text[at - 1] !== ':') return at;
  }
  return -1;
}

function sameLineClose(text: string, from: number, close: string): number {
  const at = text.indexOf(close, from);
  return at >= 0 && !text.slice(from, at).includes('\n') ? at : -1;
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
    if (rest.startsWith('%%') && (close = text.indexOf('%%', i + 2)) >= 0) {
      emit(escapeText(text.slice(i + 2, close), false, inTable).replace(/^([#>+=-]|\d)/, '\\$1'));
      i = close + 2;
    } else if (rest.startsWith('<nowiki>') && (close = text.indexOf('</nowiki>', i + 8)) >= 0) {
      emit(escapeText(text.slice(i + 8, close), false, inTable).replace(/^([#>+=-]|\d)/, '\\$1'));
      i = close + 9;
    } else if (rest.startsWith("''") && (close = text.indexOf("''", i + 2)) > i + 2) {
      emit(codeSpan(text.slice(i + 2, close), inTable));
      i = close + 2;
    } else if (rest.startsWith('[[') && (close = sameLineClose(text, i + 2, ']]')) >= 0) {
      emit(convertLink(text.slice(i + 2, close), inTable));
      i = close + 2;
    } else if (rest.startsWith('{{') && (close = sameLineClose(text, i + 2, '}}')) >= 0) {
      emit(inTable ? text.slice(i, close + 2).replace(/\|/g, '\\|') : text.slice(i, close + 2));
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
      emit(inner(text.slice(i + 2, close)));
      i = close + 2;
    } else if (rest.startsWith('<del>') && (close = text.indexOf('</del>', i + 5)) > i + 5) {
      emit(wrap('~~', inner(text.slice(i + 5, close))));
      i = close + 6;
    } else if (/^<su[bp]>/.test(rest) && (close = text.indexOf(`</${rest.slice(1, 4)}>`, i + 5)) >= 0) {
      emit(inner(text.slice(i + 5, close)));
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
    } else if (!WORD_CHAR.test(prev) && (URL.test(text.slice(i, i + 2048)) || WWW.test(text.slice(i, i + 2048)))) {
      const ahead = text.slice(i, i + 2048);
      const found = (URL.exec(ahead) ?? WWW.exec(ahead))![0].replace(/[.,;:!?)]+$/, '');
      const special = /[*_~\\]/.test(found);
      emit(!special ? found : found.startsWith('www.') ? `[${escapeText(found, false)}](http://${found})` : `<${found}>`);
      i += found.length;
    } else if (ch === '<' && EMAIL_AUTOLINK.test(text.slice(i, i + 256))) {
      const found = EMAIL_AUTOLINK.exec(text.slice(i, i + 256))![0];
      emit(found);
      i += found.length;
    } else {
      plain += ch;
      i++;
    }
  }
  flush();
  return parts.join('');
}
