// The plugin contract: the registry lists, enables and isolates plugins; a disabled plugin adds
// nothing; the parts of several plugins combine in the order of the list; the toolbox directive.
import path from 'node:path';
import { createEta } from '../../src/render/templates.js';
import type { StateInline } from 'markdown-it';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ANONYMOUS, createAccess } from '../../src/access/access.js';
import { openDatabase, type Db } from '../../src/db.js';
import { localeFor } from '../../src/i18n/index.js';
import { createPageStore } from '../../src/pages/store.js';
import { definePlugin, pluginTranslator } from '../../src/plugins/define.js';
import { shippedPlugins } from '../../src/plugins/index.js';
import type { Plugin, PluginHost } from '../../src/plugins/plugin.js';
import { createPluginRegistry } from '../../src/plugins/registry.js';
import { createPluginRenderer } from '../../src/plugins/renderer.js';
import { createToolbox } from '../../src/plugins/toolbox.js';
import { createRenderer, type RenderContext } from '../../src/render/index.js';
import { DEFAULT_SETTINGS } from '../../src/site/settings.js';

const calls: string[] = [];
const errors: Array<{ details: object; message: string }> = [];
const log = { error: (details: object, message: string) => void errors.push({ details, message }) };

/** `%%word%%` becomes the word in capitals: a token-level inline rule. */
function shout(state: StateInline, silent: boolean): boolean {
  const match = /^%%(\w+)%%/.exec(state.src.slice(state.pos));
  if (!match?.[1]) return false;
  if (!silent) state.push('text', '', 0).content = match[1].toUpperCase();
  state.pos += match[0].length;
  return true;
}

const echo = definePlugin({
  manifest: { name: 'echo', version: '1.0.0', description: 'Test plugin with every part.' },
  strings: { en: { description: 'Echo', title: 'Echo', item: 'Echo {n}' }, fr: { description: 'Écho', title: 'Écho', item: 'Écho {n}' } },
  init: () => ({ prefix: 'echo' }),
  markdown: (md) => md.inline.ruler.before('emphasis', 'shout', shout),
  widgets: { echo: { title: 'title', render: ({ state, pageId, domId }) => ({ template: 'plugin-echo', data: { state: state.prefix, pageId, domId } }) } },
  tools: {
    page: ({ pageId, t }) => [{ name: 'echo', href: `/_/plugin/echo/${pageId}`, label: t('item', { n: 1 }) }],
    site: ({ t }) => [{ name: 'echo-site', href: '/_/plugin/echo/', label: t('item', { n: 2 }) }],
    user: ({ t }) => [{ name: 'echo-user', href: '/_/plugin/echo/me', label: t('item', { n: 3 }) }],
  },
  hooks: {
    saved: (event, state) => void calls.push(`${state.prefix} saved ${event.id}`),
    deleted: (event) => void calls.push(`echo deleted ${event.id}`),
    renamed: (event) => void calls.push(`echo renamed ${event.from} ${event.to}`),
  },
});

const boom = definePlugin({
  manifest: { name: 'boom', version: '0.0.1', description: 'Test plugin whose every part throws.' },
  strings: { en: { description: 'Boom', title: 'Boom' }, fr: { description: 'Boum', title: 'Boum' } },
  markdown: (md) =>
    md.inline.ruler.before('emphasis', 'boom', (state) => {
      if (state.src.startsWith('!!', state.pos)) throw new Error('syntax exploded');
      return false;
    }),
  widgets: {
    boom: {
      title: 'title',
      render: () => {
        throw new Error('widget exploded');
      },
    },
  },
  tools: {
    page: () => {
      throw new Error('tools exploded');
    },
  },
  hooks: {
    saved: () => {
      throw new Error('hook exploded');
    },
  },
});

const later = definePlugin({
  manifest: { name: 'later', version: '1.0.0', description: 'Test plugin after the others.' },
  strings: { en: { description: 'Later' }, fr: { description: 'Plus tard' } },
  tools: { site: () => [{ name: 'later', href: '/_/plugin/later/', label: 'Later' }] },
  hooks: { saved: (event) => void calls.push(`later saved ${event.id}`) },
});

const broken = definePlugin({
  manifest: { name: 'broken', version: '1.0.0', description: 'Test plugin whose start fails.' },
  strings: { en: { description: 'Broken' }, fr: { description: 'Cassé' } },
  init: (): { never: true } => {
    throw new Error('cannot start');
  },
  tools: { site: () => [{ name: 'broken', href: '/', label: 'Broken' }] },
});

let db: Db;
let host: PluginHost;
let enabled: string[];

beforeEach(() => {
  calls.length = 0;
  errors.length = 0;
  db = openDatabase(':memory:');
  host = {
    db,
    pages: createPageStore(db),
    access: createAccess({ rules: () => [{ scope: '*', subject: '@ALL', level: 1 }], version: () => 1 }),
    log,
  };
  enabled = ['echo', 'boom', 'later', 'broken'];
});
afterEach(() => db.close());

function registry(plugins: readonly Plugin[] = [echo, boom, later, broken]) {
  return createPluginRegistry({ plugins, host, enabledNames: () => enabled, log });
}

const facts = { viewer: ANONYMOUS, locale: localeFor('en') };
const names = (plugins: ReturnType<ReturnType<typeof registry>['enabled']>) => plugins.map((plugin) => plugin.manifest.name);

describe('the registry', () => {
  it('enables the listed plugins that started, in the order of the plugin list', () => {
    enabled = ['later', 'echo', 'broken', 'unknown'];
    const plugins = registry();
    expect(names(plugins.enabled())).toEqual(['echo', 'later']);
    expect(plugins.startedNames()).toEqual(['echo', 'boom', 'later']);
    expect(errors.map((error) => error.message)).toEqual(['plugin could not start; it stays disabled']);
  });

  it('reads the settings on every use, and changes its epoch when the enabled set changes', () => {
    const plugins = registry();
    const first = plugins.epoch();
    expect(plugins.epoch()).toBe(first);
    enabled = ['echo'];
    expect(plugins.isEnabled('boom')).toBe(false);
    expect(plugins.epoch()).toBe(first + 1);
    enabled = ['echo'];
    expect(plugins.epoch()).toBe(first + 1);
  });

  it('refuses two plugins with one name, and names that are not URL segments', () => {
    expect(() => registry([echo, echo])).toThrow(/Two plugins are named "echo"/);
    const shouty = definePlugin({ manifest: { name: 'Shouty Name', version: '1', description: '' }, strings: { en: { description: '' }, fr: { description: '' } } });
    expect(() => registry([shouty])).toThrow(/must match/);
  });

  it('disables the later of two plugins with the same widget name', () => {
    const twin = definePlugin({
      manifest: { name: 'twin', version: '1', description: 'Has an echo widget too.' },
      strings: { en: { description: 'Twin' }, fr: { description: 'Jumeau' } },
      widgets: { echo: { title: 'description', render: () => ({ template: 'plugin-twin', data: {} }) } },
    });
    enabled = ['echo', 'twin'];
    expect(names(registry([echo, twin]).enabled())).toEqual(['echo']);
    expect(errors).toHaveLength(1);
  });

  it('ships iphelper and wordcount, enabled on a new wiki', () => {
    expect(shippedPlugins().map((plugin) => plugin.manifest.name)).toEqual(DEFAULT_SETTINGS.plugins);
    expect(DEFAULT_SETTINGS.plugins).toEqual(['iphelper', 'wordcount']);
  });
});

describe('a disabled plugin contributes nothing', () => {
  beforeEach(() => {
    enabled = ['later'];
  });

  it('no widget, menu item or hook', () => {
    const plugins = registry();
    expect(plugins.widget('echo')).toBeUndefined();
    const visited: string[] = [];
    plugins.each('test', (plugin) => void visited.push(plugin.manifest.name));
    expect(visited).toEqual(['later']);
    plugins.onPageChange({ kind: 'saved', id: 'a', rev: 1, type: 'create', created: true, text: 'x', title: null, links: [], author: null });
    expect(calls).toEqual(['later saved a']);
  });

  it('no syntax, and its syntax comes back when it is enabled again', () => {
    const plugins = registry();
    const renderer = createPluginRenderer(plugins, log);
    expect(renderer.render('say %%hello%%', context()).html).toBe('<p>say %%hello%%</p>\n');
    enabled = ['echo', 'later'];
    expect(renderer.render('say %%hello%%', context()).html).toBe('<p>say HELLO</p>\n');
  });
});

describe('several plugins combine in list order', () => {
  it('hooks run for every enabled plugin, each isolated from the others', () => {
    const plugins = registry();
    errors.length = 0;
    plugins.onPageChange({ kind: 'saved', id: 'p', rev: 2, type: 'edit', created: false, text: 'x', title: null, links: [], author: 'ann' });
    plugins.onPageChange({ kind: 'deleted', id: 'p', rev: 3, author: null });
    plugins.onPageChange({ kind: 'renamed', from: 'p', to: 'q', rev: 4, text: 'x', title: null, links: [], author: null });
    expect(calls).toEqual(['echo saved p', 'later saved p', 'echo deleted p', 'echo renamed p q']);
    expect(errors).toEqual([expect.objectContaining({ message: 'plugin failed in saved', details: expect.objectContaining({ plugin: 'boom' }) })]);
  });

  it('menu items are collected in order; a throwing tool adds nothing', () => {
    const plugins = registry();
    const site: string[] = [];
    plugins.each('site tools', (plugin) => site.push(...(plugin.tools.site?.(facts) ?? []).map((item) => item.label)));
    expect(site).toEqual(['Echo 2', 'Later']);
    const page: string[] = [];
    plugins.each('page tools', (plugin) => page.push(...(plugin.tools.page?.({ ...facts, pageId: 'a:b', permission: 1, rev: 1 }) ?? []).map((item) => item.href)));
    expect(page).toEqual(['/_/plugin/echo/a:b']);
    expect(errors.at(-1)?.message).toBe('plugin failed in page tools');
  });

  it('widgets receive their state, the page and their translator', () => {
    const widget = registry().widget('echo');
    expect(widget?.title(localeFor('fr'))).toBe('Écho');
    const view = widget?.render({ ...facts, pageId: 'ns:page', domId: 'widget-1' });
    expect(view).toMatchObject({ template: 'plugin-echo', data: { state: 'echo', pageId: 'ns:page', domId: 'widget-1' } });
    expect(view?.pt('item', { n: 7 })).toBe('Echo 7');
  });

  it('a syntax extension that throws leaves the page rendered with Quire’s own syntax', () => {
    const renderer = createPluginRenderer(registry(), log);
    expect(renderer.render('say %%hi%% !!', context()).html).toBe('<p>say %%hi%% !!</p>\n');
    expect(errors.at(-1)?.message).toBe('plugin syntax failed; the page is shown without it');
    expect(renderer.render('say %%hi%%', context()).html).toBe('<p>say HI</p>\n');
  });
});

describe('the toolbox', () => {
  const eta = createEta(path.resolve('views'));
  const toolboxOf = (panel: string[] = []) => createToolbox({ registry: registry([...shippedPlugins(), boom]), eta, log, panelWidgets: () => panel });

  beforeEach(() => {
    enabled = ['iphelper', 'wordcount', 'boom'];
  });

  it('draws a widget of an enabled plugin, with ids unique in the page', () => {
    const html = toolboxOf().inPage('iphelper', facts, 'net:tools', 1);
    expect(html).toContain('data-widget="iphelper"');
    expect(html).toContain('id="widget-2-ip"');
    expect(html).toContain('data-field="network"');
    expect(html).toContain('<script type="module" src="/_/static/plugins/iphelper/widget.js"></script>');
  });

  it('draws the widget in the reader’s language', () => {
    const html = toolboxOf().inPage('iphelper', { ...facts, locale: localeFor('fr') }, 'net:tools', 0);
    expect(html).toContain('Calculatrice de sous-réseau');
    expect(html).toContain('Adresse du réseau');
  });

  it('shows an escaped notice for an unknown or disabled widget', () => {
    expect(toolboxOf().inPage('<img src=x onerror=alert(1)>', facts, 'a', 0)).toContain(
      '<p class="notice notice--widget" role="note" data-widget="&lt;img src=x onerror=alert(1)&gt;">There is no toolbox widget “&lt;img src=x onerror=alert(1)&gt;”.</p>',
    );
    enabled = ['wordcount'];
    expect(toolboxOf().inPage('iphelper', facts, 'a', 0)).toContain('There is no toolbox widget “iphelper”.');
  });

  it('replaces a widget that throws by a notice and logs the error', () => {
    expect(toolboxOf().inPage('boom', facts, 'a', 0)).toContain('The widget “boom” could not be shown.');
    expect(errors).toEqual([expect.objectContaining({ message: 'widget failed', details: expect.objectContaining({ widget: 'boom' }) })]);
  });

  it('fills the panel with the chosen widgets of enabled plugins only', () => {
    expect(toolboxOf(['iphelper', 'nope']).panel(facts)).toHaveLength(1);
    expect(toolboxOf(['iphelper']).panel(facts)[0]).toContain('id="toolbox-1-ip"');
    enabled = [];
    expect(toolboxOf(['iphelper']).panel(facts)).toEqual([]);
  });
});

describe('{{toolbox>NAME}} in page text', () => {
  const renderer = createRenderer();
  const draw = (name: string, index: number) => `[${index}:${name}]`;

  it.each([
    ['{{toolbox>iphelper}}', '[0:iphelper]'],
    ['Before\n\n{{toolbox>iphelper}}\n\nAfter', '<p>Before</p>\n[0:iphelper]<p>After</p>\n'],
    ['Before\n{{toolbox>a}}\n{{ toolbox>b }}', '<p>Before</p>\n[0:a]<p>{{ toolbox&gt;b }}</p>\n'],
    ['{{toolbox> spaced name }}  ', '[0:spaced name]'],
    ['- {{toolbox>a}}\n- {{toolbox>b}}', '<ul>\n<li>\n[0:a]</li>\n<li>\n[1:b]</li>\n</ul>\n'],
    ['text {{toolbox>inline}} text', '<p>text {{toolbox&gt;inline}} text</p>\n'],
    ['    {{toolbox>code}}', '<pre><code>{{toolbox&gt;code}}\n</code></pre>\n'],
    ['{{toolbox>}}', '<p>{{toolbox&gt;}}</p>\n'],
  ])('%j → %j', (text, html) => {
    expect(renderer.render(text, context(draw)).html).toBe(html);
  });

  it('keeps the widgets out of the cached parts', () => {
    const result = renderer.render('A\n\n{{toolbox>x}}\n\nB', context(draw));
    expect(result.parts).toEqual([{ html: '<p>A</p>\n' }, { widget: 'x' }, { html: '<p>B</p>\n' }]);
  });

  it('draws nothing without a widget drawer', () => {
    expect(renderer.render('{{toolbox>x}}', context()).html).toBe('');
  });
});

describe('plugin strings', () => {
  it('fills {placeholders} like Quire’s catalogues, and falls back to the key', () => {
    const t = pluginTranslator<string>({ en: { description: 'd', hello: 'Hello {name}' }, fr: { description: 'd', hello: 'Bonjour {name}' } }, 'fr');
    expect(t('hello', { name: 'Ana' })).toBe('Bonjour Ana');
    expect(t('hello')).toBe('Bonjour {name}');
    expect(t('missing')).toBe('missing');
  });
});

function context(widget?: (name: string, index: number) => string): RenderContext {
  return { pageId: 'test', startPage: 'start', linkState: () => 'exists', exists: () => true, pageUrl: (id) => `/${id}`, ...(widget ? { widget } : {}) };
}
