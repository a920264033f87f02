// The layout's plugin parts for one request — items for the page, site and user tools, and the
// toolbox panel — given to the layout as `pluginChrome` and worked out only when the layout asks.
import type { FastifyRequest } from 'fastify';
import type { Access } from '../access/access.js';
import type { ActivePlugin, MenuItem, RequestFacts } from '../plugins/plugin.js';
import type { PluginRegistry } from '../plugins/registry.js';
import type { Toolbox } from '../plugins/toolbox.js';

/** An item of the page tools menu: Quire's own, or a plugin's. */
export interface ToolItem {
  href: string;
  label: string;
  name: string;
  current?: boolean;
}

/** Plugins' items join the page tools before "Back to top", which stays last. */
export function withExtraTools(tools: readonly ToolItem[], extra: readonly ToolItem[]): ToolItem[] {
  const top = tools.findIndex((tool) => tool.name === 'top');
  if (top < 0) return [...tools, ...extra];
  return [...tools.slice(0, top), ...extra, ...tools.slice(top)];
}

export interface PluginChrome {
  /** The page tools of `pageId` (at revision `rev`, null when missing) with the plugins' items before "Back to top". */
  pageTools(tools: readonly ToolItem[], pageId: string, rev: number | null): ToolItem[];
  siteTools(): MenuItem[];
  userTools(): MenuItem[];
  /** HTML of each widget of the toolbox panel. */
  panel(): string[];
}

export interface ChromeDeps {
  registry: PluginRegistry;
  toolbox: Toolbox;
  access: Access;
}

export function pluginChrome(request: FastifyRequest, deps: ChromeDeps): PluginChrome {
  const { registry } = deps;
  // Read when the layout is drawn: by then the request knows its viewer and language.
  const facts = (): RequestFacts => ({ viewer: request.viewer, locale: request.locale });
  const collect = (what: string, items: (plugin: ActivePlugin) => readonly MenuItem[] | undefined): MenuItem[] => {
    const all: MenuItem[] = [];
    registry.each(what, (plugin) => all.push(...(items(plugin) ?? [])));
    return all;
  };
  return {
    pageTools(tools, pageId, rev) {
      const call = { pageId, permission: deps.access.level(request.viewer, pageId), rev, ...facts() };
      return withExtraTools(tools, collect('page tools', (plugin) => plugin.tools.page?.(call)));
    },
    siteTools: () => collect('site tools', (plugin) => plugin.tools.site?.(facts())),
    userTools: () => collect('user tools', (plugin) => plugin.tools.user?.(facts())),
    panel: () => deps.toolbox.panel(facts()),
  };
}
