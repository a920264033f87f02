// The renderer with the syntax of the enabled plugins: rebuilt when the enabled set changes, and
// falling back to Quire's own syntax when a plugin's extension throws, so the page still shows.
import { createRenderer, type MarkdownExtension, type RenderContext, type Renderer } from '../render/index.js';
import type { PluginLog } from './plugin.js';
import type { PluginRegistry } from './registry.js';

export function createPluginRenderer(registry: PluginRegistry, log: PluginLog): Renderer {
  const core = createRenderer();
  let built: { key: string; renderer: Renderer } = { key: '', renderer: core };

  function guarded(name: string, extend: MarkdownExtension): MarkdownExtension {
    return (md) => {
      try {
        extend(md);
      } catch (error) {
        log.error({ err: error, plugin: name }, 'plugin syntax could not be added');
      }
    };
  }

  function current(): Renderer {
    const syntax = registry.enabled().flatMap(({ manifest, markdown }) => (markdown ? [{ name: manifest.name, markdown }] : []));
    const key = syntax.map(({ name }) => name).join(' ');
    if (key !== built.key) {
      const extensions = syntax.map(({ name, markdown }) => guarded(name, markdown));
      built = { key, renderer: key === '' ? core : createRenderer({ extensions }) };
    }
    return built.renderer;
  }

  function isolated<T>(work: (renderer: Renderer) => T): T {
    const renderer = current();
    if (renderer === core) return work(core);
    try {
      return work(renderer);
    } catch (error) {
      log.error({ err: error, plugins: built.key }, 'plugin syntax failed; the page is shown without it');
      return work(core);
    }
  }

  return {
    render: (text: string, ctx: RenderContext) => isolated((renderer) => renderer.render(text, ctx)),
    extractLinks: (text: string, ctx: RenderContext) => isolated((renderer) => renderer.extractLinks(text, ctx)),
  };
}
