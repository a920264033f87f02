// Tables in a box that scrolls sideways (`.table-wrap`), so a wide table stays readable on a phone
// instead of squeezing its columns; the box takes keyboard focus, so it can be scrolled without a
// mouse (axe's scrollable-region-focusable). A column's alignment (`|:-|-:|`) is a class rather
// than markdown-it's `style` attribute, which a strict Content Security Policy blocks.
import type MarkdownIt from 'markdown-it';
import type { StateCore } from 'markdown-it';

const ALIGN = /^text-align:(left|center|right)$/;

function alignmentClasses(state: StateCore): void {
  for (const token of state.tokens) {
    if (token.type !== 'th_open' && token.type !== 'td_open') continue;
    const align = ALIGN.exec(token.attrGet('style') ?? '')?.[1];
    if (!align) continue;
    token.attrs = (token.attrs ?? []).filter(([name]) => name !== 'style');
    token.attrJoin('class', `align-${align}`);
  }
}

export function scrollingTables(md: MarkdownIt): void {
  md.core.ruler.push('quire_table_alignment', alignmentClasses);
  md.renderer.rules.table_open = (tokens, index, options, _env, self) =>
    `<div class="table-wrap" tabindex="0">\n${self.renderToken(tokens, index, options)}`;
  md.renderer.rules.table_close = (tokens, index, options, _env, self) => `${self.renderToken(tokens, index, options)}</div>\n`;
}
