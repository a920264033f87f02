// Page HTML for readers: the renderer's output for one (page, revision), cached until the set of
// existing pages changes, with links the reader may not read turned into plain text.
import { idToPath } from './page-id.js';
import type { PageStore } from './pages.js';
import type { LinkState, RenderContext, RenderResult, Renderer } from './render/index.js';

export interface PageRendererOptions {
  pages: PageStore;
  renderer: Renderer;
  startPage: () => string;
  /** Most bytes of HTML kept in the cache. */
  maxCacheBytes?: number;
}

interface Entry {
  rev: number;
  generation: number;
  result: RenderResult;
  bytes: number;
}

export type PageRenderer = ReturnType<typeof createPageRenderer>;

export function createPageRenderer(options: PageRendererOptions) {
  const { pages, renderer } = options;
  const maxBytes = options.maxCacheBytes ?? 32 * 1024 * 1024;
  const cache = new Map<string, Entry>();
  let cachedBytes = 0;
  // Bumped whenever a page starts or stops existing: every cached link class may be stale then.
  let generation = 0;

  function context(pageId: string, canRead: (id: string) => boolean): RenderContext {
    const start = options.startPage();
    return {
      pageId,
      startPage: start,
      exists: pages.exists,
      linkState: (id): LinkState => (!canRead(id) ? 'hidden' : pages.exists(id) ? 'exists' : 'missing'),
      pageUrl: idToPath,
    };
  }

  function remember(key: string, entry: Entry): void {
    const old = cache.get(key);
    if (old) cachedBytes -= old.bytes;
    cache.delete(key);
    cache.set(key, entry);
    cachedBytes += entry.bytes;
    for (const [oldest, value] of cache) {
      if (cachedBytes <= maxBytes) break;
      cache.delete(oldest);
      cachedBytes -= value.bytes;
    }
  }

  return {
    /**
     * Renders the text (revision `rev` of page `id`) for a reader; `canRead` says which linked
     * pages the reader may see. Only renders that hide nothing are cached (the common case).
     */
    render(id: string, rev: number, loadText: () => string, canRead: (id: string) => boolean): RenderResult {
      const key = id;
      const hit = cache.get(key);
      let base: RenderResult;
      if (hit && hit.rev === rev && hit.generation === generation) {
        base = hit.result;
      } else {
        base = renderer.render(loadText(), context(id, () => true));
        if (!hit || hit.rev <= rev) remember(key, { rev, generation, result: base, bytes: base.html.length * 2 });
      }
      if (base.links.every(canRead)) return base;
      return renderer.render(loadText(), context(id, canRead));
    },
    /** Renders text that is not stored (preview, export of a draft). */
    preview(id: string, text: string, canRead: (id: string) => boolean): RenderResult {
      return renderer.render(text, context(id, canRead));
    },
    /** Title and links of a text about to be saved. */
    analyse(id: string, text: string): { title: string | null; links: string[] } {
      const result = renderer.render(text, context(id, () => true));
      return { title: result.title, links: result.links };
    },
    /** Call when a page is created or deleted: links to it change class on every page. */
    existenceChanged(): void {
      generation += 1;
    },
  };
}
