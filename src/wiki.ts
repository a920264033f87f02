// createWiki(db): the wiki's domain — every store, the renderer and the one save path — built
// once from a database, without HTTP. buildApp serves it; the command line and the benchmark
// write through it, so a page saved anywhere is indexed, linked and hooked the same way.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Eta } from 'eta';
import { ANONYMOUS, createAccess } from './access/access.js';
import { createAclStore } from './access/acl-store.js';
import type { Db } from './db.js';
import { createDraftStore } from './pages/drafts.js';
import { createEditing } from './pages/editing.js';
import { localeFor } from './i18n/index.js';
import { createLockStore } from './pages/locks.js';
import { createMediaStore } from './media/store.js';
import { createPageIndex } from './finding/page-index.js';
import { createPageRenderer } from './render/page-render.js';
import { createPageStore } from './pages/store.js';
import { shippedPlugins, type Plugin } from './plugins/index.js';
import { createPluginRegistry } from './plugins/registry.js';
import { createPluginRenderer } from './plugins/renderer.js';
import { createToolbox } from './plugins/toolbox.js';
import { createReadFilters } from './access/readable.js';
import { createRecentChanges } from './finding/recent.js';
import { createRedirectStore } from './pages/redirects.js';
import { createRenames } from './pages/rename.js';
import { createSearchIndex } from './finding/search-index.js';
import { createSessionStore } from './accounts/sessions.js';
import { createSettingsStore } from './site/settings.js';
import { createTokenStore } from './accounts/tokens.js';
import { createUserStore } from './accounts/users.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Eta merges a partial's data into a copy of its parent's: `include(NAME, DATA)` gets DATA itself here. */
const INCLUDE_WITH_MERGE = 'let include = (__eta_t, __eta_d) => this.render(__eta_t, {...it, ...(__eta_d ?? {})}, options);';
const INCLUDE_AS_GIVEN = 'let include = (__eta_t, __eta_d) => this.render(__eta_t, __eta_d ?? it, options);';

/**
 * Eta with compiled templates cached, template paths resolved once (eta otherwise works out the
 * file of every partial again on each render), and partials given exactly the data they are
 * passed: copying the whole screen's data (some thirty keys) into each partial cost more than
 * drawing most of them.
 */
function createEta(views: string): Eta {
  const eta = new Eta({
    views,
    cache: true,
    autoTrim: false,
    plugins: [
      {
        processFnString(fn: string) {
          if (!fn.includes(INCLUDE_WITH_MERGE)) throw new Error('eta compiles include() differently than Quire expects');
          return fn.replace(INCLUDE_WITH_MERGE, INCLUDE_AS_GIVEN);
        },
      },
    ],
  });
  const resolve = eta.resolvePath;
  if (!resolve) return eta;
  // By the including file, then by the name asked for: no key is built per render.
  const resolved = new Map<string, Map<string, string>>();
  eta.resolvePath = function (template, options) {
    const from = options?.filepath ?? '';
    let names = resolved.get(from);
    if (names === undefined) resolved.set(from, (names = new Map()));
    let file = names.get(template);
    if (file === undefined) {
      file = resolve.call(this, template, options);
      names.set(template, file);
    }
    return file;
  };
  return eta;
}

export interface WikiOptions {
  /** The plugins the admin may enable; the shipped ones unless a test brings its own. */
  plugins?: readonly Plugin[];
  log?: { error(details: object, message: string): void };
}

export type Wiki = ReturnType<typeof createWiki>;

export function createWiki(db: Db, options: WikiOptions = {}) {
  const log = options.log ?? { error: (details: object, message: string) => console.error(message, details) };
  const settings = createSettingsStore(db);
  const pages = createPageStore(db);
  const users = createUserStore(db);
  const sessions = createSessionStore(db);
  const tokens = createTokenStore(db);
  const acl = createAclStore(db);
  const access = createAccess(acl);
  // Templates: the screens (through @fastify/view) and the toolbox widgets drawn inside pages.
  const eta = createEta(path.join(ROOT, 'views'));
  const plugins = createPluginRegistry({
    plugins: options.plugins ?? shippedPlugins(),
    host: { db, pages, access, log },
    enabledNames: () => settings.site().plugins,
    log,
  });
  const toolbox = createToolbox({ registry: plugins, eta, log, panelWidgets: () => settings.site().toolbox });
  const pageRenderer = createPageRenderer({
    pages,
    renderer: createPluginRenderer(plugins, log),
    startPage: () => settings.site().start,
    // Widgets inside page HTML are drawn for the site's language (the renderer does not know the reader).
    placeWidget: (name, pageId, index) => toolbox.inPage(name, { viewer: ANONYMOUS, locale: localeFor(settings.site().lang) }, pageId, index),
    epoch: plugins.epoch,
  });
  const locks = createLockStore(db);
  const drafts = createDraftStore(db);
  const redirects = createRedirectStore(db);
  const editing = createEditing(pages, pageRenderer, { locks, drafts, events: plugins.events });
  const renames = createRenames({ pages, editing, pageRenderer, locks, drafts, redirects, startPage: () => settings.site().start });
  const searchIndex = createSearchIndex(db);
  const media = createMediaStore(db);
  pages.onSave(searchIndex.listener);
  return {
    db,
    eta,
    settings,
    pages,
    users,
    sessions,
    tokens,
    acl,
    access,
    plugins,
    toolbox,
    pageRenderer,
    locks,
    drafts,
    redirects,
    editing,
    renames,
    searchIndex,
    media,
    recentChanges: createRecentChanges(db),
    pageIndex: createPageIndex(db),
    readable: createReadFilters(access, acl.rules),
  };
}
