// Verifying the password hashes DokuWiki's users.auth.php holds, every format its PassHash
// verify_hash recognises, tried in the same order: so an imported user logs in with the password
// they had, once, and the login path re-hashes it to argon2id. argon2 hashes ($argon2i$,
// $argon2id$) are not handled here: they are Quire's own format and verify as such.
import crypto from 'node:crypto';
import bcrypt from 'bcryptjs';
import unixCrypt from 'unix-crypt-td-js';
import { verify as verifyShaCrypt } from 'unixcrypt';
import type { LegacyVerifier } from '../accounts/passwords.js';

const ITOA64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const digest = (algorithm: string, ...parts: Array<string | Buffer>): Buffer => {
  const hash = crypto.createHash(algorithm);
  for (const part of parts) hash.update(part);
  return hash.digest();
};
const hex = (algorithm: string, ...parts: Array<string | Buffer>) => digest(algorithm, ...parts).toString('hex');

/** Compares in constant time what can be compared; different lengths are simply different. */
function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

/** `count` characters of crypt's base-64 for `value`, least significant first. */
function to64(value: number, count: number): string {
  let out = '';
  for (let i = 0, v = value; i < count; i++, v >>= 6) out += ITOA64[v & 0x3f];
  return out;
}

// MD5-crypt ($1$, and Apache's $apr1$ that differs only by its magic), over the password's bytes.
function md5Crypt(password: string, magic: string, salt: string): string {
  const clear = Buffer.from(password);
  const saltBytes = Buffer.from(salt);
  const parts: Buffer[] = [clear, Buffer.from(`$${magic}$`), saltBytes];
  const alternate = digest('md5', clear, saltBytes, clear);
  for (let i = clear.length; i > 0; i -= 16) parts.push(alternate.subarray(0, Math.min(16, i)));
  for (let i = clear.length; i > 0; i >>= 1) parts.push(i & 1 ? Buffer.from([0]) : clear.subarray(0, 1));
  let bin = digest('md5', ...parts);
  for (let i = 0; i < 1000; i++) {
    const round: Buffer[] = [i & 1 ? clear : bin];
    if (i % 3) round.push(saltBytes);
    if (i % 7) round.push(clear);
    round.push(i & 1 ? bin : clear);
    bin = digest('md5', ...round);
  }
  const triple = (a: number, b: number, c: number) => to64((bin[a]! << 16) | (bin[b]! << 8) | bin[c]!, 4);
  const encoded = triple(0, 6, 12) + triple(1, 7, 13) + triple(2, 8, 14) + triple(3, 9, 15) + triple(4, 10, 5) + to64(bin[11]!, 2);
  return `$${magic}$${salt}$${encoded}`;
}

// phpass (WordPress, phpBB: $P$, $H$) and Drupal 7 ($S$): 2^n rounds of hash(previous + password).
function stretched(algorithm: string, password: string, setting: string, magic: string): string | null {
  const rounds = ITOA64.indexOf(setting[0] ?? '');
  if (rounds < 0 || rounds > 30) return null;
  const salt = setting.slice(1, 9);
  let hash = digest(algorithm, salt, password);
  for (let i = 1 << rounds; i > 0; i--) hash = digest(algorithm, hash, password);
  let out = '';
  for (let i = 0; i < hash.length; ) {
    let value = hash[i++]!;
    out += ITOA64[value & 0x3f];
    if (i < hash.length) value |= hash[i]! << 8;
    out += ITOA64[(value >> 6) & 0x3f];
    if (i++ >= hash.length) break;
    if (i < hash.length) value |= hash[i]! << 16;
    out += ITOA64[(value >> 12) & 0x3f];
    if (i++ >= hash.length) break;
    out += ITOA64[(value >> 18) & 0x3f];
  }
  return `$${magic}$${setting[0]}${salt}${out}`;
}

// MySQL's OLD_PASSWORD(): two 31-bit accumulators over the bytes.
function mysqlOld(password: string): string {
  let nr = 0x50305735;
  let nr2 = 0x12345671;
  let add = 7;
  for (const byte of Buffer.from(password)) {
    // DokuWiki skips spaces; its tab test compares with a two-character string and never matches.
    if (byte === 0x20) continue;
    nr = (nr ^ ((((nr & 63) + add) * byte) + (nr << 8))) >>> 0;
    nr2 = (nr2 + ((nr2 << 8) ^ nr)) >>> 0;
    add += byte;
  }
  const part = (n: number) => (n & 0x7fffffff).toString(16).padStart(8, '0');
  return part(nr) + part(nr2);
}

function salted(prefix: string, algorithm: string, size: number, password: string, hash: string): boolean {
  const bytes = Buffer.from(hash.slice(prefix.length), 'base64');
  const salt = bytes.subarray(size);
  return same(hash, prefix + Buffer.concat([digest(algorithm, password, salt), salt]).toString('base64'));
}

type Verifier = (password: string, hash: string, match: RegExpExecArray) => boolean;

// The formats in the order DokuWiki's verify_hash tries them; the first pattern that matches decides.
const FORMATS: ReadonlyArray<readonly [RegExp, Verifier]> = [
  [/^\$(1|apr1)\$([^$]{0,8})\$/, (password, hash, m) => same(md5Crypt(password, m[1]!, m[2]!), hash)],
  [/^\$S\$(.{52})$/, (password, hash, m) => { const out = stretched('sha512', password, m[1]!, 'S'); return out !== null && same(out.slice(0, 55), hash); }],
  [/^\$([PH])\$(.{31})$/, (password, hash, m) => { const out = stretched('md5', password, m[2]!, m[1]!); return out !== null && same(out, hash); }],
  [
    /^pbkdf2_(\w+?)\$(\d+)\$(.{12})\$(.*)$/,
    (password, hash, m) => {
      const algorithm = m[1]!;
      if (!crypto.getHashes().includes(algorithm)) return false;
      const size = digest(algorithm, '').length;
      const derived = crypto.pbkdf2Sync(password, m[3]!, Number(m[2]), size, algorithm).toString('base64');
      return same(`pbkdf2_${algorithm}$${m[2]}$${m[3]}$${derived}`, hash);
    },
  ],
  [
    /^PBKDF2(SHA\d+)\$(\d+)\$([0-9a-fA-F]+)\$([0-9a-fA-F]+)$/,
    (password, hash, m) => {
      const algorithm = m[1]!.toLowerCase();
      if (!crypto.getHashes().includes(algorithm) || m[3]!.length % 2 !== 0) return false;
      const size = digest(algorithm, '').length;
      const derived = crypto.pbkdf2Sync(password, Buffer.from(m[3]!, 'hex'), Number(m[2]), size, algorithm).toString('hex');
      return same(`PBKDF2${m[1]}$${m[2]}$${m[3]}$${derived}`, hash);
    },
  ],
  [/^sha1\$(.{5})\$/, (password, hash, m) => same(`sha1$${m[1]}$${hex('sha1', m[1]!, password)}`, hash)],
  [/^md5\$(.{5})\$/, (password, hash, m) => same(`md5$${m[1]}$${hex('md5', m[1]!, password)}`, hash)],
  // PHP's $2y$ is the $2b$ algorithm under another name.
  [/^\$2[aby]\$\d{2}\$/, (password, hash) => bcrypt.compareSync(password, hash.replace(/^\$2y\$/, '$2b$'))],
  [/^\{SSHA\}/, (password, hash) => salted('{SSHA}', 'sha1', 20, password, hash)],
  [/^\{SMD5\}/, (password, hash) => salted('{SMD5}', 'md5', 16, password, hash)],
  [/^:B:(.+?):(.{32})$/, (password, hash, m) => same(`:B:${m[1]}:${hex('md5', `${m[1]}-${hex('md5', password)}`)}`, hash)],
  [/^\$[56]\$(?:rounds=\d+\$)?[^$]+\$/, (password, hash) => verifyShaCrypt(password, hash)],
  [/^\$argon2/, () => false],
  [/^[0-9a-f]{32}$/i, (password, hash) => same(hex('md5', password), hash.toLowerCase())],
  [/^[0-9a-f]{40}$/i, (password, hash) => same(hex('sha1', password), hash.toLowerCase())],
  [/^[0-9a-f]{16}$/i, (password, hash) => same(mysqlOld(password), hash.toLowerCase())],
  [/^\*[0-9A-F]{40}$/i, (password, hash) => same(`*${hex('sha1', digest('sha1', password)).toUpperCase()}`, hash.toUpperCase())],
  // Kunena / Joomla: the salt's two characters sit in the middle of md5(salt + md5(password)).
  [/^.{34}$/, (password, hash) => { const key = hash.slice(16, 18); const sum = hex('md5', key + hex('md5', password)); return same(sum.slice(0, 16) + key + sum.slice(16), hash); }],
  // Anything else is handed to the traditional DES crypt, as DokuWiki hands it to crypt().
  // crypt() reads bytes: the password goes to the DES code as one character per UTF-8 byte.
  [/^[./0-9A-Za-z]{13}$/, (password, hash) => same(String(unixCrypt(Buffer.from(password).toString('latin1'), hash.slice(0, 2))), hash)],
];

// A stored hash asking for more work than any real DokuWiki wrote (an import is a file someone
// handed over) is refused unread, like argon2 hashes past their bounds: one log-in must not hold
// the event loop for minutes.
const MAX_BCRYPT_COST = 15;
const MAX_ITERATIONS = 1_000_000;

function affordable(hash: string): boolean {
  const bcryptCost = /^\$2[aby]\$(\d{2})\$/.exec(hash)?.[1];
  if (bcryptCost !== undefined) return Number(bcryptCost) <= MAX_BCRYPT_COST;
  const rounds = /^\$[56]\$rounds=(\d+)\$/.exec(hash)?.[1] ?? /^pbkdf2[^$]*\$(\d+)\$/i.exec(hash)?.[1];
  return rounds === undefined || Number(rounds) <= MAX_ITERATIONS;
}

/** Whether `hash` is in a format this module verifies (argon2 is Quire's own and is not). */
export function isDokuwikiHash(hash: string): boolean {
  if (hash.startsWith('$argon2')) return false;
  const candidate = hash.startsWith('U$') ? hash.slice(1) : hash;
  return FORMATS.some(([pattern]) => pattern.test(candidate));
}

/** Checks `password` against a DokuWiki password hash, as DokuWiki's auth_verifyPassword does. */
export function verifyDokuwikiHash(hash: string, password: string): boolean {
  // Drupal's updated hashes: 'U' before a hash of md5(password).
  const upgraded = hash.startsWith('U$');
  const candidate = upgraded ? hash.slice(1) : hash;
  const clear = upgraded ? hex('md5', password) : password;
  if (!affordable(candidate)) return false;
  for (const [pattern, verify] of FORMATS) {
    const match = pattern.exec(candidate);
    if (!match) continue;
    try {
      return verify(clear, candidate, match);
    } catch {
      return false;
    }
  }
  return false;
}

/** The log-in's verifier for imported accounts: their DokuWiki hash is replaced by argon2id once it matches. */
export const dokuwikiVerifier: LegacyVerifier = (hash, password) => (isDokuwikiHash(hash) ? verifyDokuwikiHash(hash, password) : null);
