// One-click unsubscribe links (RFC 8058): the link names a subscription and carries a signature of
// it under the wiki's secret, so it works without logging in and needs nothing stored. A
// subscription made again has a new id, and old links stop working.
import crypto from 'node:crypto';
import type { Subscription } from './subscriptions.js';

type Signed = Pick<Subscription, 'id' | 'login' | 'target' | 'created'>;

export function unsubscribeToken(secret: string, subscription: Signed): string {
  return crypto
    .createHmac('sha256', secret)
    .update(`unsubscribe\u0000${subscription.id}\u0000${subscription.login}\u0000${subscription.target}\u0000${subscription.created}`)
    .digest('base64url');
}

export function checkUnsubscribeToken(secret: string, subscription: Signed, token: string): boolean {
  const expected = Buffer.from(unsubscribeToken(secret, subscription));
  const given = Buffer.from(token);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

/** The absolute one-click link of a subscription. */
export function unsubscribeUrl(baseUrl: string, secret: string, subscription: Signed): string {
  return `${baseUrl}/_/unsubscribe?s=${subscription.id}&token=${unsubscribeToken(secret, subscription)}`;
}
