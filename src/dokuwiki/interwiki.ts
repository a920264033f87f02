// Interwiki shortcuts (`[[wp>Page]]`): DokuWiki's shipped map, the parser of `conf/interwiki.conf`
// and `interwiki.local.conf`, and the URL a shortcut gives, placeholder for placeholder as
// DokuWiki's renderer builds it (_resolveInterWiki).

import { cleanId, idToPath, sectionId } from '../pages/page-id.js';

/** Shortcut (lower case) → URL template. */
export type InterwikiMap = ReadonlyMap<string, string>;

/** DokuWiki's shipped conf/interwiki.conf. */
export const DOKUWIKI_INTERWIKI: InterwikiMap = new Map([
  ['wp', 'https://en.wikipedia.org/wiki/{NAME}'],
  ['wpfr', 'https://fr.wikipedia.org/wiki/{NAME}'],
  ['wpde', 'https://de.wikipedia.org/wiki/{NAME}'],
  ['wpes', 'https://es.wikipedia.org/wiki/{NAME}'],
  ['wppl', 'https://pl.wikipedia.org/wiki/{NAME}'],
  ['wpjp', 'https://ja.wikipedia.org/wiki/{NAME}'],
  ['wpru', 'https://ru.wikipedia.org/wiki/{NAME}'],
  ['wpmeta', 'https://meta.wikipedia.org/wiki/{NAME}'],
  ['doku', 'https://www.dokuwiki.org/'],
  ['rfc', 'https://tools.ietf.org/html/rfc'],
  ['man', 'http://man.cx/'],
  ['amazon', 'https://www.amazon.com/dp/{URL}'],
  ['amazon.de', 'https://www.amazon.de/dp/{URL}'],
  ['amazon.uk', 'https://www.amazon.co.uk/dp/{URL}'],
  ['paypal', 'https://www.paypal.com/cgi-bin/webscr?cmd=_xclick&business='],
  ['phpfn', 'https://secure.php.net/{NAME}'],
  ['skype', 'skype:{NAME}'],
  ['google', 'https://www.google.com/search?q='],
  ['google.de', 'https://www.google.de/search?q='],
  ['go', 'https://www.google.com/search?q={URL}&btnI=lucky'],
  ['user', ':user:{NAME}'],
  ['callto', 'callto://{NAME}'],
  ['tel', 'tel:{NAME}'],
]);

const SHORTCUT = /^[\w.-]+$/;

/** Reads an interwiki.conf: `name  URL` per line, `#` comments; `&amp;` as DokuWiki writes `&` there. */
export function parseInterwikiConf(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const content = line.replace(/(^|\s)#.*$/, '').trim();
    const match = /^(\S+)\s+(\S+)$/.exec(content);
    if (!match || !SHORTCUT.test(match[1]!)) continue;
    map.set(match[1]!.toLowerCase(), match[2]!.replace(/&amp;/g, '&'));
  }
  return map;
}

/** Where an interwiki link leads: an absolute URL, a page of this wiki, or a path on this site. */
export type InterwikiTarget = { url: string } | { page: string; query: string; hash: string } | { path: string };

/** The href of `[[shortcut>reference]]`: a URL, a site path, or the URL of the page it names; null when unknown. */
export function interwikiHref(map: InterwikiMap, shortcut: string, reference: string): string | null {
  const target = interwikiTarget(map, shortcut, reference);
  if (target === null) return null;
  if ('url' in target) return target.url;
  if ('path' in target) return target.path;
  const id = cleanId(target.page);
  if (id === '') return null;
  return `${idToPath(id)}${target.query === '' ? '' : `?${target.query}`}${target.hash === '' ? '' : `#${sectionId(target.hash)}`}`;
}

// PHP's rawurlencode: everything but A-Z a-z 0-9 - _ . ~
const rawUrlEncode = (text: string): string =>
  encodeURIComponent(text).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);

function fillPlaceholders(template: string, reference: string): string {
  let url = template.replace('{URL}', rawUrlEncode(reference));
  url = url.replace(
    '{NAME}',
    url.startsWith(':') ? reference : reference.replace(/[[\\\]^`{|}#%]/g, (ch) => rawUrlEncode(ch)),
  );
  let parsed: URL | null = null;
  try {
    parsed = new URL(reference);
  } catch {
    parsed = null;
  }
  return url
    .replace('{SCHEME}', parsed?.protocol.replace(/:$/, '') ?? '')
    .replace('{HOST}', parsed?.hostname ?? '')
    .replace('{PORT}', parsed?.port || '80')
    .replace('{PATH}', parsed?.pathname ?? '')
    .replace('{QUERY}', parsed?.search.replace(/^\?/, '') ?? '');
}

/**
 * The target of `[[shortcut>reference]]` with `map`, or null for a shortcut the map lacks (DokuWiki
 * would fall back to a `default` entry when there is one). `this` is this wiki itself.
 */
export function interwikiTarget(map: InterwikiMap, shortcut: string, reference: string): InterwikiTarget | null {
  const name = shortcut.toLowerCase();
  const hashAt = reference.lastIndexOf('#');
  const hash = hashAt < 0 ? '' : reference.slice(hashAt + 1);
  const ref = hashAt < 0 ? reference : reference.slice(0, hashAt);
  if (name === 'this') return { path: `/${ref.replace(/^\/+/, '')}${hash === '' ? '' : `#${rawUrlEncode(hash)}`}` };
  const template = map.get(name) ?? map.get('default');
  if (template === undefined) return null;
  const url = /\{(URL|NAME|SCHEME|HOST|PORT|PATH|QUERY)\}/.test(template) ? fillPlaceholders(template, ref) : template + rawUrlEncode(ref);
  if (url.startsWith(':')) {
    const queryAt = url.indexOf('?');
    return { page: queryAt < 0 ? url : url.slice(0, queryAt), query: queryAt < 0 ? '' : url.slice(queryAt + 1), hash };
  }
  return { url: hash === '' ? url : `${url}#${rawUrlEncode(hash)}` };
}
