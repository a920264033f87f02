// The layout's plugin parts for one screen — items for the page, site and user tools, and the
// toolbox panel — worked out before the layout is drawn and handed to it as data, so no plugin
// code (nor its SQL) runs while a template draws.
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
  /** The access key of the item (DokuWiki's `e` on Edit). */
  accesskey?: string;
}

/** Plugins' items join the page tools before "Back to top", which stays last. */
export function withExtraTools(tools: readonly ToolItem[], extra: readonly ToolItem[]): ToolItem[] {
  const top = tools.findIndex((tool) => tool.name === 'top');
  if (top < 0) return [...tools, ...extra];
  return [...tools.slice(0, top), ...extra, ...tools.slice(top)];
}

/** The plugins' parts of one screen's layout, worked out before the layout is drawn. */
export interface PluginChrome {
  /** The page tools with the plugins' items before "Back to top"; none on screens without page tools. */
  pageToolItems: ToolItem[];
  siteToolItems: MenuItem[];
  userToolItems: MenuItem[];
  /** HTML of each widget of the toolbox panel. */
  panelWidgets: string[];
}

/** The page a screen shows, when it has page tools: its own tools, id and current revision. */
export interface PageToolsOf {
  tools: readonly ToolItem[];
  pageId: string | null;
  /** The page's current revision; null when it does not exist. */
  rev: number | null;
}

export interface ChromeDeps {
  registry: PluginRegistry;
  toolbox: Toolbox;
  access: Access;
}

export function pluginChrome(request: FastifyRequest, page: PageToolsOf | null, deps: ChromeDeps): PluginChrome {
  const { registry } = deps;
  const facts: RequestFacts = { viewer: request.viewer, locale: request.locale };
  const collect = (what: string, items: (plugin: ActivePlugin) => readonly MenuItem[] | undefined): MenuItem[] => {
    const all: MenuItem[] = [];
    registry.each(what, (plugin) => all.push(...(items(plugin) ?? [])));
    return all;
  };
  let pageToolItems: ToolItem[] = page ? [...page.tools] : [];
  if (page && page.pageId !== null) {
    const call = { pageId: page.pageId, permission: deps.access.level(request.viewer, page.pageId), rev: page.rev, ...facts };
    pageToolItems = withExtraTools(page.tools, collect('page tools', (plugin) => plugin.tools.page?.(call)));
  }
  return {
    pageToolItems,
    siteToolItems: collect('site tools', (plugin) => plugin.tools.site?.(facts)),
    userToolItems: collect('user tools', (plugin) => plugin.tools.user?.(facts)),
    panelWidgets: deps.toolbox.panel(facts),
  };
}
