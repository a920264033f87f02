// Footnotes as markdown-it-footnote 4 drew them (the .html fixtures were made by that plugin):
// our own linear rules must draw ordinary notes exactly the same.
import { readdirSync, readFileSync } from 'node:fs';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { footnotes } from '../../src/render/footnotes.js';

const dir = new URL('../fixtures/render/footnotes/', import.meta.url);
const names = readdirSync(dir).filter((name) => name.endsWith('.md'));

describe('footnotes', () => {
  const md = new MarkdownIt({ html: false, linkify: true }).use(footnotes);

  it.each(names)('%s is drawn as markdown-it-footnote drew it', (name) => {
    const text = readFileSync(new URL(name, dir), 'utf8');
    const expected = readFileSync(new URL(name.replace(/\.md$/, '.html'), dir), 'utf8');
    expect(md.render(text, {})).toBe(expected);
  });

  it('numbers a note referenced twice once, with two back links', () => {
    const html = md.render('a[^n] b[^n]\n\n[^n]: note', {});
    expect(html).toContain('<a href="#fn1" id="fnref1">[1]</a>');
    expect(html).toContain('<a href="#fn1" id="fnref1:1">[1:1]</a>');
    expect(html).toContain('<a href="#fnref1:1" class="footnote-backref">');
  });
});
