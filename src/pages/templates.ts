// Namespace templates (SPEC §12): the page `template` of a new page's namespace, or of the nearest
// parent namespace, is its initial text, with DokuWiki's placeholders replaced as its
// `parsePageTemplate` does. Pure: the caller says which pages exist and who is writing when.
import { nameOf, namespaceOf } from './page-id.js';

export const TEMPLATE_NAME = 'template';

/** Where a new page's template may be, nearest first: `a:b:template`, `a:template`, `template`. */
export function templateCandidates(pageId: string): string[] {
  const candidates: string[] = [];
  for (let ns = namespaceOf(pageId); ; ns = namespaceOf(ns)) {
    candidates.push(ns === '' ? TEMPLATE_NAME : `${ns}:${TEMPLATE_NAME}`);
    if (ns === '') return candidates;
  }
}

/**
 * The template page for a new page `pageId`, or null. A template page is not made from a
 * template itself: creating `ns:template` starts empty.
 */
export function nearestTemplate(pageId: string, exists: (id: string) => boolean): string | null {
  if (nameOf(pageId) === TEMPLATE_NAME) return null;
  return templateCandidates(pageId).find(exists) ?? null;
}

export interface TemplateFacts {
  /** The id of the page being created. */
  pageId: string;
  /** The creator's login and name ('' when anonymous) and e-mail address ('' when unknown). */
  login: string;
  name: string;
  mail: string;
  now: Date;
  lang: string;
}

/** DokuWiki's default `dformat`, which `@DATE@` stands for. */
const DATE_FORMAT = '%Y/%m/%d %H:%M';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function dayOfYear(date: Date): number {
  const start = new Date(date.getFullYear(), 0, 1);
  return Math.round((date.getTime() - start.getTime()) / 86_400_000) + 1;
}

/**
 * The strftime conversions a DokuWiki template may hold (`%Y-%m-%d`), in the server's time zone as
 * DokuWiki's are; names of months and days in the creator's language. Others are left as written.
 */
function strftime(format: string, date: Date, lang: string): string {
  const name = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(lang, options).format(date);
  const hour12 = date.getHours() % 12 || 12;
  const conversions: Record<string, () => string> = {
    a: () => name({ weekday: 'short' }),
    A: () => name({ weekday: 'long' }),
    b: () => name({ month: 'short' }),
    h: () => name({ month: 'short' }),
    B: () => name({ month: 'long' }),
    d: () => pad(date.getDate()),
    e: () => String(date.getDate()).padStart(2, ' '),
    j: () => pad(dayOfYear(date), 3),
    m: () => pad(date.getMonth() + 1),
    y: () => pad(date.getFullYear() % 100),
    Y: () => String(date.getFullYear()),
    H: () => pad(date.getHours()),
    I: () => pad(hour12),
    M: () => pad(date.getMinutes()),
    S: () => pad(date.getSeconds()),
    p: () => (date.getHours() < 12 ? 'AM' : 'PM'),
    F: () => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`,
    D: () => `${pad(date.getMonth() + 1)}/${pad(date.getDate())}/${pad(date.getFullYear() % 100)}`,
    R: () => `${pad(date.getHours())}:${pad(date.getMinutes())}`,
    T: () => `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`,
    '%': () => '%',
  };
  return format.replace(/%(.)/gs, (whole, letter: string) => conversions[letter]?.() ?? whole);
}

const upperFirst = (text: string) => text.charAt(0).toLocaleUpperCase() + text.slice(1);
const upperWords = (text: string) => text.replace(/(^|\s)(\S)/gu, (_whole, space: string, letter: string) => space + letter.toLocaleUpperCase());

/**
 * `template` with DokuWiki's placeholders replaced for a new page: `@ID@` the page id, `@NS@` its
 * namespace, `@CURNS@` the namespace's last part, `@FILE@` the page's own name, `@PAGE@` that
 * name with `_` as spaces, `@USER@` the creator's login, `@NAME@` their name, `@MAIL@` their
 * address and `@DATE@` the date and time; `@!X@` capitalises the first letter, `@!!X@` every word's,
 * `@!X!@` all of it. strftime conversions (`%Y`) in the template are replaced too, as DokuWiki does,
 * but never inside a replaced value.
 */
export function fillTemplate(template: string, facts: TemplateFacts): string {
  const file = nameOf(facts.pageId);
  const page = file.replace(/_/g, ' ');
  const ns = namespaceOf(facts.pageId);
  const curNs = nameOf(ns);
  const values: Record<string, string> = {
    '@ID@': facts.pageId,
    '@NS@': ns,
    '@CURNS@': curNs,
    '@!CURNS@': upperFirst(curNs),
    '@!!CURNS@': upperWords(curNs),
    '@!CURNS!@': curNs.toLocaleUpperCase(),
    '@FILE@': file,
    '@!FILE@': upperFirst(file),
    '@!FILE!@': file.toLocaleUpperCase(),
    '@PAGE@': page,
    '@!PAGE@': upperFirst(page),
    '@!!PAGE@': upperWords(page),
    '@!PAGE!@': page.toLocaleUpperCase(),
    '@USER@': facts.login,
    '@NAME@': facts.name,
    '@MAIL@': facts.mail,
    '@DATE@': strftime(DATE_FORMAT, facts.now, facts.lang),
  };
  // One pass over the template: a value is never read again for placeholders or conversions.
  const wanted = new RegExp(`${Object.keys(values).join('|')}|%.`, 'gs');
  return template.replace(wanted, (whole) => values[whole] ?? strftime(whole, facts.now, facts.lang));
}
