// Quire Markdown → DokuWiki syntax, for `quire export --format dokuwiki`: the page is parsed by
// Quire's own markdown-it set-up (so wiki links, media and footnotes are read as Quire reads them)
// and its tokens are written out the way DokuWiki writes each construct. Text that DokuWiki would
// read as markup is protected with %%…%%, so every character shows as it did in Quire.
import type { Token } from 'markdown-it';
import { resolveLink } from '../pages/page-id.js';
import { createEnv, type RenderEnv } from '../render/env.js';
import { hasUrlScheme } from '../render/link-target.js';
import { MEDIA_PREFIX } from '../media/media-id.js';
import { createMarkdown } from '../render/markdown.js';
import { interwikiOf, wikiTargetOf } from '../render/wikilink.js';

const md = createMarkdown([]);

// Sequences DokuWiki reads as markup, smileys and acronyms that it turns into images included.
const RISKY = new RegExp(
  [
    '%%', '\\*\\*', '//', '__', "''", '\\[\\[', '\\]\\]', '\\{\\{', '\\}\\}', '\\(\\(', '\\)\\)', '<', '>', '~~', '\\\\\\\\',
    '={2,}', '-{4,}', '\\^', '\\|', '(?:https?|ftps?|news|irc|gopher)://', '\\bwww\\.', '[\\w.+-]+@[\\w-]+\\.[\\w.-]+',
    '8-[)O]', ':-[()/\\\\?DPOX|]', '=\\)', ';-\\)', 'm\\(', ':[?!]:', '\\bLOL\\b', '\\bFIXME\\b', '\\bDELETEME\\b',
  ].join('|'),
  'g',
);

/** Plain text that DokuWiki shows exactly as written. */
export function dokuwikiText(text: string): string {
  return text.replace(RISKY, (risky) => (risky === '%%' ? '<nowiki>%%</nowiki>' : `%%${risky}%%`)).replace(/%%%%/g, '');
}

/** Monospace: `''%%code%%''`; a `%%` inside is protected with <nowiki> instead. */
function monospace(code: string): string {
  if (code === '') return '';
  return code.includes('%%') ? `''<nowiki>${code}</nowiki>''` : `''%%${code}%%''`;
}

/** A media id back from the URL the renderer gave its image or file link. */
function mediaIdOf(src: string): string | null {
  if (!src.startsWith(`${MEDIA_PREFIX}/`)) return null;
  const [path = '', query = ''] = src.slice(MEDIA_PREFIX.length + 1).split('?');
  const id = path.split('/').map((part) => decodeURIComponent(part)).join(':');
  const params = new URLSearchParams(query);
  const w = params.get('w');
  const h = params.get('h');
  return `${id}${w || h ? `?${w ?? ''}${h ? `x${h}` : ''}` : ''}`;
}

interface Writer {
  /** Footnote number → its text in DokuWiki syntax. */
  footnotes: Map<number, string>;
  inTable: boolean;
}

function image(token: Token, linked: boolean): string {
  const src = token.attrGet('src') ?? '';
  const classes = token.attrGet('class') ?? '';
  let target = mediaIdOf(src);
  if (target === null) {
    const w = token.attrGet('width');
    const h = token.attrGet('height');
    target = `${src}${w || h ? `?${w ?? ''}${h ? `x${h}` : ''}` : ''}`;
  }
  if (!linked) target += target.includes('?') ? '&nolink' : '?nolink';
  const left = /mediaright|mediacenter/.test(classes) ? ' ' : '';
  const right = /medialeft|mediacenter/.test(classes) ? ' ' : '';
  const alt = token.content;
  return `{{${left}${target}${right}${alt === '' ? '' : `|${alt.replace(/[|}]/g, '')}`}}}`;
}

/** The inline tokens of one block in DokuWiki syntax. */
function inline(tokens: readonly Token[], writer: Writer): string {
  let out = '';
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    switch (token.type) {
      case 'text':
      case 'text_special':
        out += dokuwikiText(token.content);
        break;
      case 'softbreak':
        out += writer.inTable ? ' ' : '\n';
        break;
      case 'hardbreak':
        out += writer.inTable ? ' \\\\ ' : '\\\\\n';
        break;
      case 'code_inline':
        out += monospace(token.content);
        break;
      case 'strong_open':
      case 'strong_close':
        out += '**';
        break;
      case 'em_open':
      case 'em_close':
        out += '//';
        break;
      case 's_open':
        out += '<del>';
        break;
      case 's_close':
        out += '</del>';
        break;
      case 'sub_open':
      case 'sup_open':
        out += `<${token.tag}>`;
        break;
      case 'sub_close':
      case 'sup_close':
        out += `</${token.tag}>`;
        break;
      case 'image':
        out += image(token, false);
        break;
      case 'footnote_ref': {
        const id = (token.meta as { id: number }).id;
        out += `((${writer.footnotes.get(id) ?? ''}))`;
        break;
      }
      case 'link_open': {
        const close = tokens.findIndex((t, j) => j > i && t.type === 'link_close');
        const end = close < 0 ? tokens.length : close;
        out += link(token, tokens.slice(i + 1, end));
        i = end;
        break;
      }
      default:
        break;
    }
  }
  return out;
}

function plainText(tokens: readonly Token[]): string {
  return tokens.map((t) => (t.type === 'text' || t.type === 'code_inline' || t.type === 'text_special' ? t.content : t.type === 'softbreak' ? ' ' : '')).join('');
}

function link(open: Token, label: readonly Token[]): string {
  const classes = open.attrGet('class') ?? '';
  const href = open.attrGet('href') ?? '';
  // The wrapper the media rule puts around an image: the image says it all.
  if (classes === 'media' && label.length === 1 && label[0]!.type === 'image') return image(label[0]!, true);
  if (classes.startsWith('mediafile')) {
    const id = open.attrGet('title') ?? '';
    const text = plainText(label);
    return `{{${id}${text === '' || text === id ? '' : `|${text.replace(/[|}]/g, '')}`}}}`;
  }
  const images = label.filter((t) => t.type === 'image');
  // DokuWiki shows a link's label as it is written, only `]]` would end it.
  const text = images.length === 1 ? image(images[0]!, true) : plainText(label).replace(/\]\]/g, '] ]').replace(/\n/g, ' ');
  const interwiki = interwikiOf(open);
  if (interwiki !== null) {
    const shown = plainText(label);
    return shown === interwiki.slice(interwiki.indexOf('>') + 1) ? `[[${interwiki}]]` : `[[${interwiki}|${text}]]`;
  }
  const wiki = wikiTargetOf(open);
  if (wiki !== null) {
    const shown = plainText(label);
    const fallback = wiki.startsWith('#') ? wiki.slice(1) : wiki.replace(/^:/, '');
    return shown === fallback ? `[[${wiki}]]` : `[[${wiki}|${text}]]`;
  }
  if (open.markup === 'linkify' || open.markup === 'autolink') {
    if (href.startsWith('mailto:')) return `<${href.slice(7)}>`;
    // DokuWiki links bare URLs and `www.` addresses as Quire does.
    return plainText(label);
  }
  if (href.startsWith('mailto:')) return `[[${href.slice(7)}|${text}]]`;
  if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return `[[${href}|${text}]]`;
  if (href.startsWith('?')) return `[[${href}|${text}]]`;
  if (href.startsWith('/')) return `[[this>${href.slice(1)}|${text}]]`;
  return `[[${md.normalizeLinkText(href)}|${text}]]`;
}

/** Writes the block tokens from `start` to `end` (exclusive), one DokuWiki block per entry. */
function blocks(tokens: readonly Token[], start: number, end: number, writer: Writer, depth: number): string[] {
  const out: string[] = [];
  for (let i = start; i < end; i++) {
    const token = tokens[i]!;
    const closeOf = (type: string) => {
      let level = 0;
      for (let j = i; j < end; j++) {
        if (tokens[j]!.type === token.type) level++;
        else if (tokens[j]!.type === type && --level === 0) return j;
      }
      return end;
    };
    switch (token.type) {
      case 'heading_open': {
        const level = Number(token.tag.slice(1));
        const marks = '='.repeat(Math.max(2, 7 - level));
        const title = plainText(tokens[i + 1]?.children ?? []).replace(/\n/g, ' ');
        out.push(`${marks} ${title} ${marks}`);
        i += 2;
        break;
      }
      case 'paragraph_open': {
        out.push(inline(tokens[i + 1]?.children ?? [], writer).replace(/^(\s+)/gm, ''));
        i += 2;
        break;
      }
      case 'fence':
      case 'code_block': {
        const words = token.info.trim().split(/\s+/).filter((word) => word !== '');
        const body = token.content.replace(/\n$/, '');
        const tag = words.length > 1 || body.includes('</code>') ? 'file' : 'code';
        const language = words[0] ?? '';
        const attributes = [language, ...words.slice(1)].filter((word) => word !== '').join(' ');
        out.push(`<${tag}${attributes === '' ? '' : ` ${attributes}`}>\n${body}\n</${tag}>`);
        break;
      }
      case 'hr':
        out.push('----');
        break;
      case 'bullet_list_open':
      case 'ordered_list_open': {
        const close = closeOf(token.type.replace('_open', '_close'));
        out.push(list(tokens, i + 1, close, writer, depth + 1, token.type === 'ordered_list_open' ? '-' : '*'));
        i = close;
        break;
      }
      case 'blockquote_open': {
        const close = closeOf('blockquote_close');
        const inner = blocks(tokens, i + 1, close, writer, depth).join('\n\n');
        out.push(inner.split('\n').map((line) => (line.startsWith('>') ? `>${line}` : line === '' ? '>' : `> ${line}`)).join('\n'));
        i = close;
        break;
      }
      case 'table_open': {
        const close = closeOf('table_close');
        out.push(table(tokens, i + 1, close, writer));
        i = close;
        break;
      }
      default:
        break;
    }
  }
  return out;
}

// DokuWiki list items are one line each, two spaces a level; what Markdown puts under an item
// (more paragraphs, code) follows on the same item, joined by forced line breaks.
function list(tokens: readonly Token[], start: number, end: number, writer: Writer, depth: number, marker: string): string {
  const lines: string[] = [];
  const indent = '  '.repeat(depth);
  for (let i = start; i < end; i++) {
    if (tokens[i]!.type !== 'list_item_open') continue;
    let level = 0;
    let close = i;
    for (let j = i; j < end; j++) {
      if (tokens[j]!.type === 'list_item_open') level++;
      else if (tokens[j]!.type === 'list_item_close' && --level === 0) {
        close = j;
        break;
      }
    }
    const own: string[] = [];
    const nested: string[] = [];
    for (let j = i + 1; j < close; j++) {
      const t = tokens[j]!;
      if (t.type === 'bullet_list_open' || t.type === 'ordered_list_open') {
        let inner = 0;
        let k = j;
        for (; k < close; k++) {
          if (tokens[k]!.type === t.type) inner++;
          else if (tokens[k]!.type === t.type.replace('_open', '_close') && --inner === 0) break;
        }
        nested.push(list(tokens, j + 1, k, writer, depth + 1, t.type === 'ordered_list_open' ? '-' : '*'));
        j = k;
      } else if (t.type === 'paragraph_open') {
        own.push(inline(tokens[j + 1]?.children ?? [], writer).replace(/\n/g, ' '));
        j += 2;
      } else if (t.type === 'fence' || t.type === 'code_block') {
        own.push(blocks(tokens, j, j + 1, writer, depth)[0] ?? '');
      }
    }
    lines.push(`${indent}${marker} ${own.join(' \\\\ ')}`, ...nested);
    i = close;
  }
  return lines.join('\n');
}

// Two spaces before a cell's text align it right, after it left, on both sides centre it.
const PADDING: ReadonlyArray<readonly [RegExp, string, string]> = [
  [/center/, '  ', '  '],
  [/right/, '  ', ' '],
  [/left/, ' ', '  '],
];

function emptyRow(tokens: readonly Token[], start: number, end: number): boolean {
  for (let i = start; i < end && tokens[i]!.type !== 'thead_close'; i++) {
    if (tokens[i]!.type === 'inline' && tokens[i]!.content.trim() !== '') return false;
  }
  return true;
}

function table(tokens: readonly Token[], start: number, end: number, writer: Writer): string {
  const rows: string[] = [];
  let row = '';
  let mark = '|';
  const cellWriter: Writer = { ...writer, inTable: true };
  for (let i = start; i < end; i++) {
    const token = tokens[i]!;
    // An empty header row is the one the import adds to a DokuWiki table that had none.
    if (token.type === 'thead_open' && emptyRow(tokens, i, end)) {
      while (i < end && tokens[i]!.type !== 'thead_close') i++;
      continue;
    }
    if (token.type === 'tr_open') row = '';
    else if (token.type === 'th_open' || token.type === 'td_open') {
      mark = token.type === 'th_open' ? '^' : '|';
      const style = token.attrGet('style') ?? '';
      const [, before, after] = PADDING.find(([pattern]) => pattern.test(style)) ?? [null, ' ', ' '];
      row += `${mark}${before}${inline(tokens[i + 1]?.children ?? [], cellWriter)}${after}`;
      i += 2;
    } else if (token.type === 'tr_close') {
      rows.push(`${row}${mark}`);
    }
  }
  return rows.join('\n');
}

function parse(markdown: string, pageId: string): { tokens: Token[]; env: RenderEnv } {
  const env: RenderEnv = createEnv(
    { pageId, startPage: 'start', exists: () => false, linkState: () => 'exists', pageUrl: (id) => `/${id}` },
    false,
  );
  return { tokens: md.parse(markdown, env), env };
}

export interface PageLink {
  /** local: a page of this wiki (its id, `#anchor` kept); extern: a URL. */
  type: 'local' | 'extern';
  target: string;
}

/** The links of a page in order, as DokuWiki's getPageLinks lists them (repeats included). */
export function pageLinks(markdown: string, pageId: string): PageLink[] {
  const links: PageLink[] = [];
  const visit = (tokens: readonly Token[]) => {
    for (const token of tokens) {
      if (token.children) visit(token.children);
      if (token.type !== 'link_open') continue;
      const wiki = wikiTargetOf(token);
      const href = token.attrGet('href') ?? '';
      const target = wiki ?? href;
      if (target === '' || (token.attrGet('class') ?? '').startsWith('media')) continue;
      if (wiki === null && (hasUrlScheme(href) || href.startsWith('/') || href.startsWith('?'))) {
        links.push({ type: 'extern', target: href });
        continue;
      }
      const { id, hash } = resolveLink(md.normalizeLinkText(target), pageId, () => false);
      links.push({ type: 'local', target: hash === '' ? id : `${id}#${hash}` });
    }
  };
  visit(parse(markdown, pageId).tokens);
  return links;
}

/** Converts one page of Quire Markdown, written on page `pageId`, to DokuWiki syntax. */
export function markdownToDokuwiki(markdown: string, pageId = ''): string {
  const { tokens, env } = parse(markdown, pageId);
  const writer: Writer = { footnotes: new Map(), inTable: false };
  const blockStart = tokens.findIndex((t) => t.type === 'footnote_block_open');
  if (blockStart >= 0) {
    for (let i = blockStart; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (token.type !== 'footnote_open') continue;
      const id = (token.meta as { id: number }).id;
      const parts: string[] = [];
      for (let j = i + 1; j < tokens.length && tokens[j]!.type !== 'footnote_close'; j++) {
        if (tokens[j]!.type === 'inline') parts.push(inline(tokens[j]!.children ?? [], writer).replace(/\n/g, ' '));
      }
      writer.footnotes.set(id, parts.join(' \\\\ '));
    }
  }
  const body = blocks(tokens, 0, blockStart < 0 ? tokens.length : blockStart, writer, 0);
  if (env.quire.notoc) body.unshift('~~NOTOC~~');
  const text = body.filter((block) => block !== '').join('\n\n');
  return text === '' ? '' : `${text}\n`;
}
