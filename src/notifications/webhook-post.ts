// Sending one webhook delivery: the exact body signed with the endpoint's secret (HMAC-SHA256), sent
// to an address that passed the guard, with a time limit, redirects not followed, and only the
// status kept from the answer.
import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { BlockedAddress, checkedAddresses, type Resolve } from './address-guard.js';

/** One attempt may take this long, from resolving the host to the end of the answer's headers. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

export interface WebhookRequest {
  url: string;
  secret: string;
  event: string;
  delivery: string;
  body: string;
}

export type PostResult = { ok: true; status: number } | { ok: false; status: number | null; error: string };

/** `sha256=` and the hex HMAC-SHA256 of the body under the secret, as X-Quire-Signature carries it. */
export function signature(secret: string, body: string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface PostOptions {
  allowPrivate: boolean;
  resolve?: Resolve;
  timeoutMs?: number;
  userAgent?: string;
}

export async function postWebhook(request: WebhookRequest, options: PostOptions): Promise<PostResult> {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return { ok: false, status: null, error: 'not a URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, status: null, error: 'only http and https URLs' };
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const deadline = AbortSignal.timeout(timeoutMs);
  let addresses: { address: string; family: number }[];
  try {
    addresses = await checkedAddresses(url.hostname, options.allowPrivate, options.resolve);
  } catch (error) {
    return { ok: false, status: null, error: error instanceof BlockedAddress ? error.message : `cannot resolve ${url.hostname}` };
  }
  // The connection goes to the first checked address, whatever a second lookup would answer.
  const chosen = addresses[0] as { address: string; family: number };
  const lookup: LookupFunction = (_host, lookupOptions, callback) => {
    if (lookupOptions.all) callback(null, [chosen]);
    else callback(null, chosen.address, chosen.family);
  };
  const body = Buffer.from(request.body);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<PostResult>((resolve) => {
    const outgoing = client.request(
      url,
      {
        method: 'POST',
        lookup,
        signal: deadline,
        headers: {
          'content-type': 'application/json',
          'content-length': String(body.length),
          'user-agent': options.userAgent ?? 'Quire-Webhook',
          'x-quire-event': request.event,
          'x-quire-delivery': request.delivery,
          'x-quire-signature': signature(request.secret, request.body),
        },
      },
      (response) => {
        const status = response.statusCode ?? 0;
        // The answer's body is read and dropped; a redirect is an answer, never followed.
        response.resume();
        response.on('error', () => undefined);
        if (status >= 200 && status < 300) resolve({ ok: true, status });
        else resolve({ ok: false, status, error: status >= 300 && status < 400 ? `redirect to ${response.headers.location ?? '?'} not followed` : `HTTP ${status}` });
      },
    );
    outgoing.on('error', (error: Error) => {
      resolve({ ok: false, status: null, error: deadline.aborted ? `no answer within ${timeoutMs / 1000} s` : error.message });
    });
    outgoing.end(body);
  });
}
