// Translation: t(key, params) over the English and French catalogues, dates and numbers with Intl.
import { en, type MessageKey } from './en.js';
import { fr } from './fr.js';

export type { MessageKey };
export const LANGUAGES = ['en', 'fr'] as const;
export type Lang = (typeof LANGUAGES)[number];

const catalogues: Record<Lang, Record<MessageKey, string>> = { en, fr };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export interface Locale {
  lang: Lang;
  t: Translate;
  date(ms: number): string;
  /** A signed change (+12, −3), as sizes in revision lists. */
  number(n: number): string;
  /** A quantity with the language's digit grouping: 1,234 in English, 1 234 in French. */
  count(n: number | bigint): string;
}

export function isLang(value: unknown): value is Lang {
  return (LANGUAGES as readonly unknown[]).includes(value);
}

function makeLocale(lang: Lang): Locale {
  const messages = catalogues[lang];
  const dateFormat = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
  const numberFormat = new Intl.NumberFormat(lang, { signDisplay: 'exceptZero' });
  const countFormat = new Intl.NumberFormat(lang);
  return {
    lang,
    t: (key, params) => {
      const message = messages[key];
      if (!params) return message;
      return message.replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole));
    },
    date: (ms) => dateFormat.format(ms),
    number: (n) => numberFormat.format(n),
    count: (n) => countFormat.format(n),
  };
}

// Built once per language: Intl formatters are costly to create and the catalogues never change.
const locales: Record<Lang, Locale> = { en: makeLocale('en'), fr: makeLocale('fr') };

export function localeFor(lang: Lang): Locale {
  return locales[lang];
}
