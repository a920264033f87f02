// Deployment settings read from the environment (SPEC §9), validated once at start.
import path from 'node:path';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const booleanish = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off', ''])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

// true (one proxy in front), a hop count, or the proxies' addresses and CIDR ranges, comma separated.
const trustProxy = z.union([
  booleanish,
  z.string().regex(/^\d{1,2}$/).transform(Number),
  z
    .string()
    .regex(/^[0-9a-fA-F.:/]+(?:\s*,\s*[0-9a-fA-F.:/]+)*$/, 'true, false, a hop count or a comma-separated list of proxy addresses')
    .transform((list) => list.split(',').map((entry) => entry.trim())),
]);

// Requests a minute for API tokens, then for anonymous callers: "6000" or "6000,120".
const apiRate = z
  .string()
  .regex(/^\d{1,7}(?:\s*,\s*\d{1,7})?$/, 'requests a minute for tokens, optionally a comma and those for anonymous callers')
  .transform((raw) => {
    const [token, anonymous] = raw.split(',').map((part) => Number(part.trim()));
    return { token: token!, anonymous: anonymous ?? null };
  })
  .refine((rate) => rate.token >= 1 && (rate.anonymous === null || rate.anonymous >= 1), 'at least 1 request a minute');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  QUIRE_DATA: z.string().min(1).default('./data'),
  QUIRE_BASE_URL: z
    .url({ protocol: /^https?$/ })
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  QUIRE_TRUST_PROXY: trustProxy.default(false),
  QUIRE_API_RATE: apiRate.optional(),
  QUIRE_ADMIN_PASSWORD: z.string().min(8).optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  baseUrl: string | null;
  /** true: one proxy in front (its X-Forwarded-For hop is trusted, no further); a hop count; or the proxies' addresses. */
  trustProxy: boolean | number | string[];
  /** QUIRE_API_RATE: requests a minute for API tokens and anonymous callers; null where unset. */
  apiRate: { token: number | null; anonymous: number | null };
  adminPassword: string | null;
  logLevel: (typeof LOG_LEVELS)[number];
}

export class ConfigError extends Error {}

/** Reads the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const present = Object.fromEntries(
    Object.keys(envSchema.shape)
      .filter((key) => env[key] !== undefined && env[key] !== '')
      .map((key) => [key, env[key]]),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '?');
      const value = name === 'QUIRE_ADMIN_PASSWORD' ? '(hidden)' : JSON.stringify(env[name]);
      return `  ${name}=${value}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.QUIRE_DATA),
    baseUrl: e.QUIRE_BASE_URL ?? null,
    trustProxy: e.QUIRE_TRUST_PROXY,
    apiRate: { token: e.QUIRE_API_RATE?.token ?? null, anonymous: e.QUIRE_API_RATE?.anonymous ?? null },
    adminPassword: e.QUIRE_ADMIN_PASSWORD ?? null,
    logLevel: e.LOG_LEVEL,
  };
}
