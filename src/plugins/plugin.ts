// The plugin contract: everything a plugin may add to Quire, what each part receives and returns,
// and how the parts of several plugins combine. Plugins are written with definePlugin (define.ts)
// and listed in index.ts; the registry activates them for one wiki.
import type { FastifyInstance } from 'fastify';
import type { Access, Viewer } from '../access/access.js';
import type { Db } from '../db.js';
import type { PluginToolbarEntry } from '../editor/toolbar.js';
import type { Locale } from '../i18n/index.js';
import type { PageDeleted, PageRenamed, PageSaved } from '../pages/events.js';
import type { PageStore } from '../pages/store.js';
import type { MarkdownExtension } from '../render/index.js';

export interface PluginManifest {
  /** `[a-z][a-z0-9-]*`: the URL segment (`/_/plugin/NAME/`) and the value saved in the site settings. */
  name: string;
  version: string;
  /** One English sentence for logs and docs; screens show the catalogue's `description`. */
  description: string;
}

/** The plugin's own strings: the type makes English and French have the same keys. */
export interface PluginStrings<K extends string> {
  en: Readonly<Record<K | 'description', string>>;
  fr: Readonly<Record<K | 'description', string>>;
}

/** `{name}` in a message is replaced by `params.name`, as in Quire's own catalogues. */
export type PluginTranslate<K extends string> = (key: K, params?: Record<string, string | number>) => string;

export interface PluginLog {
  error(details: object, message: string): void;
}

/** What Quire lends a plugin for one wiki. */
export interface PluginHost {
  /** For the plugin's own tables (named `plugin_NAME…`), created by its init. */
  db: Db;
  pages: Pick<PageStore, 'get' | 'meta' | 'exists' | 'allIds'>;
  /** access.level(viewer, id): the one permission check, as every page route uses it. */
  access: Access;
  log: PluginLog;
}

/** Who asks, in which language: the request a menu item or widget is drawn for. */
export interface RequestFacts {
  viewer: Viewer;
  locale: Locale;
}

/** Every call into a plugin's own code carries its translator for the request and its state. */
export interface PluginCall<K extends string, S> extends RequestFacts {
  t: PluginTranslate<K>;
  state: S;
}

/** A template of the plugin (`views/plugin-NAME*.eta`) and its data; eta escapes every value. */
export interface WidgetView {
  template: string;
  data: Record<string, unknown>;
}

export interface WidgetCall<K extends string, S> extends PluginCall<K, S> {
  /** The page the widget is placed in with `{{toolbox>NAME}}`; null in the toolbox panel. */
  pageId: string | null;
  /** Unique in the response: the prefix of every id attribute the widget writes. */
  domId: string;
}

/**
 * A toolbox widget, placed in a page with `{{toolbox>NAME}}` or in the toolbox panel. Widget
 * names are unique across plugins. `render` returns data for a template, never HTML; one that
 * throws is replaced by a short notice and logged, and the rest of the page is drawn as usual.
 */
export interface WidgetDefinition<K extends string, S> {
  /** Catalogue key of the widget's title. */
  title: K;
  render(call: WidgetCall<K, S>): WidgetView;
}

export interface MenuItem {
  /** Becomes the class `tool-NAME`; unique within its menu. */
  name: string;
  href: string;
  label: string;
}

export interface PageToolCall<K extends string, S> extends PluginCall<K, S> {
  pageId: string;
  /** The viewer's permission on the page (acl Level). */
  permission: number;
  /** The page's current revision; null when the page does not exist. */
  rev: number | null;
}

/**
 * Items for the tools menus. Each returns the items it adds, possibly none. The items of every
 * enabled plugin follow Quire's own, in the order of PLUGINS (page tools: before "Back to top").
 * A function that throws adds nothing and is logged.
 */
export interface ToolDefinitions<K extends string, S> {
  page?(call: PageToolCall<K, S>): readonly MenuItem[];
  site?(call: PluginCall<K, S>): readonly MenuItem[];
  user?(call: PluginCall<K, S>): readonly MenuItem[];
}

export interface ToolbarCall<K extends string, S> extends PluginCall<K, S> {
  /** The page being edited. */
  pageId: string;
}

/**
 * Buttons for the editor's toolbar (src/editor/toolbar.ts): each entry is a name, a label in the
 * reader's language (`call.t`), an icon, an optional shortcut and what it inserts or wraps. The
 * entries of every enabled plugin follow Quire's own, in the order of PLUGINS; an entry whose name
 * is taken already is left out, and a function that throws adds nothing and is logged.
 */
export type ToolbarDefinition<K extends string, S> = (call: ToolbarCall<K, S>) => readonly PluginToolbarEntry[];

/**
 * Page events, once the change is committed. Each receives the event and the plugin's state and
 * returns nothing. Every enabled plugin's hook runs, in the order of PLUGINS; one that throws is
 * logged and skipped: it never undoes the change nor stops the others.
 */
export interface HookDefinitions<S> {
  saved?(event: PageSaved, state: S): void;
  deleted?(event: PageDeleted, state: S): void;
  renamed?(event: PageRenamed, state: S): void;
}

/** What a plugin's routes receive besides the fastify instance. */
export interface PluginScope<K extends string, S> {
  name: string;
  state: S;
  host: PluginHost;
  /** The plugin's translator in a request's language. */
  translate(locale: Locale): PluginTranslate<K>;
}

export interface PluginDefinition<K extends string, S> {
  manifest: PluginManifest;
  strings: PluginStrings<K>;
  /** Builds the plugin's state once per wiki at start (prepared SQL, its tables); throwing disables it. */
  init?(host: PluginHost): S;
  /** Syntax at the token level (STYLE habit 8); several plugins' extensions apply in PLUGINS order. */
  markdown?: MarkdownExtension;
  // K is read from `strings` and S from `init` only (NoInfer), so every other part is checked against them.
  widgets?: Readonly<Record<string, WidgetDefinition<NoInfer<K>, NoInfer<S>>>>;
  tools?: ToolDefinitions<NoInfer<K>, NoInfer<S>>;
  toolbar?: ToolbarDefinition<NoInfer<K>, NoInfer<S>>;
  /**
   * Routes under the prefix `/_/plugin/NAME` (a route '/' answers `/_/plugin/NAME`); each declares
   * its own `config.access`. While the plugin is disabled they answer 404.
   */
  routes?(app: FastifyInstance, scope: PluginScope<NoInfer<K>, NoInfer<S>>): Promise<void>;
  hooks?: HookDefinitions<NoInfer<S>>;
  /** Public files (scripts, styles, images) by file name, served at `/_/static/plugins/NAME/FILE` while enabled. */
  assets?: Readonly<Record<string, URL>>;
}

/** A widget of an activated plugin: its title and view for one request, translator included. */
export interface ActiveWidget {
  title(locale: Locale): string;
  render(facts: RequestFacts & { pageId: string | null; domId: string }): WidgetView & { pt: PluginTranslate<string> };
}

/** A plugin activated for one wiki: its state and strings are bound in, so the registry needs no generics. */
export interface ActivePlugin {
  manifest: PluginManifest;
  markdown?: MarkdownExtension;
  widgets: ReadonlyMap<string, ActiveWidget>;
  tools: {
    page?(facts: RequestFacts & { pageId: string; permission: number; rev: number | null }): readonly MenuItem[];
    site?(facts: RequestFacts): readonly MenuItem[];
    user?(facts: RequestFacts): readonly MenuItem[];
  };
  toolbar?(facts: RequestFacts & { pageId: string }): readonly PluginToolbarEntry[];
  routes?(app: FastifyInstance): Promise<void>;
  hooks: HookDefinitions<void>;
  assets: Readonly<Record<string, URL>>;
}

/** What PLUGINS lists: the manifest and strings, and how to activate the plugin for one wiki. */
export interface Plugin {
  manifest: PluginManifest;
  strings: PluginStrings<string>;
  activate(host: PluginHost): ActivePlugin;
}
