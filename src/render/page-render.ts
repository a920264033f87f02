// Page HTML for readers: the renderer's output for one (page, revision), cached until the set of
// existing pages or of enabled plugins changes, with links the reader may not read turned into
// plain text and toolbox widgets drawn anew at every render. Old revisions and renders that hide
// links are cached too, each under its own key: an anonymous request must never cost a render
// of up to 2 MB every time it is repeated.
import { idToPath } from '../pages/page-id.js';
import type { PageStore } from '../pages/store.js';
import { assembleHtml, type LinkState, type RenderContext, type RenderResult, type Renderer, type SectionHeading } from './index.js';

export interface PageRendererOptions {
  pages: PageStore;
  renderer: Renderer;
  startPage: () => string;
  /** Most bytes of HTML kept in the cache. */
  maxCacheBytes?: number;
  /** HTML of a `{{toolbox>NAME}}` widget: drawn at every render, cached or not. */
  placeWidget?: (name: string, pageId: string, index: number) => string;
  /** Where `[[shortcut>reference]]` leads (the interwiki map); absent: such links stay text. */
  interwiki?: (shortcut: string, reference: string) => string | null;
  /** Changes when the syntax changes (a plugin enabled or disabled): every cached render is stale then. */
  epoch?: () => number;
}

interface Entry {
  generation: number;
  epoch: number;
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
  // Another process's writes (an import from the command line) count too, seen within a second.
  let generation = 0;
  const currentGeneration = () => generation + pages.writesElsewhere();

  function context(pageId: string, canRead: (id: string) => boolean, drawWidgets = true): RenderContext {
    const start = options.startPage();
    const { placeWidget } = options;
    return {
      pageId,
      startPage: start,
      exists: pages.exists,
      linkState: (id): LinkState => (!canRead(id) ? 'hidden' : pages.exists(id) ? 'exists' : 'missing'),
      pageUrl: idToPath,
      ...(options.interwiki ? { interwiki: options.interwiki } : {}),
      ...(placeWidget && drawWidgets ? { widget: (name: string, index: number) => placeWidget(name, pageId, index) } : {}),
    };
  }

  /** A cached render with its widgets drawn again for this reader. */
  function withWidgets(id: string, cached: RenderResult): RenderResult {
    if (cached.parts.every((part) => 'html' in part)) return cached;
    return { ...cached, html: assembleHtml(cached.parts, context(id, () => true).widget) };
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
    /** Renders the text (revision `rev` of page `id`) for a reader; `canRead` says which linked pages the reader may see. */
    render(id: string, rev: number, loadText: () => string, canRead: (id: string) => boolean): RenderResult {
      const epoch = options.epoch?.() ?? 0;
      const generationNow = currentGeneration();
      const cached = (key: string, make: () => RenderResult): RenderResult => {
        const hit = cache.get(key);
        if (hit && hit.generation === generationNow && hit.epoch === epoch) return withWidgets(id, hit.result);
        const result = make();
        remember(key, { generation: generationNow, epoch, result, bytes: result.html.length * 2 });
        return result;
      };
      const key = `${rev}:${id}`;
      const base = cached(key, () => renderer.render(loadText(), context(id, () => true)));
      // What this reader may not see: readers who see the same are served the same render.
      const hidden = [...base.links, ...base.mediaScopes].filter((target) => !canRead(target));
      if (hidden.length === 0) return base;
      return cached(`${key}\n${hidden.join('\n')}`, () => renderer.render(loadText(), context(id, canRead)));
    },
    /** Renders text that is not stored (preview, export of a draft). */
    preview(id: string, text: string, canRead: (id: string) => boolean): RenderResult {
      return renderer.render(text, context(id, canRead));
    },
    /** Title and links of a text about to be saved. */
    analyse(id: string, text: string): { title: string | null; links: string[]; sections: SectionHeading[] } {
      const result = renderer.render(text, context(id, () => true, false));
      return { title: result.title, links: result.links, sections: result.sections };
    },
    /** Changes whenever a page starts or stops existing (and with it, how links render). */
    generation: currentGeneration,
    /** Call when a page is created or deleted: links to it change class on every page. */
    existenceChanged(): void {
      generation += 1;
    },
  };
}
