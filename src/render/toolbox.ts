// `{{toolbox>NAME}}` on a line of its own places a toolbox widget: a block rule makes a `toolbox`
// token, and the HTML is cut there into parts, so the widget is drawn for each reader, never cached.
import type MarkdownIt from 'markdown-it';
import type { StateBlock, Token } from 'markdown-it';
import type { HtmlPart, RenderContext } from './types.js';

const OPEN = '{{toolbox>';
const CLOSE = '}}';
const BRACE = 0x7b;

export interface ToolboxMeta {
  widget: string;
}

function widgetOf(token: Token): string | null {
  const meta = token.meta as Partial<ToolboxMeta> | null;
  return token.type === 'toolbox' && typeof meta?.widget === 'string' ? meta.widget : null;
}

function toolboxBlock(state: StateBlock, startLine: number, _endLine: number, silent: boolean): boolean {
  if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
  const start = state.bMarks[startLine]! + state.tShift[startLine]!;
  if (state.src.charCodeAt(start) !== BRACE || !state.src.startsWith(OPEN, start)) return false;
  const line = state.src.slice(start, state.eMarks[startLine]).trimEnd();
  if (!line.endsWith(CLOSE)) return false;
  const name = line.slice(OPEN.length, -CLOSE.length).trim();
  if (name === '' || name.includes('}')) return false;
  if (silent) return true;
  const token = state.push('toolbox', 'div', 0);
  token.block = true;
  token.map = [startLine, startLine + 1];
  token.meta = { widget: name } satisfies ToolboxMeta;
  state.line = startLine + 1;
  return true;
}

export function toolboxDirective(md: MarkdownIt): void {
  md.block.ruler.before('paragraph', 'toolbox', toolboxBlock, { alt: ['paragraph'] });
  // Drawn by assembleHtml from the parts; a bare md.render() leaves nothing in its place.
  md.renderer.rules.toolbox = () => '';
}

/** Renders the tokens, cutting the HTML at each widget. Renderer rules look at neighbouring tokens only for line breaks, which a cut leaves as they were. */
export function renderParts(md: MarkdownIt, tokens: Token[], env: unknown): HtmlPart[] {
  const parts: HtmlPart[] = [];
  let from = 0;
  const flush = (to: number) => {
    if (to > from) parts.push({ html: md.renderer.render(tokens.slice(from, to), md.options, env) });
  };
  tokens.forEach((token, index) => {
    const widget = widgetOf(token);
    if (widget === null) return;
    flush(index);
    parts.push({ widget });
    from = index + 1;
  });
  if (from === 0) return [{ html: md.renderer.render(tokens, md.options, env) }];
  flush(tokens.length);
  return parts;
}

/** The page HTML with each widget drawn by `ctx.widget` (nothing when it is absent). */
export function assembleHtml(parts: readonly HtmlPart[], widget: RenderContext['widget']): string {
  const only = parts[0];
  if (parts.length === 1 && only && 'html' in only) return only.html;
  let index = 0;
  return parts.map((part) => ('html' in part ? part.html : (widget?.(part.widget, index++) ?? ''))).join('');
}
