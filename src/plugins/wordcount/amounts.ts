// "1 word", "1 234 mots": counts with the language's plural form and digit grouping.
import type { Lang } from '../../i18n/index.js';
import type { PluginTranslate } from '../plugin.js';
import type { WordcountKey } from './strings.js';

export type Amounts = ReturnType<typeof createAmounts>;

/** Intl objects are costly to make: one set per language, kept by the plugin's state. */
export function createAmounts() {
  const formats = new Map<Lang, { plural: Intl.PluralRules; number: Intl.NumberFormat }>();
  function formatsFor(lang: Lang) {
    let found = formats.get(lang);
    if (!found) {
      found = { plural: new Intl.PluralRules(lang), number: new Intl.NumberFormat(lang) };
      formats.set(lang, found);
    }
    return found;
  }
  return (t: PluginTranslate<WordcountKey>, lang: Lang, unit: 'words' | 'minutes', count: number): string => {
    const { plural, number } = formatsFor(lang);
    // French says "0 mot" and "1 mot": its 'one' covers both; 'many' (1 000 000) reads as 'other'.
    return t(plural.select(count) === 'one' ? `${unit}.one` : `${unit}.other`, { count: number.format(count) });
  };
}
