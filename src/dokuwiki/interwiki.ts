// DokuWiki's usual interwiki shortcuts (conf/interwiki.conf), as external links; `{NAME}` is
// the part after `>`. Unknown shortcuts are kept as text by the converter.
const SHORTCUTS: Readonly<Record<string, string>> = {
  wp: 'https://en.wikipedia.org/wiki/{NAME}',
  wpfr: 'https://fr.wikipedia.org/wiki/{NAME}',
  wpde: 'https://de.wikipedia.org/wiki/{NAME}',
  wpes: 'https://es.wikipedia.org/wiki/{NAME}',
  wpmeta: 'https://meta.wikipedia.org/wiki/{NAME}',
  doku: 'https://www.dokuwiki.org/{NAME}',
  rfc: 'https://tools.ietf.org/html/rfc{NAME}',
  google: 'https://www.google.com/search?q={NAME}',
  go: 'https://www.google.com/search?q={NAME}&btnI=lucky',
  amazon: 'https://www.amazon.com/dp/{NAME}',
  phpfn: 'https://www.php.net/{NAME}',
};

/** The URL of an interwiki link `[[name>page]]`, or null for a shortcut we do not know. */
export function interwikiUrl(name: string, page: string): string | null {
  const template = SHORTCUTS[name.toLowerCase()];
  if (!template) return null;
  return template.replace('{NAME}', encodeURIComponent(page).replace(/%2F/g, '/').replace(/%23/g, '#').replace(/%3A/g, ':'));
}
