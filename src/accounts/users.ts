// The user store: accounts, their groups and argon2id password hashes. All user SQL lives here.
import argon2 from 'argon2';
import type { Db } from '../db.js';
import { isLang, type Lang } from '../i18n/index.js';

export const LOGIN_PATTERN = /^[a-z0-9._-]{1,64}$/;
export const ADMIN_GROUP = 'admin';
export const PASSWORD_MIN = 8;

export interface User {
  login: string;
  name: string;
  email: string;
  lang: Lang | null;
  disabled: boolean;
  groups: string[];
  created: number;
}

export interface NewUser {
  login: string;
  name?: string;
  email?: string;
  password: string;
  groups?: readonly string[];
  lang?: Lang | null;
}

interface UserRow {
  login: string;
  name: string;
  email: string;
  lang: string | null;
  disabled: number;
  created: number;
  groups: string | null;
}

const GROUP_PATTERN = /^[\p{L}\p{N}._-]{1,64}$/u;

/**
 * Group names as typed in a form: comma separated, trimmed, without a leading '@', lower-cased,
 * distinct; the implicit ALL and user are dropped. null when a name is not letters, digits, '.',
 * '_' or '-' (an ACL subject '@name' could not name it).
 */
export function parseGroups(raw: string): string[] | null {
  const names = raw
    .split(',')
    .map((name) => name.trim().replace(/^@/, '').toLowerCase())
    .filter((name) => name !== '' && name !== 'all' && name !== 'user');
  if (!names.every((name) => GROUP_PATTERN.test(name))) return null;
  return [...new Set(names)];
}

export function normaliseLogin(raw: string): string {
  return raw.trim().toLowerCase();
}

const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id });

export type UserStore = ReturnType<typeof createUserStore>;

export function createUserStore(db: Db) {
  const select = `SELECT u.login, u.name, u.email, u.lang, u.disabled, u.created,
      (SELECT group_concat(name, ',') FROM (SELECT name FROM user_groups g WHERE g.login = u.login ORDER BY name)) AS groups
    FROM users u`;
  const q = {
    get: db.prepare<[string], UserRow>(`${select} WHERE u.login = ?`),
    hash: db.prepare<[string], { password_hash: string; disabled: number }>('SELECT password_hash, disabled FROM users WHERE login = ?'),
    insert: db.prepare('INSERT INTO users (login, name, email, password_hash, lang, created) VALUES (?, ?, ?, ?, ?, ?)'),
    update: db.prepare('UPDATE users SET name = ?, email = ?, lang = ? WHERE login = ?'),
    setHash: db.prepare('UPDATE users SET password_hash = ? WHERE login = ?'),
    setDisabled: db.prepare('UPDATE users SET disabled = ? WHERE login = ?'),
    delete: db.prepare('DELETE FROM users WHERE login = ?'),
    clearGroups: db.prepare('DELETE FROM user_groups WHERE login = ?'),
    addGroup: db.prepare('INSERT OR IGNORE INTO user_groups (login, name) VALUES (?, ?)'),
    search: db.prepare<[string, string, string, number, number], UserRow>(
      `${select} WHERE u.login LIKE ? ESCAPE '\\' OR u.name LIKE ? ESCAPE '\\' OR u.email LIKE ? ESCAPE '\\'
       ORDER BY u.login LIMIT ? OFFSET ?`,
    ),
    countSearch: db.prepare<[string, string, string], number>(
      `SELECT COUNT(*) FROM users u WHERE u.login LIKE ? ESCAPE '\\' OR u.name LIKE ? ESCAPE '\\' OR u.email LIKE ? ESCAPE '\\'`,
    ).pluck(),
    all: db.prepare<[], UserRow>(`${select} ORDER BY u.login`),
    activeAdmins: db.prepare<[], string>(
      `SELECT u.login FROM users u JOIN user_groups g ON g.login = u.login AND g.name = '${ADMIN_GROUP}' WHERE u.disabled = 0`,
    ).pluck(),
    count: db.prepare<[], number>('SELECT COUNT(*) FROM users').pluck(),
  };

  // Verifying against a fixed hash when the login is unknown keeps the answer time the same.
  let dummyHash: Promise<string> | null = null;

  function toUser(row: UserRow): User {
    return {
      login: row.login,
      name: row.name,
      email: row.email,
      lang: isLang(row.lang) ? row.lang : null,
      disabled: row.disabled === 1,
      groups: row.groups ? row.groups.split(',') : [],
      created: row.created,
    };
  }

  const setGroups = db.transaction((login: string, groups: readonly string[]) => {
    q.clearGroups.run(login);
    for (const group of groups) q.addGroup.run(login, group);
  });

  const like = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

  return {
    get(login: string): User | undefined {
      const row = q.get.get(normaliseLogin(login));
      return row ? toUser(row) : undefined;
    },
    async create(user: NewUser): Promise<User> {
      const login = normaliseLogin(user.login);
      const hash = await hashPassword(user.password);
      db.transaction(() => {
        q.insert.run(login, user.name ?? '', user.email ?? '', hash, user.lang ?? null, Date.now());
        setGroups(login, user.groups ?? []);
      })();
      return this.get(login) as User;
    },
    update(login: string, changes: { name: string; email: string; lang: Lang | null; groups?: readonly string[] }): void {
      db.transaction(() => {
        q.update.run(changes.name, changes.email, changes.lang, login);
        if (changes.groups) setGroups(login, changes.groups);
      })();
    },
    async setPassword(login: string, password: string): Promise<void> {
      q.setHash.run(await hashPassword(password), login);
    },
    setDisabled(login: string, disabled: boolean): void {
      q.setDisabled.run(disabled ? 1 : 0, login);
    },
    delete(login: string): void {
      q.delete.run(login);
    },
    /** The enabled user whose password this is, or null; takes as long whether or not the login exists. */
    async verify(login: string, password: string): Promise<User | null> {
      const normalised = normaliseLogin(login);
      const row = LOGIN_PATTERN.test(normalised) ? q.hash.get(normalised) : undefined;
      if (!row) {
        dummyHash ??= hashPassword('not the password of anyone');
        await argon2.verify(await dummyHash, password).catch(() => false);
        return null;
      }
      const ok = await argon2.verify(row.password_hash, password).catch(() => false);
      if (!ok || row.disabled === 1) return null;
      return this.get(normalised) ?? null;
    },
    search(text: string, offset: number, limit: number): { users: User[]; total: number } {
      const pattern = like(text);
      return {
        users: q.search.all(pattern, pattern, pattern, limit, offset).map(toUser),
        total: q.countSearch.get(pattern, pattern, pattern) ?? 0,
      };
    },
    all: (): User[] => q.all.all().map(toUser),
    activeAdmins: (): string[] => q.activeAdmins.all(),
    count: (): number => q.count.get() ?? 0,
  };
}
