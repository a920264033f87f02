// definePlugin: checks a plugin's definition against the contract (its string keys, its state) and
// binds state and translator into every part when Quire activates it for one wiki.
import type { Lang, Locale } from '../i18n/index.js';
import type {
  ActivePlugin,
  ActiveWidget,
  Plugin,
  PluginDefinition,
  PluginHost,
  PluginStrings,
  PluginTranslate,
  RequestFacts,
} from './plugin.js';

export function pluginTranslator<K extends string>(strings: PluginStrings<K>, lang: Lang): PluginTranslate<K> {
  const messages: Readonly<Record<string, string>> = strings[lang];
  return (key, params) => {
    const message = messages[key] ?? key;
    if (!params) return message;
    return message.replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole));
  };
}

export function definePlugin<K extends string, S = undefined>(definition: PluginDefinition<K, S>): Plugin {
  const { manifest, strings } = definition;
  const translate = (locale: Locale) => pluginTranslator(strings, locale.lang);
  // The same translator for templates, which may name any key.
  const templateTranslate = (locale: Locale) => pluginTranslator<string>(strings, locale.lang);

  function activate(host: PluginHost): ActivePlugin {
    // A plugin without init has no state: S is then `undefined`, its default.
    const state = definition.init ? definition.init(host) : (undefined as S);
    const call = (facts: RequestFacts) => ({ t: translate(facts.locale), state, ...facts });
    const widgets = new Map<string, ActiveWidget>();
    for (const [name, widget] of Object.entries(definition.widgets ?? {})) {
      widgets.set(name, {
        title: (locale) => translate(locale)(widget.title),
        render: (facts) => ({ ...widget.render({ ...call(facts), pageId: facts.pageId, domId: facts.domId }), pt: templateTranslate(facts.locale) }),
      });
    }
    const { page, site, user } = definition.tools ?? {};
    const { saved, deleted, renamed } = definition.hooks ?? {};
    const { routes, toolbar } = definition;
    return {
      manifest,
      markdown: definition.markdown,
      widgets,
      tools: {
        page: page && ((facts) => page({ pageId: facts.pageId, permission: facts.permission, rev: facts.rev, ...call(facts) })),
        site: site && ((facts) => site(call(facts))),
        user: user && ((facts) => user(call(facts))),
      },
      toolbar: toolbar && ((facts) => toolbar({ pageId: facts.pageId, ...call(facts) })),
      routes: routes && ((app) => routes(app, { name: manifest.name, state, host, translate })),
      hooks: {
        saved: saved && ((event) => saved(event, state)),
        deleted: deleted && ((event) => deleted(event, state)),
        renamed: renamed && ((event) => renamed(event, state)),
      },
      assets: definition.assets ?? {},
    };
  }

  return { manifest, strings, activate };
}
