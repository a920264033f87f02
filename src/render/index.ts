// The renderer: page text (Markdown + wiki links) → HTML, table of contents, title and links.
import { budgetOf } from './budget.js';
import { createEnv } from './env.js';
import { createMarkdown } from './markdown.js';
import { assembleHtml, renderParts } from './toolbox.js';
import type { MarkdownExtension, RenderContext, RenderResult, Renderer } from './types.js';

export { assembleHtml } from './toolbox.js';
export { RENDER_LIMITS } from './budget.js';
export type { HtmlPart, LinkState, MarkdownExtension, RenderContext, RenderResult, Renderer, SectionHeading, TocEntry } from './types.js';

export function createRenderer(options: { extensions?: MarkdownExtension[] } = {}): Renderer {
  const md = createMarkdown(options.extensions ?? []);
  return {
    render(text: string, ctx: RenderContext): RenderResult {
      const env = createEnv(ctx, true);
      const parts = renderParts(md, md.parse(text, env), env);
      const html = assembleHtml(parts, ctx.widget?.bind(ctx));
      const { toc, sections, notoc, title, links, mediaScopes } = env.quire;
      return { html, parts, toc, sections, notoc, title, links, mediaScopes, limited: budgetOf(env).over };
    },
    extractLinks(text: string, ctx: RenderContext): string[] {
      const env = createEnv(ctx, false);
      md.parse(text, env);
      return env.quire.links;
    },
  };
}
