// First run (SPEC §5): with QUIRE_ADMIN_PASSWORD the start creates the user `admin`; otherwise a
// one-time setup token is printed once and kept in the data directory until /_/setup is finished.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ADMIN_GROUP, type UserStore } from './users.js';

export const SETUP_TOKEN_FILE = 'setup-token';

export interface SetupOptions {
  dataDir: string;
  adminPassword: string | null;
  users: UserStore;
  log: (message: string) => void;
  baseUrl: string;
}

export type Setup = Awaited<ReturnType<typeof createSetup>>;

export async function createSetup(options: SetupOptions) {
  const { users } = options;
  const tokenFile = options.dataDir === ':memory:' ? null : path.join(options.dataDir, SETUP_TOKEN_FILE);
  let token: string | null = null;

  const hasAdmin = () => users.activeAdmins().length > 0;
  const removeTokenFile = () => {
    if (tokenFile) fs.rmSync(tokenFile, { force: true });
  };

  if (hasAdmin()) {
    removeTokenFile();
  } else {
    if (options.adminPassword) {
      const existing = users.get('admin');
      if (existing) {
        await users.setPassword('admin', options.adminPassword);
        users.update('admin', { ...existing, groups: [...new Set([...existing.groups, ADMIN_GROUP])] });
        users.setDisabled('admin', false);
      } else {
        await users.create({ login: 'admin', name: 'Administrator', password: options.adminPassword, groups: [ADMIN_GROUP] });
      }
      options.log('Created the user "admin" from QUIRE_ADMIN_PASSWORD.');
    } else {
      token = tokenFile && fs.existsSync(tokenFile) ? fs.readFileSync(tokenFile, 'utf8').trim() : null;
      if (!token) {
        token = crypto.randomBytes(24).toString('base64url');
        if (tokenFile) fs.writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
      }
      options.log(`Quire is not set up yet. Finish the set-up at ${options.baseUrl}/_/setup?token=${token}`);
    }
  }

  const setup = {
    /** True until an admin exists (made here, by the command line, or otherwise). */
    pending(): boolean {
      if (token === null) return false;
      if (hasAdmin()) setup.finish();
      return token !== null;
    },
    checkToken(given: unknown): boolean {
      if (token === null || typeof given !== 'string') return false;
      const a = Buffer.from(token);
      const b = Buffer.from(given);
      return a.length === b.length && crypto.timingSafeEqual(a, b);
    },
    /** Called once the admin exists: the token stops working and its file goes. */
    finish(): void {
      token = null;
      removeTokenFile();
    },
  };
  return setup;
}
