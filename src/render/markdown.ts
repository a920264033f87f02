// The one markdown-it instance of a renderer: CommonMark + GFM tables and strikethrough,
// footnotes, `~sub~` and `^sup^` (DokuWiki's <sub> and <sup>), and Quire's wiki syntax. Raw HTML
// stays off so page text cannot inject markup.
import MarkdownIt, { type PluginSimple } from 'markdown-it';
import footnote from 'markdown-it-footnote';
import subscript from 'markdown-it-sub';
import superscript from 'markdown-it-sup';
import { headings } from './headings.js';
import { linkTargets } from './links.js';
import { mediaSyntax } from './media.js';
import { notoc } from './notoc.js';
import { scrollingTables } from './tables.js';
import { toolboxDirective } from './toolbox.js';
import type { MarkdownExtension } from './types.js';
import { wikiLinks } from './wikilink.js';

// @types/markdown-it-footnote is typed against the CommonJS declarations of markdown-it,
// which TypeScript sees as a different class than the ES module one; the runtime is the same.
const footnotes = footnote as unknown as PluginSimple;

export function createMarkdown(extensions: readonly MarkdownExtension[]): MarkdownIt {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
  md.use(footnotes);
  md.use(subscript);
  md.use(superscript);
  md.use(notoc);
  md.use(wikiLinks);
  md.use(mediaSyntax);
  md.use(linkTargets);
  md.use(headings);
  md.use(toolboxDirective);
  md.use(scrollingTables);
  for (const extend of extensions) extend(md);
  return md;
}
