// The renderer's public contract: what a caller passes in and what one render gives back.
import type MarkdownIt from 'markdown-it';

export type LinkState = 'exists' | 'missing' | 'hidden';

export interface RenderContext {
  /** The page being rendered: the context for relative links. */
  pageId: string;
  /**
   * 'hidden' means the reader may not read the page: the label is shown as plain text. Also asked
   * for the scope of media shown ('ns:*', '*'), where only 'hidden' matters.
   */
  linkState(id: string): LinkState;
  /** Used to resolve a namespace link (`ns:`) to its start page. */
  exists(id: string): boolean;
  startPage: string;
  /** URL of a page; the renderer appends '#anchor'. */
  pageUrl(id: string): string;
  /** Where `[[shortcut>reference]]` leads (a URL or a path), null for an unknown shortcut; absent: no interwiki. */
  interwiki?(shortcut: string, reference: string): string | null;
  /** HTML of the widget placed with `{{toolbox>NAME}}` (the `index`-th of the page); absent: nothing. */
  widget?(name: string, index: number): string;
}

/** A slice of the page's HTML, or the place of a toolbox widget, drawn anew for every reader. */
export type HtmlPart = { html: string } | { widget: string };

export interface TocEntry {
  level: number;
  text: string;
  anchor: string;
}

/** A heading that opens an editable section (SPEC §12): level 1–3, in the page itself, in order. */
export interface SectionHeading {
  /** 1-based, as `?do=edit&section=N` counts (src/pages/sections.ts finds the same headings). */
  number: number;
  level: number;
  text: string;
  anchor: string;
}

export interface RenderResult {
  html: string;
  /** `html` cut at each widget, so a cached render can draw its widgets again (assembleHtml). */
  parts: HtmlPart[];
  /** Every h1–h4 heading, in order. */
  toc: TocEntry[];
  /** The headings that open an editable section, in order. */
  sections: SectionHeading[];
  /** The text contained ~~NOTOC~~. */
  notoc: boolean;
  /** Text of the first heading. */
  title: string | null;
  /** Distinct internal page ids linked to, in order of appearance, without hashes or self anchors. */
  links: string[];
  /** Part of the page went past the render bounds (budget.ts) and is shown as plain text. */
  limited: boolean;
  /** Distinct ACL scopes of the media shown (`{{ns:file.png}}` → 'ns:*'); hidden ones are plain text. */
  mediaScopes: string[];
}

export type MarkdownExtension = (md: MarkdownIt) => void;

export interface Renderer {
  render(text: string, ctx: RenderContext): RenderResult;
  extractLinks(text: string, ctx: RenderContext): string[];
}
