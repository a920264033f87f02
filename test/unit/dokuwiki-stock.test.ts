// DokuWiki's stock pages are left out of an import when unchanged from stock (issue 12, item 1).
import { describe, expect, it } from 'vitest';
import { isStockPage, stockDigest } from '../../src/dokuwiki/stock.js';

describe('isStockPage', () => {
  it.each([
    ['a stock page DokuWiki never logged an edit of', 'wiki:syntax', '====== Formatting Syntax ======', false, true],
    ['the welcome page, never edited', 'wiki:welcome', 'Welcome', false, true],
    ['a stock page edited in DokuWiki', 'wiki:dokuwiki', 'Our own text about our wiki', true, false],
    ['another page without a changelog', 'wiki:other', 'x', false, false],
    ['a deleted stock page', 'wiki:syntax', null, false, false],
  ])('%s', (_name, id, text, logged, expected) => {
    expect(isStockPage(id, text, logged)).toBe(expected);
  });

  it('knows stock texts by a digest that ignores line ends and trailing spaces', () => {
    expect(stockDigest('a  \r\nb\n\n')).toBe(stockDigest('a\nb'));
    expect(stockDigest('a\nb')).not.toBe(stockDigest('a\nc'));
  });
});
