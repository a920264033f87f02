// Toolbox widgets drawn for one request: in a page (`{{toolbox>NAME}}`) or in the layout's panel.
// A widget that is unknown, disabled or throws becomes a short escaped notice; the page goes on.
import type { Eta } from 'eta';
import type { RequestFacts, PluginLog, PluginTranslate } from './plugin.js';
import type { PluginRegistry } from './registry.js';

const TEMPLATE = /^plugin-[a-z0-9-]+$/;

/** What views/plugin-widget.eta draws: a widget with its template and data, or a notice. */
export type WidgetPlacement =
  | { kind: 'widget'; name: string; title: string; template: string; data: Record<string, unknown>; pt: PluginTranslate<string>; domId: string }
  | { kind: 'notice'; name: string; message: string };

export interface ToolboxOptions {
  registry: PluginRegistry;
  /** The engine of the views, to draw a widget outside a reply (inside page HTML). */
  eta: Eta;
  log: PluginLog;
  /** The widget names the admin put in the toolbox panel, in order. */
  panelWidgets: () => readonly string[];
}

export type Toolbox = ReturnType<typeof createToolbox>;

export function createToolbox(options: ToolboxOptions) {
  const { registry, eta, log } = options;

  function place(name: string, facts: RequestFacts, pageId: string | null, domId: string): WidgetPlacement {
    const { t } = facts.locale;
    const widget = registry.widget(name);
    if (!widget) return { kind: 'notice', name, message: t('toolbox.unknown', { name }) };
    try {
      const view = widget.render({ ...facts, pageId, domId });
      if (!TEMPLATE.test(view.template)) throw new Error(`widget template "${view.template}" is not views/plugin-*.eta`);
      return { kind: 'widget', name, title: widget.title(facts.locale), ...view, domId };
    } catch (error) {
      log.error({ err: error, widget: name }, 'widget failed');
      return { kind: 'notice', name, message: t('toolbox.failed', { name }) };
    }
  }

  /** The widget's HTML; a template that throws is a notice too. */
  function draw(name: string, facts: RequestFacts, pageId: string | null, domId: string): string {
    const placement = place(name, facts, pageId, domId);
    const frame = (shown: WidgetPlacement) => eta.render('/plugin-widget', { placement: shown, locale: facts.locale });
    try {
      return frame(placement);
    } catch (error) {
      log.error({ err: error, widget: name }, 'widget template failed');
      return frame({ kind: 'notice', name, message: facts.locale.t('toolbox.failed', { name }) });
    }
  }

  return {
    /** A widget placed in page `pageId`, the `index`-th of that page. */
    inPage: (name: string, facts: RequestFacts, pageId: string, index: number): string => draw(name, facts, pageId, `widget-${index + 1}`),
    /** The panel's widgets, skipping those not enabled (the admin's list may name a disabled plugin's). */
    panel(facts: RequestFacts): string[] {
      return options.panelWidgets()
        .filter((name) => registry.widget(name))
        .map((name, index) => draw(name, facts, null, `toolbox-${index + 1}`));
    },
  };
}
