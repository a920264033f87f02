// The trace (SPEC §4): the last pages visited in this browser session, as DokuWiki's breadcrumbs —
// newest last, no duplicates (a page visited again moves to the end), kept in a session cookie.
// Pure: reading, updating and writing the cookie value.

export const TRACE_COOKIE = 'quire_trace';
/** Browsers keep about 4 KB per cookie; older entries are dropped to stay well below. */
const MAX_COOKIE_CHARS = 3000;
const SEPARATOR = '|';

/** The ids in a cookie value, oldest first; anything that cannot be an id is dropped. */
export function readTrace(value: string | undefined): string[] {
  if (!value) return [];
  return value.split(SEPARATOR).filter((id) => id !== '' && !id.startsWith('_') && id.length <= 1000);
}

/** The trace after visiting `id`: at the end, once, at most `max` entries. */
export function visit(trace: readonly string[], id: string, max: number): string[] {
  const next = [...trace.filter((entry) => entry !== id), id];
  return max <= 0 ? [] : next.slice(-max);
}

/** The cookie value for a trace, dropping the oldest entries until it fits. */
export function writeTrace(trace: readonly string[]): string {
  const kept = [...trace];
  while (kept.length > 1 && encodeURIComponent(kept.join(SEPARATOR)).length > MAX_COOKIE_CHARS) kept.shift();
  const value = kept.join(SEPARATOR);
  return encodeURIComponent(value).length > MAX_COOKIE_CHARS ? '' : value;
}
