// createWiki(db): the wiki's domain — every store, the renderer and the one save path — built
// once from a database, without HTTP. buildApp serves it; the command line and the benchmark
// write through it, so a page saved anywhere is indexed, linked and hooked the same way.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ANONYMOUS, createAccess } from './access/access.js';
import { createAclStore } from './access/acl-store.js';
import type { Db } from './db.js';
import { createDraftStore } from './pages/drafts.js';
import { createEditing } from './pages/editing.js';
import { localeFor } from './i18n/index.js';
import { createLockStore } from './pages/locks.js';
import { createMediaStore } from './media/store.js';
import { createPageIndex } from './finding/page-index.js';
import { createPageRenderer, type PageRenderer } from './render/page-render.js';
import { createEta } from './render/templates.js';
import { createPageEvents, type PageEventStep } from './pages/events.js';
import { createPageStore, type PageStore } from './pages/store.js';
import { shippedPlugins, type Plugin } from './plugins/index.js';
import { createPluginRegistry, type PluginRegistry } from './plugins/registry.js';
import { createPluginRenderer } from './plugins/renderer.js';
import { createToolbox } from './plugins/toolbox.js';
import { createReadFilters } from './access/readable.js';
import { createRecentChanges } from './finding/recent.js';
import { createRedirectStore, type RedirectStore } from './pages/redirects.js';
import { createRenames } from './pages/rename.js';
import { createSearchIndex, type SearchIndex } from './finding/search-index.js';
import { createSessionStore } from './accounts/sessions.js';
import { createSettingsStore } from './site/settings.js';
import { createTokenStore } from './accounts/tokens.js';
import { createUserStore } from './accounts/users.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * What follows every change to a page, in this order (SPEC §6: links and the search index commit
 * with the revision). Each step says when it acts: inside the change's transaction, or once the
 * change is committed.
 */
export function pageEventSteps(deps: {
  pages: PageStore;
  searchIndex: SearchIndex;
  redirects: RedirectStore;
  pageRenderer: PageRenderer;
  plugins: PluginRegistry;
}): PageEventStep[] {
  const { pages, searchIndex, redirects, pageRenderer, plugins } = deps;
  return [
    {
      name: 'links',
      inTransaction(change) {
        if (change.kind === 'saved') pages.recordLinks(change.id, change.links);
        else if (change.kind === 'deleted') pages.recordLinks(change.id, []);
        else {
          pages.recordLinks(change.from, []);
          pages.recordLinks(change.to, change.links);
        }
      },
    },
    { name: 'search index', inTransaction: searchIndex.onPageChange },
    {
      // A page created where a renamed page used to be takes its URL back.
      name: 'redirects',
      inTransaction(change) {
        if (change.kind === 'saved') redirects.remove(change.id);
        else if (change.kind === 'renamed') redirects.remove(change.to);
      },
    },
    {
      // A page started or stopped existing: every cached link class may be stale.
      name: 'render cache',
      afterCommit(change) {
        if (change.kind !== 'saved' || change.created) pageRenderer.existenceChanged();
      },
    },
    { name: 'plugins', afterCommit: plugins.onPageChange },
  ];
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
  const editing = createEditing(pages, pageRenderer, { locks, drafts });
  const renames = createRenames({ pages, editing, pageRenderer, locks, drafts, redirects, startPage: () => settings.site().start });
  const searchIndex = createSearchIndex(db);
  const media = createMediaStore(db);
  const pageEvents = createPageEvents(pageEventSteps({ pages, searchIndex, redirects, pageRenderer, plugins }), log);
  pages.useEvents(pageEvents);
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
    pageEvents,
    searchIndex,
    media,
    recentChanges: createRecentChanges(db),
    pageIndex: createPageIndex(db),
    readable: createReadFilters(access, acl.rules),
  };
}
