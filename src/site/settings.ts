// Site settings kept in the database (SPEC §9): read once, cached, written by the admin screen.
import crypto from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db.js';
import { LANGUAGES } from '../i18n/index.js';

export const siteSettingsSchema = z.object({
  title: z.string().trim().min(1).max(100),
  lang: z.enum(LANGUAGES),
  start: z.string().min(1).max(200),
  registration: z.boolean(),
  breadcrumbs: z.number().int().min(0).max(50),
  plugins: z.array(z.string()),
  /** The toolbox widgets shown in the layout's panel, in order. */
  toolbox: z.array(z.string()),
});

export type SiteSettings = z.infer<typeof siteSettingsSchema>;

export const DEFAULT_SETTINGS: SiteSettings = {
  title: 'Quire',
  lang: 'en',
  start: 'start',
  registration: false,
  breadcrumbs: 10,
  // The shipped plugins (src/plugins/index.ts) are enabled on a new wiki; a unit test keeps the two lists equal.
  plugins: ['iphelper', 'wordcount'],
  toolbox: [],
};

export type SettingsStore = ReturnType<typeof createSettingsStore>;

export function createSettingsStore(db: Db) {
  const readAll = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings');
  const write = db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );

  function load(): { site: SiteSettings; stored: Map<string, unknown> } {
    const stored = new Map(readAll.all().map((row) => [row.key, JSON.parse(row.value) as unknown]));
    const merged = { ...DEFAULT_SETTINGS, ...Object.fromEntries(stored) };
    const parsed = siteSettingsSchema.safeParse(merged);
    return { site: parsed.success ? parsed.data : DEFAULT_SETTINGS, stored };
  }

  let cache = load();
  // Changes with every write, so what was made from the settings (cached pages) knows it is stale.
  let version = 0;

  return {
    site: (): SiteSettings => cache.site,
    version: (): number => version,
    update(changes: Partial<SiteSettings>): SiteSettings {
      const next = siteSettingsSchema.parse({ ...cache.site, ...changes });
      db.transaction(() => {
        for (const [key, value] of Object.entries(changes)) write.run(key, JSON.stringify(value));
      })();
      cache = { ...cache, site: next };
      version += 1;
      return next;
    },
    /** A random secret made on first use and kept in the database (signs CSRF tokens). */
    secret(): string {
      const existing = cache.stored.get('secret');
      if (typeof existing === 'string') return existing;
      const secret = crypto.randomBytes(32).toString('base64url');
      write.run('secret', JSON.stringify(secret));
      cache = load();
      version += 1;
      return secret;
    },
    /** Whether the start-up content (start, wiki:syntax) was written once already. */
    flag(key: string): boolean {
      return cache.stored.get(key) === true;
    },
    setFlag(key: string): void {
      write.run(key, 'true');
      cache = load();
      version += 1;
    },
  };
}
