// Templates draw partials through the explicit `partial(NAME, DATA)` (src/wiki.ts), never through
// eta's `include`, which would copy the parent's whole data into each partial; and no template
// calls back into the domain while it draws: the layout's plugin parts arrive as data.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db.js';
import { createWiki } from '../../src/wiki.js';

const VIEWS = new URL('../../views/', import.meta.url);

function templates(dir = VIEWS, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return templates(new URL(`${entry.name}/`, dir), `${prefix}${entry.name}/`);
    return entry.name.endsWith('.eta') ? [`${prefix}${entry.name}`] : [];
  });
}

const source = (name: string) => fs.readFileSync(new URL(name, VIEWS), 'utf8');

describe('templates', () => {
  it.each(templates())('%s uses partial(), never include()', (name) => {
    expect(source(name)).not.toMatch(/\binclude(Async)?\(/);
  });

  it.each(templates())('%s calls no plugin parts while it draws', (name) => {
    expect(source(name)).not.toMatch(/pluginChrome/);
  });
});

describe('partial()', () => {
  it('gives a partial exactly the data it is passed', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-views-'));
    const db = openDatabase(dir);
    try {
      const { eta } = createWiki(db);
      const html = eta.renderString(`<%~ partial('/plugin-menu', { items: [{ name: 'x', href: '/x', label: it.label }] }) %>`, { label: 'Label', items: 'not this' });
      expect(html.trim()).toBe('<li class="tool-x"><a href="/x">Label</a></li>');
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
