// Section editing (SPEC §12, DokuWiki's secedit): where each level 1–3 heading's section of a page
// text starts and ends, and splicing an edited section back. Pure functions of the text.
import type MarkdownIt from 'markdown-it';
import { createMarkdown } from '../render/markdown.js';

/** Headings of these levels open an editable section, as DokuWiki's default `maxseclevel`. */
export const MAX_SECTION_LEVEL = 3;

export interface Section {
  /** 1-based, counting level 1–3 headings in document order. */
  number: number;
  level: number;
  /** Offset of the first line of the heading (a setext heading's text starts there). */
  start: number;
  /** Offset of the line after the section's last: the next heading of the same or a higher level, or the text's end. */
  end: number;
}

// Headings are found with Quire's own block syntax, so a section link counts exactly the headings
// the page shows: fenced and indented code, tables, quotes and lists are told apart as the renderer
// does. Inline parsing is off: only the block structure matters. The parser keeps no state between
// calls, like a compiled regular expression.
let blockParser: MarkdownIt | undefined;
function parser(): MarkdownIt {
  blockParser ??= createMarkdown([]).disable(['inline']);
  return blockParser;
}

/** Offsets where each line starts, with the line breaks markdown-it knows: CRLF, CR and LF. */
function lineStarts(text: string): number[] {
  const starts = [0];
  const breaks = /\r\n?|\n/g;
  for (let match = breaks.exec(text); match; match = breaks.exec(text)) starts.push(match.index + match[0].length);
  return starts;
}

interface Heading {
  level: number;
  line: number;
}

/** Headings of the page itself (not inside a quote, a list or a footnote), in order. */
function topLevelHeadings(text: string): Heading[] {
  const headings: Heading[] = [];
  for (const token of parser().parse(text, {})) {
    if (token.type !== 'heading_open' || token.level !== 0 || !token.map) continue;
    headings.push({ level: Number(token.tag.slice(1)), line: token.map[0] });
  }
  return headings;
}

/** The editable sections of `text`, in document order. */
export function sectionsOf(text: string): Section[] {
  const starts = lineStarts(text);
  const offset = (line: number) => starts[line] ?? text.length;
  const headings = topLevelHeadings(text).filter((heading) => heading.level <= MAX_SECTION_LEVEL);
  return headings.map((heading, index) => {
    const next = headings.slice(index + 1).find((later) => later.level <= heading.level);
    return { number: index + 1, level: heading.level, start: offset(heading.line), end: next ? offset(next.line) : text.length };
  });
}

export function sectionOf(text: string, number: number): Section | undefined {
  return sectionsOf(text).find((section) => section.number === number);
}

/** The source of section `number`, from its heading to the line before its end. */
export function sectionText(text: string, number: number): string | undefined {
  const section = sectionOf(text, number);
  return section && text.slice(section.start, section.end);
}

/** Whether a heading begins exactly at `offset` of `text`. */
function headingStartsAt(text: string, offset: number): boolean {
  return sectionsOf(text).some((section) => section.start === offset) || text.slice(offset).trim() === '';
}

/**
 * `text` with section `number` replaced by `replacement`; undefined when there is no such section.
 * As DokuWiki's `con()`, a line break is added between the new section and what follows when the
 * new text does not end with one; and when the text after would otherwise run into the new
 * section (a setext heading whose line would join the paragraph before it), a blank line too.
 * Putting a section's own text back gives `text` byte for byte.
 */
export function spliceSection(text: string, number: number, replacement: string): string | undefined {
  const section = sectionOf(text, number);
  if (!section) return undefined;
  const before = text.slice(0, section.start);
  const after = text.slice(section.end);
  if (after === '') return before + replacement;
  let middle = /[\r\n]$/.test(replacement) || replacement === '' ? replacement : `${replacement}\n`;
  const joined = before + middle + after;
  if (headingStartsAt(joined, before.length + middle.length)) return joined;
  middle += '\n';
  return before + middle + after;
}
