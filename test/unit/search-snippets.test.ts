// Search snippets from a page's stored text (issue 13: FTS5's snippet() could take seconds a hit):
// the words around the first hit, hits marked, folded as the index folds them, bounded work.
import { describe, expect, it } from 'vitest';
import { SCAN_CHARS, snippetOf } from '../../src/finding/snippets.js';

const terms = (words: string[] = [], prefixes: string[] = [], phrases: string[] = []) => ({ words, prefixes, phrases });

describe('snippetOf', () => {
  it.each([
    ['a short text, whole', 'zucchini in bed number 1\n', terms(['zucchini']), '<mark>zucchini</mark> in bed number 1'],
    ['case and accents folded', 'Un élève studieux.', terms(['eleve', 'STUDIEUX']), 'Un <mark>élève</mark> <mark>studieux</mark>.'],
    ['a prefix', 'the gardener gardens', terms([], ['garden']), 'the <mark>gardener</mark> <mark>gardens</mark>'],
    ['a phrase marked as one', 'a big red fox and a red big fox', terms([], [], ['red fox']), 'a big <mark>red fox</mark> and a red big fox'],
    ['a word with inner punctuation is a phrase', 'send an e-mail today', terms(['e-mail']), 'send an <mark>e-mail</mark> today'],
    ['text escaped', 'kestrel <script> & "x"', terms(['kestrel']), '<mark>kestrel</mark> &lt;script&gt; &amp; &quot;x&quot;'],
    ['white space collapsed', 'one\n\n  two   three', terms(['two']), 'one <mark>two</mark> three'],
    ['no hit: the beginning', 'nothing to see here', terms(['absent']), 'nothing to see here'],
    ['nothing at all', '', terms(['x']), ''],
  ])('%s', (_name, text, wanted, html) => {
    expect(snippetOf(text, wanted)).toBe(html);
  });

  it('shows about two dozen words from a few before the first hit, with ellipses where the text goes on', () => {
    const words = Array.from({ length: 100 }, (_, i) => `w${i}`);
    words[50] = 'needle';
    const html = snippetOf(words.join(' '), terms(['needle']));
    expect(html).toBe(`…w46 w47 w48 w49 <mark>needle</mark> ${words.slice(51, 70).join(' ')}…`);
  });

  it('reads only the beginning of a huge page', () => {
    const text = `${'filler '.repeat(SCAN_CHARS / 7 + 10)}needle`;
    expect(snippetOf(text, terms(['needle']))).not.toContain('<mark>');
    expect(snippetOf(text, terms(['needle']))).toMatch(/^filler filler .*…$/);
  });

  it('marks a prefix covering many distinct words cheaply', () => {
    const text = Array.from({ length: 50_000 }, (_, i) => `ab${i.toString(36)}`).join(' ');
    const before = process.cpuUsage();
    for (let i = 0; i < 20; i++) snippetOf(text, terms([], ['ab']));
    const used = process.cpuUsage(before);
    expect((used.user + used.system) / 1000).toBeLessThan(1000);
  });
});
