// DokuWiki syntax → Quire Markdown, as a pure function of the page text (docs/dokuwiki-import.md).
// Blocks are read line by line as DokuWiki's lexer does (code, headings, lists, tables,
// preformatted, quotes); inline markup is read left to right. Whatever is not recognised stays
// as text, escaped so that Markdown shows it exactly as DokuWiki did, and is counted in the
// conversion's `unconverted` report.
import { convertInline, escapeText, newInlineState, noteUnconverted, type InlineState } from './inline.js';
import { DOKUWIKI_INTERWIKI, type InterwikiMap } from './interwiki.js';
import { convertTable } from './table.js';

// `%%…%%` and `<nowiki>` are matched too, and skipped, so that a `<code>` quoted inside them stays text.
const CODE_BLOCK = /%%[\s\S]*?%%|<nowiki>[\s\S]*?<\/nowiki>|<(code|file|html|HTML|php|PHP)(\s[^>]*)?>([\s\S]*?)<\/\1>/g;
const HEADING = /^[ \t]*(={2,})(?!=)(.*?[^=\s].*?)={2,}[ \t]*$/;
const RULE = /^[ \t]*-{4,}[ \t]*$/;
const LIST_ITEM = /^( {2,}|\t+)([*-])[ \t]*(.*)$/;
const PREFORMATTED = /^( {2}|\t)(.*)$/;
const TABLE_ROW = /^[|^]/;
const QUOTE = /^(>+)[ \t]?(.*)$/;

export interface ConvertOptions {
  /** The page converted: the context of its relative links and `[[#anchor]]`s. */
  pageId?: string;
  /** The source wiki's `useslash` (conf/local.php); off, as in a stock DokuWiki, `/` is part of a name. */
  useslash?: boolean;
  /** The source wiki's start page name. */
  start?: string;
  /** Headings (DokuWiki text, in order) of another page of the source wiki, null if it has no such page. */
  headingsOf?: (id: string) => readonly string[] | null;
  /** The source wiki's interwiki map; DokuWiki's shipped one when absent. */
  interwiki?: InterwikiMap;
  /** Keep `[[wp>Page]]` for the shortcuts the map knows, for a wiki that renders them (the import); otherwise they become links. */
  keepInterwiki?: boolean;
}

export interface Conversion {
  markdown: string;
  /** Constructs kept as visible text or converted with a loss, with how often they occur. */
  unconverted: Map<string, number>;
}

/** The headings of a page of DokuWiki text, in order, as their text. */
export function headingsOf(source: string): string[] {
  const headings: string[] = [];
  const text = source.replace(/\r\n?/g, '\n');
  let last = 0;
  for (const match of codeBlocks(text)) {
    for (const line of text.slice(last, match.index).split('\n')) {
      const heading = HEADING.exec(line);
      if (heading && kindOf(line) === null) headings.push((heading[2] ?? '').trim());
    }
    last = match.index + match[0].length;
  }
  for (const line of text.slice(last).split('\n')) {
    const heading = HEADING.exec(line);
    if (heading && kindOf(line) === null) headings.push((heading[2] ?? '').trim());
  }
  return headings;
}

// `<code>` and friends, except inside an indented (preformatted) line, where DokuWiki shows the
// tag as it is: the preformatted block starts first there.
function codeBlocks(text: string): RegExpExecArray[] {
  const found: RegExpExecArray[] = [];
  for (const match of text.matchAll(CODE_BLOCK)) {
    if (match[1] === undefined) continue;
    const lineStart = text.lastIndexOf('\n', match.index - 1) + 1;
    const lineEnd = text.indexOf('\n', lineStart);
    if (kindOf(text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd)) === 'pre') continue;
    found.push(match as RegExpExecArray);
  }
  return found;
}

/** Converts one page of DokuWiki text to Markdown, with the report of what did not convert exactly. */
export function convertPage(source: string, options: ConvertOptions = {}): Conversion {
  const text = source.replace(/\r\n?/g, '\n');
  const pageId = options.pageId ?? '';
  const own = headingsOf(text);
  const lookup = options.headingsOf ?? (() => null);
  const state = newInlineState(
    {
      pageId,
      useslash: options.useslash ?? false,
      start: options.start ?? 'start',
      headingsOf: (id) => (id === pageId ? own : lookup(id)),
    },
    options.interwiki ?? DOKUWIKI_INTERWIKI,
    options.keepInterwiki ?? false,
  );
  const blocks: string[] = [];
  let last = 0;
  for (const match of codeBlocks(text)) {
    const before = text.slice(last, match.index);
    blocks.push(...convertBlocks(before, state));
    // A block that starts in a list item stays inside that item, under its content column.
    const pad = ' '.repeat(listItemPad(before));
    const code = codeBlock(match[1]!, match[2] ?? '', match[3] ?? '', state);
    blocks.push(code.replace(/^(?=.)/gm, pad));
    last = match.index + match[0].length;
  }
  blocks.push(...convertBlocks(text.slice(last), state));
  const notes = state.footnotes.map((note, i) => `[^${i + 1}]: ${note}`);
  if (notes.length > 0) blocks.push(notes.join('\n'));
  const body = blocks.filter((block) => block !== '').join('\n\n');
  return { markdown: body === '' ? '' : `${body}\n`, unconverted: state.unconverted };
}

/** Converts one page of DokuWiki text to Markdown. */
export function dokuwikiToMarkdown(source: string, options: ConvertOptions = {}): string {
  return convertPage(source, options).markdown;
}

/** A fence longer than any run of backticks in the code, so the code cannot close it early. */
export function fence(code: string, info = ''): string {
  const longest = Math.max(2, ...Array.from(code.matchAll(/`+/g), (m) => m[0].length));
  const marks = '`'.repeat(longest + 1);
  return `${marks}${info}\n${code}${code === '' ? '' : '\n'}${marks}`;
}

// `<code php>`, `<file php name.php>`: the language goes first in the info string, the file
// name after it (markdown-it reads only the first word; the name stays in the source).
function codeBlock(tag: string, attributes: string, body: string, state: InlineState): string {
  const words = attributes.trim().split(/\s+/).filter((word) => word !== '');
  const lower = tag.toLowerCase();
  if (lower === 'html' || lower === 'php') {
    noteUnconverted(state, `<${tag}> block (shown as code, not run)`);
    words.unshift(lower);
  }
  else if (words[0] === '-') words[0] = 'text';
  const code = body.replace(/^[ \t]*\n/, '').replace(/\n[ \t]*$/, '');
  return fence(code, words.join(' '));
}

type Kind = 'list' | 'table' | 'pre' | 'quote';

function kindOf(line: string): Kind | null {
  if (LIST_ITEM.test(line)) return 'list';
  if (TABLE_ROW.test(line)) return 'table';
  if (PREFORMATTED.test(line) && line.trim() !== '') return 'pre';
  if (QUOTE.test(line)) return 'quote';
  return null;
}

function convertBlocks(text: string, state: InlineState): string[] {
  const blocks: string[] = [];
  const lines = text.split('\n');
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) blocks.push(convertParagraph(paragraph.join('\n'), state));
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const kind = kindOf(line);
    if (kind !== null) {
      flush();
      const group: string[] = [];
      while (i < lines.length && kindOf(lines[i] ?? '') === kind) group.push(lines[i++] ?? '');
      i--;
      blocks.push(convertGroup(kind, group, state));
      continue;
    }
    const trimmed = line.trim();
    const heading = HEADING.exec(line);
    if (trimmed === '' || heading || RULE.test(line) || trimmed === '~~NOCACHE~~' || trimmed === '~~NOTOC~~') flush();
    if (heading) blocks.push(convertHeading(heading[1] ?? '', heading[2] ?? ''));
    else if (RULE.test(line)) blocks.push('---');
    else if (trimmed === '~~NOTOC~~') blocks.push('~~NOTOC~~');
    else if (trimmed !== '' && trimmed !== '~~NOCACHE~~') paragraph.push(line.replace(/^[ \t]+/, ''));
  }
  flush();
  return blocks;
}

function convertGroup(kind: Kind, lines: string[], state: InlineState): string {
  switch (kind) {
    case 'list':
      return convertList(lines, state);
    case 'table':
      if (lines.some((line) => /\|\||\^\^|^[|^]\s*:::\s*[|^]|[|^]\s*:::\s*[|^]/.test(line.trim()))) {
        noteUnconverted(state, 'table cell spans (merged cells split into empty ones)');
      }
      return convertTable(lines, (cell) => convertInline(cell, state, { atLineStart: false, inTable: true }));
    case 'pre':
      return fence(lines.map((line) => PREFORMATTED.exec(line)?.[2] ?? line).join('\n'));
    case 'quote':
      return convertQuote(lines, state);
  }
}

// DokuWiki: six '=' is level 1 … two '=' is level 5. Heading text is not parsed for markup there.
function convertHeading(marks: string, title: string): string {
  const level = Math.min(5, Math.max(1, 7 - Math.min(marks.length, 6)));
  return `${'#'.repeat(level)} ${escapeText(title.trim(), false).replace(/#/g, '\\#')}`;
}

function convertParagraph(text: string, state: InlineState): string {
  return convertInline(text, state, { atLineStart: true, inTable: false });
}

interface ListItemLayout {
  indent: number;
  marker: string;
  content: string;
}

// Each item is one line; its level is its indentation in pairs of spaces (a tab counts as two).
// Markdown nests an item under its parent's content column: 2 for '- ', 3 for '1. '.
function listLayout(lines: readonly string[]): ListItemLayout[] {
  const items: ListItemLayout[] = [];
  const stack: Array<{ level: number; indent: number; width: number }> = [];
  for (const line of lines) {
    const match = LIST_ITEM.exec(line);
    if (!match) continue;
    const level = Math.max(1, Math.floor(match[1]!.replace(/\t/g, '  ').length / 2));
    while (stack.length > 0 && stack.at(-1)!.level >= level) stack.pop();
    const parent = stack.at(-1);
    const indent = parent ? parent.indent + parent.width : 0;
    const marker = match[2] === '-' ? '1. ' : '- ';
    stack.push({ level, indent, width: marker.length });
    items.push({ indent, marker, content: match[3] ?? '' });
  }
  return items;
}

/** The content column of the list item `text` ends in, 0 when it does not end in one. */
function listItemPad(text: string): number {
  const lines = text.split('\n');
  if (!LIST_ITEM.test(lines.at(-1) ?? '')) return 0;
  let first = lines.length - 1;
  while (first > 0 && kindOf(lines[first - 1] ?? '') === 'list') first--;
  const last = listLayout(lines.slice(first)).at(-1);
  return last ? last.indent + last.marker.length : 0;
}

function convertList(lines: string[], state: InlineState): string {
  return listLayout(lines)
    .map(({ indent, marker, content }) => {
      const pad = ' '.repeat(indent + marker.length);
      const converted = convertInline(content, state, { atLineStart: true, inTable: false }).replace(/\n/g, `\n${pad}`);
      return `${' '.repeat(indent)}${marker}${converted}`;
    })
    .join('\n');
}

// Each DokuWiki quote line is its own line: keep them apart with hard breaks.
function convertQuote(lines: string[], state: InlineState): string {
  return lines
    .map((line, i) => {
      const match = QUOTE.exec(line)!;
      const depth = match[1]!.length;
      const content = convertInline(match[2] ?? '', state, { atLineStart: true, inTable: false });
      const nextDepth = QUOTE.exec(lines[i + 1] ?? '')?.[1]?.length;
      const brk = nextDepth === depth && content !== '' ? '\\' : '';
      return `${'> '.repeat(depth)}${content}${brk}`;
    })
    .join('\n');
}
