// Counting the words of a page's Markdown: runs of letters and digits (joined by an apostrophe or
// a hyphen), with link targets, URLs and directives left out: only what a reader sees counts.
// Every pass scans forward once: the regular expressions these passes once were backtracked
// quadratically on a run of `{`, `[[|` or `](` (100 KB of `{` took 7 s on each save).
const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;
const WORDS_PER_MINUTE = 200;

/** Where the next of some characters is, remembered: later starts reuse a scan that went past them. */
function createFinder(text: string, stops: string) {
  let from = -1;
  let found = -1;
  return (start: number): number => {
    // The last answer holds for every start between its scan's beginning and what it found.
    if (start >= from && start <= found) return found;
    let at = start;
    while (at < text.length && !stops.includes(text[at]!)) at++;
    from = start;
    found = at;
    return at;
  };
}

/** The text with `{{…}}` (one line, no brace inside) and `~~WORD~~` replaced by a space. */
function withoutDirectives(text: string): string {
  const nextBrace = createFinder(text, '}\n');
  let out = '';
  let copied = 0;
  let i = 0;
  while (i < text.length - 1) {
    if (text.startsWith('{{', i)) {
      const stop = nextBrace(i + 2);
      if (text.startsWith('}}', stop)) {
        out += `${text.slice(copied, i)} `;
        i = copied = stop + 2;
        continue;
      }
    } else if (text.startsWith('~~', i)) {
      let end = i + 2;
      while (end < text.length && text[end]! >= 'A' && text[end]! <= 'Z') end++;
      if (end > i + 2 && text.startsWith('~~', end)) {
        out += `${text.slice(copied, i)} `;
        i = copied = end + 2;
        continue;
      }
    }
    i++;
  }
  return out + text.slice(copied);
}

/** `[[target|label]]` → label (a target holds no ']' or '|', a label no ']'). */
function wikiLinkLabels(text: string): string {
  const nextBarOrClose = createFinder(text, ']|');
  const nextClose = createFinder(text, ']');
  let out = '';
  let copied = 0;
  let i = text.indexOf('[[');
  while (i >= 0) {
    const bar = nextBarOrClose(i + 2);
    const close = text[bar] === '|' ? nextClose(bar + 1) : -1;
    if (close >= 0 && text.startsWith(']]', close)) {
      out += text.slice(copied, i) + text.slice(bar + 1, close);
      copied = close + 2;
      i = text.indexOf('[[', copied);
    } else {
      i = text.indexOf('[[', i + 1);
    }
  }
  return out + text.slice(copied);
}

const isSpace = (ch: string | undefined): boolean => ch !== undefined && /\s/.test(ch);

/** `](url)` and `](url "title")` → `]`, leaving a Markdown link's label. */
function withoutLinkUrls(text: string): string {
  const nextUrlEnd = createFinder(text, ') \t\n\r\f\v');
  const nextQuote = createFinder(text, '"');
  let out = '';
  let copied = 0;
  let i = text.indexOf('](');
  while (i >= 0) {
    let end = nextUrlEnd(i + 2);
    if (isSpace(text[end])) {
      let quote = end;
      while (isSpace(text[quote])) quote++;
      const closing = text[quote] === '"' ? nextQuote(quote + 1) : -1;
      end = closing >= 0 && closing < text.length ? closing + 1 : -1;
    }
    if (end >= 0 && text[end] === ')') {
      out += `${text.slice(copied, i)}]`;
      copied = end + 1;
      i = text.indexOf('](', copied);
    } else {
      i = text.indexOf('](', i + 1);
    }
  }
  return out + text.slice(copied);
}

const isAsciiLetter = (ch: string): boolean => (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
const isAsciiWord = (ch: string | undefined): boolean => ch !== undefined && (isAsciiLetter(ch) || (ch >= '0' && ch <= '9') || ch === '_');
const isSchemeChar = (ch: string): boolean => (isAsciiWord(ch) && ch !== '_') || ch === '+' || ch === '.' || ch === '-';

/** `scheme://…` up to the next white space → a space. */
function withoutUrls(text: string): string {
  let out = '';
  let copied = 0;
  let search = 0;
  for (let sep = text.indexOf('://', search); sep >= 0; sep = text.indexOf('://', search)) {
    // The scheme is the run of scheme characters before '://', from its first letter that starts a word.
    let runStart = sep;
    while (runStart > copied && isSchemeChar(text[runStart - 1]!)) runStart--;
    let start = runStart;
    while (start < sep && !(isAsciiLetter(text[start]!) && !isAsciiWord(text[start - 1]))) start++;
    if (start === sep || sep + 3 >= text.length || isSpace(text[sep + 3])) {
      search = sep + 1;
      continue;
    }
    let end = sep + 3;
    while (end < text.length && !isSpace(text[end])) end++;
    out += `${text.slice(copied, start)} `;
    search = copied = end;
  }
  return out + text.slice(copied);
}

function readableText(text: string): string {
  return withoutUrls(withoutLinkUrls(wikiLinkLabels(withoutDirectives(text))));
}

export function countWords(text: string): number {
  let words = 0;
  for (const _ of readableText(text).matchAll(WORD)) words++;
  return words;
}

/** Minutes at 200 words a minute, at least 1 for a page with any words. */
export function readingMinutes(words: number): number {
  return words === 0 ? 0 : Math.max(1, Math.round(words / WORDS_PER_MINUTE));
}
