// The eta engine of the views (views/): templates compiled once, paths resolved once, and the
// explicit `partial(NAME, DATA)` every template draws its partials with. Screens render through it
// (@fastify/view), and so do toolbox widgets drawn inside page HTML.
import { Eta } from 'eta';

/**
 * Templates draw their partials with `partial(NAME, DATA)`: DATA is exactly what the partial sees.
 * (Eta's own `include` copies the whole parent's data, some thirty keys of a screen, into each
 * partial first, which cost more than drawing most of them.) Declared through eta's
 * `functionHeader`, so every compiled template has it.
 */
const PARTIAL = 'const partial = (name, data) => this.render(name, data, options);';

/**
 * Eta with compiled templates cached and template paths resolved once (eta otherwise works out the
 * file of every partial again on each render).
 */
export function createEta(views: string): Eta {
  const eta = new Eta({ views, cache: true, autoTrim: false, functionHeader: PARTIAL });
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
