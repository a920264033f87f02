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
  QUIRE_SMTP_URL: z.string().transform(parseSmtpUrl).optional(),
  QUIRE_MAIL_FROM: z.string().transform(parseMailFrom).optional(),
}).superRefine((env, context) => {
  // Mail needs both: where to send through, and whom the mails come from.
  if (env.QUIRE_SMTP_URL && !env.QUIRE_MAIL_FROM) context.addIssue({ code: 'custom', path: ['QUIRE_MAIL_FROM'], message: 'required when QUIRE_SMTP_URL is set' });
  if (env.QUIRE_MAIL_FROM && !env.QUIRE_SMTP_URL) context.addIssue({ code: 'custom', path: ['QUIRE_SMTP_URL'], message: 'required when QUIRE_MAIL_FROM is set' });
});

/** How mail leaves the wiki (SPEC §14): an SMTP server and the From address. */
export interface MailConfig {
  smtp: SmtpSettings;
  /** An address, or `Name <address>`. */
  from: string;
}

export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the first byte (smtps://, usually port 465). */
  secure: boolean;
  /** smtp:// upgrades with STARTTLS when the server offers it ('auto'), insists on it ('required'), or never does. */
  starttls: 'auto' | 'required' | 'never';
  user: string | null;
  password: string | null;
}

const STARTTLS = ['auto', 'required', 'never'] as const;

/** smtp://[user:pass@]host[:port][?starttls=required|never] or smtps://…; throws a message for zod. */
function parseSmtpUrl(raw: string, context: z.RefinementCtx): SmtpSettings {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    context.addIssue({ code: 'custom', message: 'not a URL (smtp://host:port or smtps://user:pass@host:465)' });
    return z.NEVER;
  }
  const secure = url.protocol === 'smtps:';
  if (!secure && url.protocol !== 'smtp:') {
    context.addIssue({ code: 'custom', message: 'must start with smtp:// or smtps://' });
    return z.NEVER;
  }
  const starttls = url.searchParams.get('starttls') ?? 'auto';
  const known = [...url.searchParams.keys()].every((key) => key === 'starttls');
  if (url.hostname === '' || !known || !(STARTTLS as readonly string[]).includes(starttls) || (url.pathname !== '' && url.pathname !== '/')) {
    context.addIssue({ code: 'custom', message: 'expected smtp://[user:password@]host[:port][?starttls=required|never]' });
    return z.NEVER;
  }
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port === '' ? (secure ? 465 : 25) : Number(url.port),
    secure,
    starttls: starttls as SmtpSettings['starttls'],
    user: url.username === '' ? null : decodeURIComponent(url.username),
    password: url.password === '' ? null : decodeURIComponent(url.password),
  };
}

const mailAddress = z.email();

/** `wiki@example.org` or `Example Wiki <wiki@example.org>`. */
function parseMailFrom(raw: string, context: z.RefinementCtx): string {
  const value = raw.trim();
  const named = /^([^<>"\r\n]*)<([^<>\s]+)>$/.exec(value);
  const address = named ? named[2] : value;
  if (!mailAddress.safeParse(address).success) {
    context.addIssue({ code: 'custom', message: 'expected an e-mail address, or Name <address>' });
    return z.NEVER;
  }
  return value;
}

/** The value to print in an error: secrets hidden. */
function shown(name: string, value: string | undefined): string {
  if (name === 'QUIRE_ADMIN_PASSWORD') return '(hidden)';
  if (name === 'QUIRE_SMTP_URL' && value) return JSON.stringify(value.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:(hidden)@'));
  return JSON.stringify(value);
}

// Every variable the schema knows, so a new setting cannot be left out of what is read.
const ENV_NAMES = Object.keys(envSchema.shape) as Array<keyof typeof envSchema.shape>;

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
  /** null: no mail — subscriptions, password reset and e-mail confirmation are hidden. */
  mail: MailConfig | null;
}

export class ConfigError extends Error {}

/** Reads the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const present = Object.fromEntries(
    ENV_NAMES
      .filter((key) => env[key] !== undefined && env[key] !== '')
      .map((key) => [key, env[key]]),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '?');
      return `  ${name}=${shown(name, env[name])}: ${issue.message}`;
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
    mail: e.QUIRE_SMTP_URL && e.QUIRE_MAIL_FROM ? { smtp: e.QUIRE_SMTP_URL, from: e.QUIRE_MAIL_FROM } : null,
  };
}
