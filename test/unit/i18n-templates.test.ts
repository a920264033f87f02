// Every string of the interface comes from the catalogues: English and French have the same keys
// and placeholders (Quire's and each plugin's), the keys the templates name exist, and no template
// writes literal text between tags or in a text attribute.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.js';
import { fr } from '../../src/i18n/fr.js';
import { shippedPlugins } from '../../src/plugins/index.js';

const VIEWS = new URL('../../views/', import.meta.url);
const TEXT_ATTRIBUTES = ['alt', 'title', 'placeholder', 'aria-label', 'label'];
const EXPRESSION = '\u0000';
// Symbols that happen to be letters: Δ marks a size change.
const SYMBOL_LETTERS = /[Δ]/gu;

function templates(dir = VIEWS, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return templates(new URL(`${entry.name}/`, dir), `${prefix}${entry.name}/`);
    return entry.name.endsWith('.eta') ? [`${prefix}${entry.name}`] : [];
  });
}

const source = (name: string) => fs.readFileSync(new URL(name, VIEWS), 'utf8');

/** Text a reader would see that is written in the template itself rather than computed. */
function literalsOf(template: string): string[] {
  const html = template
    .replace(/<%[\s\S]*?%>/g, EXPRESSION)
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '');
  const pieces = html.split(/<[^>]*>/);
  for (const tag of html.match(/<[^>]*>/g) ?? []) {
    for (const [, name, value] of tag.matchAll(/\s([\w-]+)="([^"]*)"/g)) {
      if (name && TEXT_ATTRIBUTES.includes(name.toLowerCase())) pieces.push(value ?? '');
    }
  }
  // Letters or digits make a literal; punctuation and symbols alone (·, →, Δ, #, parentheses) do not.
  return pieces
    .map((piece) => piece.split(EXPRESSION).join(' ').trim())
    .filter((text) => /[\p{L}\p{N}]/u.test(text.replace(SYMBOL_LETTERS, '')));
}

const placeholders = (message: string) => [...message.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

function expectSameCatalogues(english: Readonly<Record<string, string>>, french: Readonly<Record<string, string>>): void {
  expect(Object.keys(french).sort()).toEqual(Object.keys(english).sort());
  for (const [key, message] of Object.entries(english)) {
    expect(message.trim(), `en ${key}`).not.toBe('');
    expect(french[key]?.trim(), `fr ${key}`).not.toBe('');
    expect(placeholders(french[key] ?? ''), `placeholders of ${key}`).toEqual(placeholders(message));
  }
}

describe('catalogues', () => {
  it('English and French have the same keys and placeholders', () => {
    expectSameCatalogues(en, fr);
  });

  it.each(shippedPlugins().map((plugin) => [plugin.manifest.name, plugin] as const))('plugin %s: both languages have the same keys', (_name, plugin) => {
    expectSameCatalogues(plugin.strings.en, plugin.strings.fr);
    expect(plugin.strings.en.description).toBeTruthy();
  });
});

describe('templates', () => {
  const all = templates();

  it('finds the views', () => {
    expect(all).toContain('layouts/main.eta');
    expect(all).toContain('plugin-iphelper.eta');
  });

  it.each(all)('%s writes no literal text', (name) => {
    expect(literalsOf(source(name))).toEqual([]);
  });

  it.each(all)('%s names only keys of its catalogue', (name) => {
    const text = source(name);
    // A key built at run time ('lang.' + code) is checked by its own screen's tests.
    const named = (pattern: RegExp) => [...text.matchAll(pattern)].map((match) => match[1] ?? '').filter((key) => !key.endsWith('.'));
    const core = named(/\bt\(\s*'([^']+)'/g);
    expect(core.filter((key) => !(key in en))).toEqual([]);
    const plugin = shippedPlugins().find((candidate) => name.startsWith(`plugin-${candidate.manifest.name}`));
    const own = named(/\bpt\(\s*'([^']+)'/g);
    if (own.length > 0) expect(plugin, `${name} uses pt() but belongs to no plugin`).toBeDefined();
    expect(own.filter((key) => plugin && !(key in plugin.strings.en))).toEqual([]);
  });

  it.each([
    ['<p>Hello</p>', ['Hello']],
    ['<p class="powered">Quire</p>', ['Quire']],
    ['<input placeholder="Search…">', ['Search…']],
    ['<img alt="logo" src="x.png">', ['logo']],
    ['<td>42</td>', ['42']],
    ['<p><%= it.t(\'a\') %> · <%= it.t(\'b\') %></p>', []],
    ['<span>→</span> <span>Δ</span> <a href="#top">#</a> (<%= x %>)', []],
    ['<a title="<%= it.t(\'x\') %>" href="/a">x</a>', ['x']],
    ['<script src="/a.js"></script><!-- a comment -->', []],
    ['<% if (a > b) { %><b><%= c %></b><% } %>', []],
    ['<div class="b" data-x="words here"></div>', []],
  ])('the literal finder: %s → %j', (template, expected) => {
    expect(literalsOf(template)).toEqual(expected);
  });
});
