// Tables in a box that scrolls sideways (`.table-wrap`), so a wide table stays readable on a phone
// instead of squeezing its columns; the box takes keyboard focus, so it can be scrolled without a
// mouse (axe's scrollable-region-focusable). A column's alignment is a class (`align-right`), not
// markdown-it's style attribute: the Content-Security-Policy allows no inline style.
import type MarkdownIt from 'markdown-it';
import type { RendererRule } from 'markdown-it';

const ALIGNMENT = /^text-align:(left|right|center)$/;

const alignedCell: RendererRule = (tokens, index, options, _env, self) => {
  const cell = tokens[index]!;
  const style = cell.attrGet('style');
  if (style !== null) {
    cell.attrs = (cell.attrs ?? []).filter(([name]) => name !== 'style');
    const align = ALIGNMENT.exec(style)?.[1];
    if (align) cell.attrJoin('class', `align-${align}`);
  }
  return self.renderToken(tokens, index, options);
};

export function scrollingTables(md: MarkdownIt): void {
  md.renderer.rules.table_open = (tokens, index, options, _env, self) =>
    `<div class="table-wrap" tabindex="0">\n${self.renderToken(tokens, index, options)}`;
  md.renderer.rules.table_close = (tokens, index, options, _env, self) => `${self.renderToken(tokens, index, options)}</div>\n`;
  md.renderer.rules.th_open = alignedCell;
  md.renderer.rules.td_open = alignedCell;
}
