// Deployment settings read from the environment (SPEC §9), validated once at start.
import path from 'node:path';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const booleanish = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off', ''])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  QUIRE_DATA: z.string().min(1).default('./data'),
  QUIRE_BASE_URL: z
    .url({ protocol: /^https?$/ })
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  QUIRE_TRUST_PROXY: booleanish.default(false),
  QUIRE_ADMIN_PASSWORD: z.string().min(8).optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  baseUrl: string | null;
  trustProxy: boolean;
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
    adminPassword: e.QUIRE_ADMIN_PASSWORD ?? null,
    logLevel: e.LOG_LEVEL,
  };
}
