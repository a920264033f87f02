// Access control as in DokuWiki's auth_aclcheck: permission levels, rule matching and the
// parsing of what an admin types into the ACL form. Pure: no I/O, no imports.

export const Level = { NONE: 0, READ: 1, EDIT: 2, CREATE: 4, UPLOAD: 8, DELETE: 16, ADMIN: 255 } as const;
export type LevelValue = (typeof Level)[keyof typeof Level];

/** The levels a rule may carry; ADMIN is reserved for superusers. */
export const LEVELS: readonly number[] = [Level.NONE, Level.READ, Level.EDIT, Level.CREATE, Level.UPLOAD, Level.DELETE];

/** scope: a page id, 'ns:*' or '*'; subject: a login or '@group', matched case-insensitively. */
export interface AclRule { scope: string; subject: string; level: number }
/** groups exclude the implicit ALL; a logged-in caller's groups include 'user'. */
export interface Caller { login: string | null; groups: readonly string[] }
/** superusers: logins or '@group'; default ['@admin']. */
export interface AclOptions { superusers?: readonly string[] }

const DEFAULT_SUPERUSERS = ['@admin'];

/** The subjects a caller answers to, lower-cased: their login, each '@group', and '@all'. */
function subjectsOf(caller: Caller): string[] {
  const subjects = caller.groups.map((group) => `@${group.toLowerCase()}`);
  subjects.push('@all');
  if (caller.login !== null) subjects.push(caller.login.toLowerCase());
  return subjects;
}

function superuserSet(options: AclOptions | undefined): ReadonlySet<string> {
  return new Set((options?.superusers ?? DEFAULT_SUPERUSERS).map((s) => s.trim().toLowerCase()));
}

function isSuperuser(caller: Caller, subjects: readonly string[], superusers: ReadonlySet<string>): boolean {
  // As in DokuWiki, '@all' is added only after this check, so listing it makes no one a superuser;
  // an anonymous caller never is one.
  if (caller.login === null) return false;
  return subjects.some((subject) => subject !== '@all' && superusers.has(subject));
}

function namespaceOf(id: string): string {
  const colon = id.lastIndexOf(':');
  return colon < 0 ? '' : id.slice(0, colon);
}

/** Scopes to consult, most specific first: the page itself, its 'ns:*', each parent 'ns:*', then '*'. */
function scopeChain(id: string): string[] {
  const chain: string[] = [];
  let ns: string;
  if (id.endsWith('*')) {
    ns = id.slice(0, -1).replace(/:$/, '');
  } else {
    chain.push(id);
    ns = namespaceOf(id);
  }
  for (; ns !== ''; ns = namespaceOf(ns)) chain.push(`${ns}:*`);
  chain.push('*');
  return chain;
}

/** DokuWiki auth_aclcheck: permission of caller on page id (or 'ns:*' / '*' to ask for a namespace). */
export function permission(rules: readonly AclRule[], caller: Caller, id: string, options?: AclOptions): number {
  const subjects = subjectsOf(caller);
  if (isSuperuser(caller, subjects, superuserSet(options))) return Level.ADMIN;
  for (const scope of scopeChain(id)) {
    let best = -1;
    for (const rule of rules) {
      if (rule.scope === scope && subjects.includes(rule.subject.toLowerCase())) best = Math.max(best, rule.level);
    }
    if (best >= 0) return Math.min(best, Level.ADMIN);
  }
  return Level.NONE;
}

/** Same algorithm, rules indexed once by scope so each check is a few map lookups (used on every request). */
export function compileAcl(rules: readonly AclRule[], options?: AclOptions): (caller: Caller, id: string) => number {
  // scope → lower-cased subject → highest level granted to that subject at that scope
  const byScope = new Map<string, Map<string, number>>();
  for (const rule of rules) {
    let subjects = byScope.get(rule.scope);
    if (!subjects) byScope.set(rule.scope, (subjects = new Map()));
    const subject = rule.subject.toLowerCase();
    subjects.set(subject, Math.max(subjects.get(subject) ?? -1, rule.level));
  }
  const superusers = superuserSet(options);

  return (caller, id) => {
    const subjects = subjectsOf(caller);
    if (isSuperuser(caller, subjects, superusers)) return Level.ADMIN;
    for (const scope of scopeChain(id)) {
      const granted = byScope.get(scope);
      if (!granted) continue;
      let best = -1;
      for (const subject of subjects) best = Math.max(best, granted.get(subject) ?? -1);
      if (best >= 0) return Math.min(best, Level.ADMIN);
    }
    return Level.NONE;
  };
}

/** Parse a scope typed in the admin form: a page id, 'ns:*' or '*'; null if invalid. */
export function parseScope(raw: string, cleanId: (raw: string) => string): string | null {
  const text = raw.trim();
  if (text === '*') return '*';
  // A namespace is written 'ns:*' (or 'ns/*'); a '*' anywhere else is not a scope.
  const namespace = /^([^*]+)[:/]\*$/.exec(text);
  const id = namespace ? cleanId(namespace[1] ?? '') : text.includes('*') ? '' : cleanId(text);
  if (id === '') return null;
  return namespace ? `${id}:*` : id;
}

const LOGIN = /^[a-z0-9._-]{1,64}$/;

/** Parse a subject: '@group' (text kept as typed, no whitespace) or a login (lower-cased); null if invalid. */
export function parseSubject(raw: string): string | null {
  const text = raw.trim();
  if (text.startsWith('@')) {
    const group = text.slice(1).trim();
    return group === '' || /\s/.test(group) ? null : `@${group}`;
  }
  const login = text.toLowerCase();
  return LOGIN.test(login) ? login : null;
}

/** Parse a level from the form; only the levels a rule may carry (LEVELS) are accepted. */
export function parseLevel(raw: string): number | null {
  const text = raw.trim();
  if (!/^\d{1,3}$/.test(text)) return null;
  const level = Number(text);
  return LEVELS.includes(level) ? level : null;
}
