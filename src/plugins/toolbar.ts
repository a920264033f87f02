// The plugins' buttons for one editor's toolbar: every enabled plugin's `toolbar` hook, in the
// order of the plugin list; one that throws adds nothing and is logged (src/plugins/plugin.ts).
import type { PluginToolbarEntry } from '../editor/toolbar.js';
import type { RequestFacts } from './plugin.js';
import type { PluginRegistry } from './registry.js';

export function pluginToolbarEntries(registry: PluginRegistry, facts: RequestFacts & { pageId: string }): PluginToolbarEntry[] {
  const entries: PluginToolbarEntry[] = [];
  registry.each('toolbar', (plugin) => {
    const added = plugin.toolbar?.(facts);
    if (added) entries.push(...added);
  });
  return entries;
}
