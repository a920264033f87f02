// A real HTTP receiver on a loopback port for the webhook tests (node:http): it keeps every request
// with its headers and exact body, answers with the statuses a test lines up (200 once they run
// out), can hold its answers, and lets a test wait for the requests it expects.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The status it was answered with; null while held. */
  status: number | null;
}

export interface Receiver {
  url: string;
  port: number;
  requests: Received[];
  /** The next answers, in order: a status, or 'redirect' (302 to /elsewhere). */
  answer(...statuses: (number | 'redirect')[]): void;
  /** Keeps new requests waiting, unanswered, until release(). */
  hold(): void;
  release(): void;
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const requests: Received[] = [];
  const queue: (number | 'redirect')[] = [];
  const waiters = new Set<() => void>();
  let holding = false;
  const held: (() => void)[] = [];

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const received: Received = { method: request.method ?? '', path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), status: null };
      requests.push(received);
      const reply = () => {
        const next = queue.shift() ?? 200;
        if (next === 'redirect') {
          received.status = 302;
          response.writeHead(302, { location: '/elsewhere' }).end();
        } else {
          received.status = next;
          response.writeHead(next, { 'content-type': 'text/plain' }).end('ok');
        }
      };
      if (holding) held.push(reply);
      else reply();
      for (const wake of waiters) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    requests,
    answer: (...statuses) => void queue.push(...statuses),
    hold() {
      holding = true;
    },
    release() {
      holding = false;
      for (const reply of held.splice(0)) reply();
    },
    waitFor(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (requests.length < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(requests);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${count} requests, got ${requests.length}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
