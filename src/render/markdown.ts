// The one markdown-it instance of a renderer: CommonMark + GFM tables and strikethrough,
// footnotes, `~sub~` and `^sup^` (DokuWiki's <sub> and <sup>), and Quire's wiki syntax. Raw HTML
// stays off so page text cannot inject markup; the render budget bounds the work of one page.
import MarkdownIt from 'markdown-it';
import subscript from 'markdown-it-sub';
import superscript from 'markdown-it-sup';
import { renderBudget } from './budget.js';
import { footnotes } from './footnotes.js';
import { headings } from './headings.js';
import { linkTargets } from './links.js';
import { mediaSyntax } from './media.js';
import { notoc } from './notoc.js';
import { scrollingTables } from './tables.js';
import { toolboxDirective } from './toolbox.js';
import type { MarkdownExtension } from './types.js';
import { wikiLinks } from './wikilink.js';

export function createMarkdown(extensions: readonly MarkdownExtension[]): MarkdownIt {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
  md.use(renderBudget);
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
