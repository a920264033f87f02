// Tables in a box that scrolls sideways (`.table-wrap`), so a wide table stays readable on a phone
// instead of squeezing its columns; the box takes keyboard focus, so it can be scrolled without a
// mouse (axe's scrollable-region-focusable).
import type MarkdownIt from 'markdown-it';

export function scrollingTables(md: MarkdownIt): void {
  md.renderer.rules.table_open = (tokens, index, options, _env, self) =>
    `<div class="table-wrap" tabindex="0">\n${self.renderToken(tokens, index, options)}`;
  md.renderer.rules.table_close = (tokens, index, options, _env, self) => `${self.renderToken(tokens, index, options)}</div>\n`;
}
