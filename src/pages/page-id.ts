// Page ids as DokuWiki spells them (SPEC §2): cleaning, namespaces, start pages,
// relative link resolution, heading anchors, and the id ↔ URL path mapping (SPEC §3).

export const MAX_ID_LENGTH = 1000;

// DokuWiki's deaccent table folds these the German way, or into letters that NFD
// cannot decompose (ł, đ, þ …); every other accented Latin letter just loses its marks.
const SPECIAL_FOLDS: Readonly<Record<string, string>> = {
  ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', å: 'a',
  þ: 'th', ð: 'dh', ł: 'l', đ: 'd', ħ: 'h', ŧ: 't', ı: 'i', ƒ: 'f', ŀ: 'l', µ: 'u',
};
const SPECIAL_FOLD_CHARS = new RegExp(`[${Object.keys(SPECIAL_FOLDS).join('')}]`, 'gu');
// Only Latin letters are folded: Greek, Arabic, Devanagari … keep their marks.
const LATIN_WITH_MARKS = /\p{Script=Latin}\p{M}*/gu;
const NOT_ID_CHAR = /[^\p{L}\p{N}\p{M}_.:-]/gu;

function foldAccents(text: string): string {
  return text
    .replace(SPECIAL_FOLD_CHARS, (ch) => SPECIAL_FOLDS[ch] ?? ch)
    .replace(LATIN_WITH_MARKS, (letter) => letter.normalize('NFD').replace(/\p{M}/gu, ''));
}

/** DokuWiki cleanID with sepchar '_', accents folded the German way, '/' and ';' read as ':' (SPEC §2 steps 1–5). Never truncates: MAX_ID_LENGTH is the caller's check. */
export function cleanId(raw: string): string {
  const folded = foldAccents(raw.trim().toLowerCase().normalize('NFC').replace(/[;/]/g, ':'));
  return folded
    .replace(NOT_ID_CHAR, '_')
    .replace(/_+/g, '_')
    // Any run of separators holding a ':' shrinks to that ':' — DokuWiki's two passes
    // (':[:._-]+' and '[:._-]+:') in one, which also collapses ':' runs.
    .replace(/[._-]*:[:._-]*/g, ':')
    .replace(/^[:._-]+|[:._-]+$/g, '');
}

/** Namespace part of an id ('' for root): namespaceOf('a:b:c') === 'a:b'. */
export function namespaceOf(id: string): string {
  const at = id.lastIndexOf(':');
  return at < 0 ? '' : id.slice(0, at);
}

/** Last part of an id: nameOf('a:b:c') === 'c'. */
export function nameOf(id: string): string {
  return id.slice(id.lastIndexOf(':') + 1);
}

/** The namespaces from root down, for "you are here": parentsOf('a:b:c') → ['a', 'a:b']. */
export function parentsOf(id: string): string[] {
  const parts = id.split(':').slice(0, -1);
  return parts.map((_, i) => parts.slice(0, i + 1).join(':'));
}

/** Start page of the clean namespace `ns` ('' = root → `start`): ns:start, else ns:<last part>, else the page `ns` beside it, else ns:start. */
export function startPageOf(ns: string, exists: (id: string) => boolean, start = 'start'): string {
  if (ns === '') return start;
  const candidates = [`${ns}:${start}`, `${ns}:${nameOf(ns)}`, ns];
  return candidates.find((id) => exists(id)) ?? `${ns}:${start}`;
}

// PageResolver::resolvePrefix — turns '~', leading dots and bare names into a path
// from the root that may still hold '.' and '..' parts.
function anchorToRoot(link: string, contextId: string): string {
  const contextNs = namespaceOf(contextId);
  const id = link.startsWith('~') ? `${contextId}:${link.slice(1)}` : link;
  if (id.startsWith('.')) {
    // '..page' means '..:page', but '....:' stays a (meaningless) name part as in DokuWiki.
    return `${contextNs}:${id.replace(/^((?:\.+:)*)(\.+)(?=[^:.])/, '$1$2:')}`;
  }
  if (contextId !== '' && !id.includes(':')) return `${contextNs}:${id}`;
  return id;
}

// Resolver::resolveRelatives — trailing dots go first, so '[[..]]' ends in ':' and means
// the current namespace's start page; '..' never climbs above the root.
function collapseRelatives(path: string): string {
  const trimmed = path.replace(/\.+$/, '');
  const trail = trimmed.endsWith(':') ? ':' : '';
  const parts: string[] = [];
  for (const part of trimmed.split(':')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join(':') + trail;
}

/** Resolves a wiki link written on page `contextId` as DokuWiki's PageResolver does; the hash is returned raw ('' when none). */
export function resolveLink(
  link: string,
  contextId: string,
  exists: (id: string) => boolean,
  start = 'start',
): { id: string; hash: string } {
  const hashAt = link.indexOf('#');
  // The hash stays raw: the renderer turns it into an anchor with sectionId.
  const hash = hashAt < 0 ? '' : link.slice(hashAt + 1);
  const target = (hashAt < 0 ? link : link.slice(0, hashAt)).trim().replace(/[;/]/g, ':');
  if (target === '') return { id: cleanId(contextId), hash };
  const path = collapseRelatives(anchorToRoot(target, contextId));
  if (!path.endsWith(':')) return { id: cleanId(path), hash };
  return { id: cleanId(startPageOf(cleanId(path), exists, start)), hash };
}

/** DokuWiki sectionID for a heading text, without the uniqueness counter. */
export function sectionId(text: string): string {
  const title = cleanId(text).replace(/[:.]/g, '');
  const rest = title.replace(/^[0-9_-]+/, '');
  return rest === '' ? `section${title.replace(/[^0-9]/g, '')}` : rest;
}

/** Unique anchors for the successive headings of one page: introduction, introduction1 … as DokuWiki numbers them. */
export function sectionIdCounter(): (text: string) => string {
  const used = new Set<string>();
  return (text) => {
    const base = sectionId(text);
    let candidate = base;
    for (let suffix = 1; used.has(candidate); suffix++) candidate = `${base}${suffix}`;
    used.add(candidate);
    return candidate;
  };
}

/** Canonical URL path of a page id, each part percent-encoded: 'a:b:c' → '/a/b/c'. */
export function idToPath(id: string): string {
  return `/${id.split(':').map(encodeURIComponent).join('/')}`;
}

/** Raw (uncleaned) id of a request path; a trailing '/' stays a trailing ':' (namespace start). null for a bad percent-escape. */
export function pathToRawId(path: string): string | null {
  try {
    return decodeURIComponent(path.replace(/^\//, '')).replace(/\//g, ':');
  } catch {
    return null;
  }
}
