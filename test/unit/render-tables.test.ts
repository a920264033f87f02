// Tables in page text: a column's alignment is a class, never a style attribute (a strict Content
// Security Policy blocks those), and the table scrolls in a focusable box.
import { describe, expect, it } from 'vitest';
import { idToPath } from '../../src/pages/page-id.js';
import { createRenderer } from '../../src/render/index.js';

const renderer = createRenderer();
const render = (text: string) => renderer.render(text, { pageId: 'p', linkState: () => 'exists', exists: () => true, startPage: 'start', pageUrl: idToPath }).html;

describe('tables', () => {
  it('write column alignment as classes', () => {
    const html = render('| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |\n');
    expect(html).not.toContain('style=');
    expect(html).toContain('<th class="align-left">a</th>');
    expect(html).toContain('<th class="align-center">b</th>');
    expect(html).toContain('<td class="align-right">3</td>');
    expect(html).toContain('<td>4</td>');
    expect(html).toMatch(/^<div class="table-wrap" tabindex="0">/);
  });
});
