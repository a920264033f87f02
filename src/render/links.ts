// Every link token after parsing: external URLs get their class and rel, page targets
// (`[[…]]` or a Markdown link without a URL scheme) are resolved, recorded and classed,
// and links the reader may not follow are reduced to their label.
import type MarkdownIt from 'markdown-it';
import type { StateCore, Token } from 'markdown-it';
import { roomForLink } from './budget.js';
import { recordLink, renderStateOf, type RenderState } from './env.js';
import { hasUrlScheme, readWikiTarget } from './link-target.js';
import { wikiTargetOf } from './wikilink.js';

function decorateExternal(token: Token): void {
  token.attrSet('class', 'urlextern');
  token.attrSet('rel', 'nofollow ugc noopener');
}

// A title the writer gave a Markdown link is kept; otherwise it shows the page id.
function setPageAttrs(token: Token, href: string, className: string, id: string): void {
  token.attrSet('href', href);
  token.attrSet('class', className);
  if (!token.attrGet('title')) token.attrSet('title', id);
}

/** Returns false when the link must be dropped, leaving its label as text. */
function decoratePage(token: Token, target: string, state: RenderState): boolean {
  const link = readWikiTarget(target, state.ctx);
  if (!link) return false;
  if (!link.self) recordLink(state, link.id);
  if (!state.decorate) return true;
  const hash = link.anchor === '' ? '' : `#${link.anchor}`;
  if (link.self) {
    setPageAttrs(token, hash, 'wikilink', link.id);
    return true;
  }
  const linkState = state.ctx.linkState(link.id);
  if (linkState === 'hidden') return false;
  setPageAttrs(token, state.ctx.pageUrl(link.id) + hash, linkState === 'exists' ? 'wikilink' : 'wikilink-missing', link.id);
  if (linkState === 'missing') token.attrSet('rel', 'nofollow');
  return true;
}

function decorate(token: Token, state: RenderState, core: StateCore): boolean {
  const wikiTarget = wikiTargetOf(token);
  // `[[…]]` counted against the page's bound on links when parsed (wikilink.ts).
  if (wikiTarget !== null) return decoratePage(token, wikiTarget, state);
  const href = token.attrGet('href') ?? '';
  if (hasUrlScheme(href) || href.startsWith('//')) {
    if (state.decorate) decorateExternal(token);
    return true;
  }
  // A path on this site ('/_/search') is left as written.
  if (href.startsWith('/') || href.startsWith('?')) return true;
  return roomForLink(core.env as object) && decoratePage(token, core.md.normalizeLinkText(href), state);
}

// Copies the children only when a link is dropped; links never nest, so the next
// link_close after a dropped link_open is its pair.
function decorateChildren(children: Token[], state: RenderState, core: StateCore): Token[] {
  let kept: Token[] | null = null;
  let dropping = false;
  for (let i = 0; i < children.length; i++) {
    const token = children[i]!;
    let drop = false;
    if (token.type === 'link_open') {
      dropping = !decorate(token, state, core);
      drop = dropping;
    } else if (token.type === 'link_close' && dropping) {
      dropping = false;
      drop = true;
    }
    if (drop) kept ??= children.slice(0, i);
    else kept?.push(token);
  }
  return kept ?? children;
}

function decorateLinks(core: StateCore): void {
  const state = renderStateOf(core.env);
  if (!state) return;
  for (const block of core.tokens) {
    if (block.type === 'inline' && block.children) block.children = decorateChildren(block.children, state, core);
  }
}

export function linkTargets(md: MarkdownIt): void {
  md.core.ruler.push('quire_links', decorateLinks);
}
