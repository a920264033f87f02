// The plugins of one wiki: each activated once at start, the enabled ones read from the site
// settings on every use, and the page events handed to their hooks one by one.
import type { PageChange } from '../pages/events.js';
import type { ActivePlugin, ActiveWidget, Plugin, PluginHost, PluginLog } from './plugin.js';

const PLUGIN_NAME = /^[a-z][a-z0-9-]*$/;

export interface RegistryOptions {
  plugins: readonly Plugin[];
  host: PluginHost;
  /** The enabled plugin names, as saved in the site settings. */
  enabledNames: () => readonly string[];
  log: PluginLog;
}

export type PluginRegistry = ReturnType<typeof createPluginRegistry>;

/** Two plugins with one name are a programming error: start-up stops. (A clashing widget name only disables the later plugin.) */
function checkNames(plugins: readonly Plugin[]): void {
  const names = new Set<string>();
  for (const { manifest } of plugins) {
    if (!PLUGIN_NAME.test(manifest.name)) throw new Error(`Plugin name "${manifest.name}" must match ${PLUGIN_NAME}`);
    if (names.has(manifest.name)) throw new Error(`Two plugins are named "${manifest.name}"`);
    names.add(manifest.name);
  }
}

export function createPluginRegistry(options: RegistryOptions) {
  const { plugins, log } = options;
  checkNames(plugins);

  const active = new Map<string, ActivePlugin>();
  const widgetOwners = new Map<string, string>();
  for (const plugin of plugins) {
    const { name } = plugin.manifest;
    try {
      const activated = plugin.activate(options.host);
      for (const widget of activated.widgets.keys()) {
        const owner = widgetOwners.get(widget);
        if (owner) throw new Error(`Plugins "${owner}" and "${name}" both have a widget "${widget}"`);
      }
      for (const widget of activated.widgets.keys()) widgetOwners.set(widget, name);
      active.set(name, activated);
    } catch (error) {
      log.error({ err: error, plugin: name }, 'plugin could not start; it stays disabled');
    }
  }

  let memo: { source: readonly string[]; key: string; list: ActivePlugin[] } = { source: [], key: '', list: [] };
  let epoch = 0;

  /** Enabled and started plugins, in the order of the plugin list. */
  function enabled(): ActivePlugin[] {
    const source = options.enabledNames();
    if (source === memo.source) return memo.list;
    const wanted = new Set(source);
    const list = [...active.values()].filter((plugin) => wanted.has(plugin.manifest.name));
    const key = list.map((plugin) => plugin.manifest.name).join(' ');
    if (key !== memo.key) epoch += 1;
    memo = { source, key, list };
    return list;
  }

  /** Runs `call` for every enabled plugin that has the part; a throw is logged and the others go on. */
  function each(what: string, call: (plugin: ActivePlugin) => void): void {
    for (const plugin of enabled()) {
      try {
        call(plugin);
      } catch (error) {
        log.error({ err: error, plugin: plugin.manifest.name }, `plugin failed in ${what}`);
      }
    }
  }

  const isEnabled = (name: string): boolean => enabled().some((plugin) => plugin.manifest.name === name);

  /** The 'plugins' page event step: every enabled plugin's hook, once the change is committed. */
  function onPageChange(change: PageChange): void {
    if (change.kind === 'saved') {
      const { id, rev, type, text, title, author } = change;
      each('saved', (plugin) => plugin.hooks.saved?.({ id, rev, type, text, title, author }));
    } else if (change.kind === 'deleted') {
      const { id, rev, author } = change;
      each('deleted', (plugin) => plugin.hooks.deleted?.({ id, rev, author }));
    } else {
      const { from, to, author } = change;
      each('renamed', (plugin) => plugin.hooks.renamed?.({ from, to, author }));
    }
  }

  return {
    /** Every listed plugin, enabled or not (the admin screen). */
    available: (): readonly Plugin[] => plugins,
    /** Listed plugins that started: the names an admin may enable. */
    startedNames: (): string[] => [...active.keys()],
    enabled,
    isEnabled,
    /** The activated plugin by name, enabled or not (routes are registered once, at start). */
    started: (name: string): ActivePlugin | undefined => active.get(name),
    /** Changes whenever the set of enabled plugins changes: cached renders are stale then. */
    epoch(): number {
      enabled();
      return epoch;
    },
    /** A widget of an enabled plugin. */
    widget(name: string): ActiveWidget | undefined {
      const owner = widgetOwners.get(name);
      return owner && isEnabled(owner) ? active.get(owner)?.widgets.get(name) : undefined;
    },
    /** Every widget of a started plugin, by name, with the plugin that has it (the admin screen). */
    widgetNames: (): Array<{ name: string; plugin: string }> => [...widgetOwners].map(([name, plugin]) => ({ name, plugin })),
    each,
    onPageChange,
  };
}
