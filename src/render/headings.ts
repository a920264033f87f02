// Heading anchors (DokuWiki's sectionID, unique per page), the table of contents and the title.
import type MarkdownIt from 'markdown-it';
import type { StateCore, Token } from 'markdown-it';
import { renderStateOf } from './env.js';

const TOC_MAX_LEVEL = 4;
/** Headings up to this level open an editable section (src/pages/sections.ts). */
const SECTION_MAX_LEVEL = 3;

function plainText(children: readonly Token[]): string {
  let text = '';
  for (const child of children) {
    if (child.type === 'text' || child.type === 'code_inline') text += child.content;
    else if (child.type === 'softbreak' || child.type === 'hardbreak') text += ' ';
  }
  return text.trim();
}

function anchorHeadings(core: StateCore): void {
  const state = renderStateOf(core.env);
  if (!state) return;
  const tokens = core.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const open = tokens[i]!;
    if (open.type !== 'heading_open') continue;
    const text = plainText(tokens[i + 1]?.children ?? []);
    const anchor = state.anchorFor(text);
    open.attrSet('id', anchor);
    const level = Number(open.tag.slice(1));
    if (level <= TOC_MAX_LEVEL) state.toc.push({ level, text, anchor });
    // Only the page's own headings, not those inside a quote or a list: as the section splitter.
    if (level <= SECTION_MAX_LEVEL && open.level === 0) state.sections.push({ number: state.sections.length + 1, level, text, anchor });
    if (state.title === null && text !== '') state.title = text;
  }
}

// Runs after the link rule so that hidden links already count as their label only.
export function headings(md: MarkdownIt): void {
  md.core.ruler.push('quire_headings', anchorHeadings);
}
