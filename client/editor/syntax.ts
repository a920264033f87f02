// Markdown as Quire reads it, for highlighting: CommonMark and GFM from @codemirror/lang-markdown,
// plus DokuWiki's `[[wiki links]]` and `{{media}}` as tokens of their own. Colours are classes
// styled by quire.css with the site's palette variables, so the dark palette needs nothing here.
import { markdownKeymap, markdownLanguage, pasteURLAsLink } from '@codemirror/lang-markdown';
import { HighlightStyle, Language, LanguageSupport, syntaxHighlighting } from '@codemirror/language';
import { Prec, type Extension } from '@codemirror/state';
import { keymap } from '@codemirror/view';
import { Tag, tags } from '@lezer/highlight';
import { MarkdownParser, type InlineContext, type MarkdownConfig } from '@lezer/markdown';

const NEWLINE = 10;
const wikiLinkTag = Tag.define();
const mediaTag = Tag.define();

/** An inline parser for `open open … close close` on one line, as one node named `name`. */
function pairedParser(name: string, open: number, close: number) {
  return {
    name,
    before: 'Link',
    parse(cx: InlineContext, next: number, pos: number): number {
      if (next !== open || cx.char(pos + 1) !== open) return -1;
      for (let at = pos + 2; at < cx.end - 1; at++) {
        const char = cx.char(at);
        if (char === NEWLINE) return -1;
        if (char === close && cx.char(at + 1) === close) return cx.addElement(cx.elt(name, pos, at + 2));
      }
      return -1;
    },
  };
}

const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

export const wikiSyntax: MarkdownConfig = {
  defineNodes: [
    { name: 'WikiLink', style: wikiLinkTag },
    { name: 'WikiMedia', style: mediaTag },
  ],
  parseInline: [pairedParser('WikiLink', OPEN_BRACKET, CLOSE_BRACKET), pairedParser('WikiMedia', OPEN_BRACE, CLOSE_BRACE)],
};

const highlightStyle = HighlightStyle.define([
  { tag: tags.heading1, class: 'cm-md-heading cm-md-h1' },
  { tag: tags.heading2, class: 'cm-md-heading cm-md-h2' },
  { tag: tags.heading3, class: 'cm-md-heading cm-md-h3' },
  { tag: [tags.heading4, tags.heading5, tags.heading6], class: 'cm-md-heading' },
  { tag: tags.strong, class: 'cm-md-strong' },
  { tag: tags.emphasis, class: 'cm-md-em' },
  { tag: tags.strikethrough, class: 'cm-md-strike' },
  { tag: [tags.link, tags.url], class: 'cm-md-link' },
  { tag: tags.monospace, class: 'cm-md-code' },
  { tag: tags.quote, class: 'cm-md-quote' },
  { tag: [tags.processingInstruction, tags.contentSeparator, tags.meta], class: 'cm-md-mark' },
  { tag: wikiLinkTag, class: 'cm-md-wikilink' },
  { tag: mediaTag, class: 'cm-md-media' },
]);

/**
 * GFM Markdown with the wiki tokens. Built from lang-markdown's parts rather than its `markdown()`,
 * which always brings HTML, CSS and JavaScript parsers for raw HTML — markup Quire does not render
 * (`html: false`) — and would more than double the bundle.
 */
export function wikiMarkdown(): Extension {
  const base = markdownLanguage.parser;
  if (!(base instanceof MarkdownParser)) throw new Error('lang-markdown has no Markdown parser');
  const language = new Language(markdownLanguage.data, base.configure([wikiSyntax]), [], 'markdown');
  return [
    new LanguageSupport(language, [pasteURLAsLink, Prec.high(keymap.of(markdownKeymap))]),
    syntaxHighlighting(highlightStyle),
  ];
}

/** Names of the syntax nodes that are headings (`# ATX` and setext). */
export const isHeadingNode = (name: string): boolean => /^(ATX|Setext)Heading\d$/.test(name);
