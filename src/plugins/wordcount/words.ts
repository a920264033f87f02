// Counting the words of a page's Markdown: runs of letters and digits (joined by an apostrophe or
// a hyphen), with link targets, URLs and directives left out: only what a reader sees counts.
const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;
const WORDS_PER_MINUTE = 200;

// `[[target|label]]` → label, `[label](url)` → label; URLs, `{{…}}` directives and `~~NOTOC~~` → nothing.
function readableText(text: string): string {
  return text
    .replace(/\{\{[^}\n]*\}\}|~~[A-Z]+~~/g, ' ')
    .replace(/\[\[([^\]|]*)\|([^\]]*)\]\]/g, '$2')
    .replace(/\]\([^)\s]*(?:\s+"[^"]*")?\)/g, ']')
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, ' ');
}

export function countWords(text: string): number {
  return readableText(text).match(WORD)?.length ?? 0;
}

/** Minutes at 200 words a minute, at least 1 for a page with any words. */
export function readingMinutes(words: number): number {
  return words === 0 ? 0 : Math.max(1, Math.round(words / WORDS_PER_MINUTE));
}
