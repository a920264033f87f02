// Escaping for the XML written by hand (feeds, sitemap): text and attribute values, with the
// characters XML 1.0 forbids dropped, so that a stray control character cannot break a feed.

// Everything outside XML 1.0's Char production, lone surrogates included.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text or attribute value (either quote style) safe to put between tags or in an attribute. */
export function xmlEscape(value: string): string {
  return value.replace(NOT_XML_CHAR, '').replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';
