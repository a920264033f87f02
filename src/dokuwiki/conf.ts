// Reading a DokuWiki's conf/ files as text, never as PHP: the `$conf[…] = value;` assignments of
// local.php, the users of users.auth.php and the rules of acl.auth.php. Pure functions of the text.

/** A value of local.php: PHP's scalars; anything else (arrays, expressions) is not read. */
export type PhpScalar = string | number | boolean | null;

// One `$conf['a']['b'] = value;` per line, the way DokuWiki's config manager writes them.
const ASSIGNMENT = /^\s*\$conf((?:\[\s*(?:'[^']*'|"[^"]*")\s*\])+)\s*=\s*(.+?)\s*;\s*(?:(?:\/\/|#).*)?$/;
const KEY = /\[\s*(?:'([^']*)'|"([^"]*)")\s*\]/g;

function phpString(literal: string): string | null {
  if (/^'(?:[^'\\]|\\.)*'$/s.test(literal)) return literal.slice(1, -1).replace(/\\([\\'])/g, '$1');
  if (!/^"(?:[^"\\$]|\\.)*"$/s.test(literal)) return null;
  const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', v: '\v', f: '\f', e: '\x1b', '\\': '\\', '"': '"', $: '$', '0': '\0' };
  return literal.slice(1, -1).replace(/\\(.)/gs, (all, ch: string) => escapes[ch] ?? all);
}

function phpScalar(literal: string): PhpScalar | undefined {
  const text = literal.trim();
  const string = phpString(text);
  if (string !== null) return string;
  if (/^[+-]?\d+$/.test(text)) return Number(text);
  if (/^[+-]?(?:\d+\.\d*|\.\d+)(?:e[+-]?\d+)?$/i.test(text)) return Number(text);
  const word = text.toLowerCase();
  if (word === 'true') return true;
  if (word === 'false') return false;
  if (word === 'null') return null;
  return undefined;
}

/** The settings of a local.php, keyed by their path (`title`, `plugin.foo.bar`); later lines win. */
export function parseLocalPhp(text: string): Map<string, PhpScalar> {
  const settings = new Map<string, PhpScalar>();
  for (const line of text.split(/\r?\n/)) {
    const match = ASSIGNMENT.exec(line);
    if (!match) continue;
    const value = phpScalar(match[2]!);
    if (value === undefined) continue;
    const key = Array.from(match[1]!.matchAll(KEY), (m) => m[1] ?? m[2] ?? '').join('.');
    settings.set(key, value);
  }
  return settings;
}

/** The settings of a DokuWiki that Quire takes over, with DokuWiki's defaults. */
export interface DokuwikiSettings {
  title: string;
  lang: string;
  start: string;
  useslash: boolean;
  userewrite: 0 | 1 | 2;
  useacl: boolean;
  /** `superuser`: logins and `@groups`, comma separated in DokuWiki. */
  superusers: string[];
}

const text = (value: PhpScalar | undefined, fallback: string) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : fallback);
const flag = (value: PhpScalar | undefined, fallback: boolean) => (value === undefined || value === null ? fallback : value === true || Number(value) > 0 || value === '1');

export function dokuwikiSettings(settings: ReadonlyMap<string, PhpScalar>): DokuwikiSettings {
  const rewrite = Number(settings.get('userewrite') ?? 0);
  return {
    title: text(settings.get('title'), 'DokuWiki'),
    lang: text(settings.get('lang'), 'en'),
    start: text(settings.get('start'), 'start'),
    useslash: flag(settings.get('useslash'), false),
    userewrite: rewrite === 1 || rewrite === 2 ? rewrite : 0,
    useacl: flag(settings.get('useacl'), false),
    superusers: text(settings.get('superuser'), '')
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '' && entry !== '!!not set!!'),
  };
}

// DokuWiki writes special characters of names URL-encoded (auth_nameencode); rawurldecode reads them.
function nameDecode(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

export interface DokuwikiUser {
  login: string;
  /** The password hash as stored (bcrypt, smd5, sha512 crypt …). */
  hash: string;
  name: string;
  email: string;
  groups: string[];
}

// Fields are separated by ':', a ':' inside a field written '\:' and a '\' written '\\'.
function splitUserLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '\\' && i + 1 < line.length) {
      field += line[++i];
    } else if (ch === ':' && fields.length < 4) {
      fields.push(field);
      field = '';
    } else {
      field += ch;
    }
  }
  fields.push(field);
  return fields;
}

/** The users of a users.auth.php: `login:hash:Real Name:email:group,group`, `#` comments. */
export function parseUsersAuth(content: string): DokuwikiUser[] {
  const users = new Map<string, DokuwikiUser>();
  for (const raw of content.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') continue;
    const [login = '', hash = '', name = '', email = '', groups = ''] = splitUserLine(line);
    if (login === '') continue;
    users.set(login, {
      login,
      hash,
      // authplain urldecodes the name ('+' is a space there); the other fields are as written.
      name: nameDecode(name.replace(/\+/g, ' ')),
      email,
      groups: groups.split(',').map((group) => group.trim()).filter((group) => group !== ''),
    });
  }
  return [...users.values()];
}

export interface DokuwikiAclRule {
  /** A page id, `ns:*` or `*`, as written (it may hold `%USER%` or `%GROUP%`). */
  scope: string;
  /** A login or `@group`, decoded; `%USER%` and `@%GROUP%` stay placeholders. */
  subject: string;
  level: number;
}

/** The rules of an acl.auth.php: `scope subject level` per line, `#` comments. */
export function parseAclAuth(content: string): DokuwikiAclRule[] {
  const rules: DokuwikiAclRule[] = [];
  for (const raw of content.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    const match = /^(\S+)\s+(\S+)\s+(\d+)$/.exec(line);
    if (!match) continue;
    const subject = match[2]!;
    rules.push({
      scope: match[1]!,
      subject: subject === '%GROUP%' ? '@%GROUP%' : nameDecode(subject),
      level: Number(match[3]),
    });
  }
  return rules;
}
