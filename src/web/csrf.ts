// CSRF tokens for every POST form: an HMAC of the visitor's binding (their session, or a random
// cookie for anonymous visitors) under the wiki's secret, compared in constant time.
import crypto from 'node:crypto';

export const CSRF_COOKIE = 'quire_visitor';

export function createCsrf(secret: string) {
  const sign = (binding: string) =>
    crypto.createHmac('sha256', secret).update(`csrf:${binding}`).digest('base64url');
  return {
    token: sign,
    verify(binding: string | undefined, token: unknown): boolean {
      if (!binding || typeof token !== 'string') return false;
      const expected = Buffer.from(sign(binding));
      const given = Buffer.from(token);
      return given.length === expected.length && crypto.timingSafeEqual(given, expected);
    },
    newBinding: () => crypto.randomBytes(18).toString('base64url'),
  };
}

export type Csrf = ReturnType<typeof createCsrf>;
