// DokuWiki's stock pages (wiki:syntax, wiki:dokuwiki, wiki:welcome) describe DokuWiki, its markup and
// its first steps, not the wiki that is moving in: unchanged from stock, the import leaves them out
// and Quire's own help stays. "Unchanged" is a text known from a DokuWiki release, or a page DokuWiki
// never logged an edit of (its releases ship these files without a changelog).
import crypto from 'node:crypto';

export const STOCK_PAGES: readonly string[] = ['wiki:syntax', 'wiki:dokuwiki', 'wiki:welcome'];

// SHA-256 of the texts shipped by DokuWiki 2022-07-31 "Igor" and 2025/2026 releases, after
// stockDigest's normalisation.
const KNOWN: ReadonlySet<string> = new Set([
  '4f1b96a2a25f98cf02e64c4786c2a45e1258c35a6802e4b6148cae323573df0a',
  'f49ae5a3cc417960e2eadf55cdce6be47ac7c874e3514c507e15bb6f94db9f32',
  '2af4ca77c809aed829f1f000fa0cdeb7e9068707079ce6ca3dd7ec033bbf8c2f',
  '65c1ddd0502ecc33c9cf0e5dde392e3ffde3421fc0334218d469d0d5d0b0002d',
]);

/** The digest a stock text is known by: line ends, trailing spaces and surrounding blank lines do not count. */
export function stockDigest(text: string): string {
  const normal = text.replace(/\r\n?/g, '\n').split('\n').map((line) => line.trimEnd()).join('\n').trim();
  return crypto.createHash('sha256').update(normal).digest('hex');
}

/** Whether page `id` with current `text` is DokuWiki's stock copy; `logged`: it has a changelog. */
export function isStockPage(id: string, text: string | null, logged: boolean): boolean {
  if (!STOCK_PAGES.includes(id) || text === null) return false;
  return !logged || KNOWN.has(stockDigest(text));
}
