// The conf/ half of `quire import-dokuwiki`: users (with their password hashes), the ACL, the
// interwiki map, and the title, language and start page of local.php. Names Quire cannot hold as
// they are (logins with '@', groups with spaces) are changed the same way everywhere and reported.
import fs from 'node:fs';
import path from 'node:path';
import type { AclRule } from '../access/acl.js';
import { GROUP_PLACEHOLDER, USER_PLACEHOLDER } from '../access/acl-placeholders.js';
import type { AclStore } from '../access/acl-store.js';
import { ADMIN_GROUP, LOGIN_PATTERN, type UserStore } from '../accounts/users.js';
import { isLang } from '../i18n/index.js';
import { cleanId } from '../pages/page-id.js';
import type { InterwikiStore } from '../site/interwiki.js';
import type { SettingsStore } from '../site/settings.js';
import { dokuwikiSettings, parseAclAuth, parseLocalPhp, parseUsersAuth, type DokuwikiSettings } from './conf.js';
import { DOKUWIKI_INTERWIKI, parseInterwikiConf } from './interwiki.js';
import { isDokuwikiHash } from './passwords.js';

export interface ConfImportOptions {
  users: boolean;
  acl: boolean;
}

export interface ConfImportSummary {
  /** The conf/ directory read, null when there was none. */
  dir: string | null;
  settings: DokuwikiSettings | null;
  users: number;
  acl: number;
  interwiki: number;
  /** What was changed or left out, one line each, for the report. */
  notes: string[];
}

/** A DokuWiki's conf/: beside its data/ directory (the usual layout) or inside the directory given. */
export function findConfDir(dataDir: string): string | null {
  for (const candidate of [path.join(dataDir, 'conf'), path.join(dataDir, '..', 'conf')]) {
    if (fs.existsSync(path.join(candidate, 'local.php')) || fs.existsSync(path.join(candidate, 'users.auth.php')) || fs.existsSync(path.join(candidate, 'acl.auth.php'))) {
      return candidate;
    }
  }
  return null;
}

const read = (dir: string, name: string): string | null => {
  const file = path.join(dir, name);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
};

/** A login Quire accepts: lower case, and `[a-z0-9._-]`, other characters becoming '_'. */
export function quireLogin(login: string): string {
  return login.trim().toLowerCase().replace(/[^a-z0-9._-]/g, '_').slice(0, 64);
}

/** A group name Quire accepts (letters, digits, '.', '_', '-'); '' for the implicit ones. */
export function quireGroup(group: string): string {
  const name = group.trim().replace(/^@/, '').toLowerCase().replace(/[^\p{L}\p{N}._-]/gu, '_').slice(0, 64);
  return name === 'all' || name === 'user' ? '' : name;
}

// DokuWiki's superusers (`superuser` in local.php) are Quire's admin group.
function isSuperuser(settings: DokuwikiSettings, login: string, groups: readonly string[]): boolean {
  return settings.superusers.some((entry) =>
    entry.startsWith('@') ? groups.some((group) => group.toLowerCase() === entry.slice(1).toLowerCase()) : entry.toLowerCase() === login.toLowerCase(),
  );
}

function importUsers(users: UserStore, dir: string, settings: DokuwikiSettings, notes: string[]): { imported: number; logins: Map<string, string> } {
  const logins = new Map<string, string>();
  const source = read(dir, 'users.auth.php');
  if (source === null) return { imported: 0, logins };
  let imported = 0;
  for (const user of parseUsersAuth(source)) {
    const login = quireLogin(user.login);
    logins.set(user.login.toLowerCase(), login);
    if (!LOGIN_PATTERN.test(login)) {
      notes.push(`user ${user.login}: left out (no login Quire can use)`);
      continue;
    }
    if (login !== user.login) notes.push(`user ${user.login}: imported as ${login}`);
    const groups = new Set(user.groups.map(quireGroup).filter((group) => group !== ''));
    if (isSuperuser(settings, user.login, user.groups)) groups.add(ADMIN_GROUP);
    const hash = user.hash.trim();
    if (!isDokuwikiHash(hash) && !hash.startsWith('$argon2')) notes.push(`user ${login}: password hash of an unknown kind, a new password must be set`);
    if (users.importUser({ login, name: user.name, email: user.email, groups: [...groups], passwordHash: hash })) imported++;
    else notes.push(`user ${login}: already in the wiki, kept as it is`);
  }
  return { imported, logins };
}

// Page ids in a scope are cleaned as DokuWiki cleans them; the placeholders stay as written.
function quireScope(scope: string): string | null {
  if (scope === '*') return '*';
  const namespace = scope.endsWith(':*');
  const body = namespace ? scope.slice(0, -2) : scope;
  const parts = body.split(new RegExp(`(${USER_PLACEHOLDER}|${GROUP_PLACEHOLDER})`));
  const cleanPart = (part: string) => `${part.startsWith(':') ? ':' : ''}${cleanId(part)}${part.endsWith(':') && part !== ':' ? ':' : ''}`;
  const cleaned = parts.map((part) => (part === USER_PLACEHOLDER || part === GROUP_PLACEHOLDER ? part : cleanPart(part))).join('').replace(/::+/g, ':');
  if (cleaned.replace(/^:|:$/g, '') === '') return null;
  return namespace ? `${cleaned.replace(/^:|:$/g, '')}:*` : cleaned.replace(/^:|:$/g, '');
}

function quireSubject(subject: string, logins: ReadonlyMap<string, string>): string | null {
  if (subject === USER_PLACEHOLDER || subject === `@${GROUP_PLACEHOLDER}`) return subject;
  if (subject.startsWith('@')) {
    const name = subject.slice(1);
    if (name.toLowerCase() === 'all') return '@ALL';
    if (name.toLowerCase() === 'user') return '@user';
    const group = quireGroup(name);
    return group === '' ? null : `@${group}`;
  }
  const login = logins.get(subject.toLowerCase()) ?? quireLogin(subject);
  return LOGIN_PATTERN.test(login) ? login : null;
}

function importAcl(acl: AclStore, dir: string, logins: ReadonlyMap<string, string>, settings: DokuwikiSettings, notes: string[]): number {
  const source = read(dir, 'acl.auth.php');
  if (source === null) return 0;
  if (!settings.useacl) {
    notes.push('acl.auth.php: left out, the DokuWiki had `useacl` off (Quire keeps its own rules)');
    return 0;
  }
  const rules: AclRule[] = [];
  for (const rule of parseAclAuth(source)) {
    const scope = quireScope(rule.scope);
    const subject = quireSubject(rule.subject, logins);
    if (scope === null || subject === null) {
      notes.push(`ACL rule ${rule.scope} ${rule.subject} ${rule.level}: left out (no scope or subject Quire can use)`);
      continue;
    }
    // DokuWiki's levels are Quire's; 255 (admin) is not a level a rule gives.
    rules.push({ scope, subject, level: Math.min(rule.level, 16) });
  }
  acl.replaceAll(rules);
  return rules.length;
}

function importInterwiki(interwiki: InterwikiStore, dir: string): number {
  const shipped = read(dir, 'interwiki.conf');
  const local = read(dir, 'interwiki.local.conf');
  if (shipped === null && local === null) return 0;
  const map = new Map(shipped === null ? DOKUWIKI_INTERWIKI : parseInterwikiConf(shipped));
  for (const [name, url] of parseInterwikiConf(local ?? '')) map.set(name, url);
  interwiki.replace(map);
  return map.size;
}

export function importConf(
  deps: { users: UserStore; acl: AclStore; settings: SettingsStore; interwiki: InterwikiStore },
  dir: string | null,
  options: ConfImportOptions,
): ConfImportSummary {
  const summary: ConfImportSummary = { dir, settings: null, users: 0, acl: 0, interwiki: 0, notes: [] };
  if (dir === null) return summary;
  const local = parseLocalPhp([read(dir, 'local.php'), read(dir, 'local.protected.php')].filter((text) => text !== null).join('\n'));
  const settings = dokuwikiSettings(local);
  summary.settings = settings;
  const start = cleanId(settings.start);
  deps.settings.update({
    title: settings.title.slice(0, 100),
    ...(isLang(settings.lang) ? { lang: settings.lang } : {}),
    ...(start !== '' ? { start } : {}),
  });
  if (!isLang(settings.lang)) summary.notes.push(`language ${settings.lang}: Quire speaks en and fr, the site language is unchanged`);
  const { imported, logins } = options.users ? importUsers(deps.users, dir, settings, summary.notes) : { imported: 0, logins: new Map<string, string>() };
  summary.users = imported;
  if (options.acl) summary.acl = importAcl(deps.acl, dir, logins, settings, summary.notes);
  summary.interwiki = importInterwiki(deps.interwiki, dir);
  return summary;
}
