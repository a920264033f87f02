// The editor's toolbar as data (SPEC §12): Quire's buttons with their names in both languages and
// their shortcuts in the tooltips, and the plugins' buttons from their `toolbar` hook after them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAccess, ANONYMOUS } from '../../src/access/access.js';
import { openDatabase, type Db } from '../../src/db.js';
import { QUIRE_TOOLBAR, shortcutLabel, toolbarButtons, type PluginToolbarEntry } from '../../src/editor/toolbar.js';
import { localeFor } from '../../src/i18n/index.js';
import { createPageStore } from '../../src/pages/store.js';
import { definePlugin } from '../../src/plugins/define.js';
import { shippedPlugins } from '../../src/plugins/index.js';
import type { Plugin } from '../../src/plugins/plugin.js';
import { createPluginRegistry } from '../../src/plugins/registry.js';
import { pluginToolbarEntries } from '../../src/plugins/toolbar.js';

const en = localeFor('en');
const fr = localeFor('fr');

describe("Quire's toolbar", () => {
  it('has the buttons SPEC §12 names, in English and French', () => {
    expect(toolbarButtons(en.t, []).map((button) => button.label)).toEqual([
      'Bold', 'Italic', 'Strikethrough', 'Heading', 'Link', 'Media', 'Code', 'Code block', 'Quote', 'Bulleted list', 'Numbered list', 'Table', 'Footnote', 'Horizontal rule',
    ]);
    expect(toolbarButtons(fr.t, []).map((button) => button.label)).toEqual([
      'Gras', 'Italique', 'Barré', 'Titre', 'Lien', 'Média', 'Code', 'Bloc de code', 'Citation', 'Liste à puces', 'Liste numérotée', 'Tableau', 'Note de bas de page', 'Ligne horizontale',
    ]);
    expect(en.t('toolbar.label')).toBe('Editor toolbar');
    expect(fr.t('toolbar.label')).toBe("Barre d'outils de l'éditeur");
  });

  it.each([
    ['bold', 'Bold (Ctrl+B)', 'Mod-b'],
    ['italic', 'Italic (Ctrl+I)', 'Mod-i'],
    ['link', 'Link (Ctrl+K)', 'Mod-k'],
    ['table', 'Table', ''],
  ])('%s: tooltip %j, key %j', (name, title, shortcut) => {
    const button = toolbarButtons(en.t, []).find((candidate) => candidate.name === name);
    expect(button?.title).toBe(title);
    expect(button?.shortcut).toBe(shortcut);
  });

  it.each([
    ['Mod-b', 'Ctrl+B'],
    ['Mod-Shift-p', 'Ctrl+Shift+P'],
    ['Alt-F1', 'Alt+F1'],
  ])('%s reads %s', (shortcut, label) => {
    expect(shortcutLabel(shortcut)).toBe(label);
  });

  it('every entry has a unique name, an icon and an action the script knows', () => {
    const names = QUIRE_TOOLBAR.map((entry) => entry.name);
    expect(new Set(names).size).toBe(names.length);
    for (const entry of QUIRE_TOOLBAR) {
      expect(entry.icon).toMatch(/^M[\d .,a-zA-Z-]+$/);
      expect(['wrap', 'lines', 'block', 'insert', 'link', 'media']).toContain(entry.action.kind);
    }
    expect(JSON.parse(toolbarButtons(en.t, [])[0]!.action)).toEqual({ kind: 'wrap', before: '**', after: '**' });
  });

  it("puts plugins' entries after Quire's, leaving out a taken or malformed name", () => {
    const plugin: PluginToolbarEntry[] = [
      { name: 'stamp', label: 'Stamp', icon: 'M0 0h1', shortcut: 'Mod-Alt-s', action: { kind: 'insert', text: '~~stamp~~' } },
      { name: 'bold', label: 'Fake bold', icon: 'M0 0h1', action: { kind: 'wrap', before: '__', after: '__' } },
      { name: 'Bad Name', label: 'Bad', icon: 'M0 0h1', action: { kind: 'wrap', before: '', after: '' } },
    ];
    const buttons = toolbarButtons(en.t, plugin);
    expect(buttons.map((button) => button.name).slice(-2)).toEqual(['hr', 'stamp']);
    expect(buttons.find((button) => button.name === 'stamp')?.title).toBe('Stamp (Ctrl+Alt+S)');
    expect(buttons.filter((button) => button.name === 'bold')).toHaveLength(1);
  });
});

describe("plugins' toolbar hook", () => {
  let db: Db;
  let enabled: string[];
  const errors: string[] = [];
  const log = { error: (_details: object, message: string) => void errors.push(message) };

  const boom = definePlugin({
    manifest: { name: 'boom', version: '1.0.0', description: 'A toolbar hook that throws.' },
    strings: { en: { description: 'Boom' }, fr: { description: 'Boum' } },
    toolbar: () => {
      throw new Error('toolbar exploded');
    },
  });
  const stamp = definePlugin({
    manifest: { name: 'stamp', version: '1.0.0', description: 'A toolbar button in the reader’s language.' },
    strings: { en: { description: 'Stamp', label: 'Stamp on {page}' }, fr: { description: 'Tampon', label: 'Tampon sur {page}' } },
    toolbar: ({ t, pageId }) => [{ name: 'stamp', label: t('label', { page: pageId }), icon: 'M0 0h1', action: { kind: 'wrap', before: '[', after: ']' } }],
  });

  beforeEach(() => {
    errors.length = 0;
    db = openDatabase(':memory:');
    enabled = ['iphelper', 'boom', 'stamp'];
  });
  afterEach(() => db.close());

  function entries(plugins: Plugin[], lang: 'en' | 'fr' = 'en') {
    const host = { db, pages: createPageStore(db), access: createAccess({ rules: () => [], version: () => 1 }), log };
    const registry = createPluginRegistry({ plugins, host, enabledNames: () => enabled, log });
    return pluginToolbarEntries(registry, { viewer: ANONYMOUS, locale: localeFor(lang), pageId: 'net:plan' });
  }

  it('iphelper adds "Subnet calculator", which inserts its widget', () => {
    const [iphelper] = entries(shippedPlugins());
    expect(iphelper).toMatchObject({ name: 'iphelper', label: 'Subnet calculator', action: { kind: 'insert', text: '{{toolbox>iphelper}}' } });
  });

  it('gives each enabled plugin’s entries in list order, in the reader’s language; one that throws adds nothing', () => {
    const plugins = [...shippedPlugins(), boom, stamp];
    expect(entries(plugins, 'fr').map((entry) => entry.label)).toEqual(['Calculatrice de sous-réseau', 'Tampon sur net:plan']);
    expect(errors).toEqual(['plugin failed in toolbar']);
  });

  it('a disabled plugin adds no button', () => {
    enabled = ['stamp'];
    expect(entries([...shippedPlugins(), stamp]).map((entry) => entry.name)).toEqual(['stamp']);
  });
});
