// CodeMirror's own styles under the strict Content Security Policy (`style-src 'self'`, issue 13).
// style-mod, which CodeMirror writes its themes with, uses a constructed stylesheet only for shadow
// roots: in a document it fills a <style> element, which that policy blocks, and the editor would
// show unstyled. Its mount is replaced by one that always adopts a constructed stylesheet — no
// markup is parsed, so the policy allows it — keeping style-mod's order: later modules win.
import { StyleModule } from 'style-mod';

type StyleRoot = Document | ShadowRoot;

interface Adopted {
  sheet: CSSStyleSheet;
  modules: StyleModule[];
}

export function adoptEditorStyles(): void {
  const adopted = new WeakMap<StyleRoot, Adopted>();
  StyleModule.mount = (root, modules) => {
    const target = root as StyleRoot;
    const wanted = Array.isArray(modules) ? (modules as StyleModule[]) : [modules as StyleModule];
    let entry = adopted.get(target);
    if (!entry) {
      entry = { sheet: new CSSStyleSheet(), modules: [] };
      adopted.set(target, entry);
      // First, as style-mod does: the page's own adopted sheets come after and win.
      target.adoptedStyleSheets = [entry.sheet, ...target.adoptedStyleSheets];
    }
    const kept = entry.modules.filter((module) => !wanted.includes(module));
    const order = [...kept, ...wanted];
    if (order.length === entry.modules.length && order.every((module, i) => module === entry.modules[i])) return;
    entry.modules = order;
    entry.sheet.replaceSync(order.map((module) => module.getRules()).join('\n'));
  };
}
