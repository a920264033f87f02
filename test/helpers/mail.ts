// A real SMTP server on a loopback port for the notification tests (smtp-server): it keeps every
// mail it accepts, parsed with mailparser, and lets a test wait for the mails it expects — woken by
// their arrival, never by a timer of its own. It can hold new connections before the greeting (a
// server that is slow to answer) and speak STARTTLS with the test certificate.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The session had been upgraded to TLS when the mail came. */
  secure: boolean;
  raw: string;
  parsed: ParsedMail;
  subject: string;
  text: string;
  html: string;
  header(name: string): string;
}

export const TEST_CERT = fs.readFileSync(new URL('../fixtures/tls/localhost.crt', import.meta.url), 'utf8');
export const TEST_KEY = fs.readFileSync(new URL('../fixtures/tls/localhost.key', import.meta.url), 'utf8');

export interface MailServerOptions {
  /** Offer STARTTLS with the test certificate (otherwise it is not offered). */
  starttls?: boolean;
  /** Refuse RCPT TO for these addresses with a 550. */
  refuse?: readonly string[];
  /** TLS from the first byte (smtps://), with the test certificate. */
  secure?: boolean;
  /** Ask for this login (AUTH PLAIN or LOGIN). */
  auth?: { user: string; pass: string };
}

export interface MailServer {
  port: number;
  url: string;
  mails: ReceivedMail[];
  /** Resolves when `count` mails matching `match` have arrived (at most `timeoutMs`, then rejects with what came). */
  waitFor(count: number, match?: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail[]>;
  to(address: string): ReceivedMail[];
  /** Holds new connections before the greeting until release() (a server slow to answer). */
  hold(): void;
  release(): void;
  close(): Promise<void>;
}

export async function startMailServer(options: MailServerOptions = {}): Promise<MailServer> {
  const mails: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  let holding = false;
  const held: (() => void)[] = [];

  const tls = options.starttls || options.secure;
  const disabled = [...(options.auth ? [] : ['AUTH']), ...(options.starttls ? [] : ['STARTTLS'])];
  const serverOptions: SMTPServerOptions = {
    authOptional: !options.auth,
    disabledCommands: disabled,
    secure: options.secure === true,
    ...(tls ? { key: TEST_KEY, cert: TEST_CERT } : {}),
    logger: false,
    onAuth(auth, _session, callback) {
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) return callback(null, { user: auth.username });
      callback(new Error('invalid login'));
    },
    onConnect(_session, callback) {
      if (!holding) return callback();
      held.push(() => callback());
    },
    onRcptTo(address, _session, callback) {
      if (options.refuse?.includes(address.address)) {
        const error = new Error('mailbox unavailable') as Error & { responseCode: number };
        error.responseCode = 550;
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (parsed) => {
            mails.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              secure: session.secure,
              raw: raw.toString('utf8'),
              parsed,
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              // The header as it was written (mailparser turns some, such as List-*, into objects).
              header: (name) => {
                const line = parsed.headerLines.find((header) => header.key === name.toLowerCase())?.line ?? '';
                return line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
              },
            });
            callback();
            for (const wake of waiters) wake();
          },
          (error: Error) => callback(error),
        );
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;

  return {
    port,
    url: `${options.secure ? 'smtps' : 'smtp'}://127.0.0.1:${port}`,
    mails,
    to: (address) => mails.filter((mail) => mail.to.includes(address)),
    waitFor(count, match = () => true, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = mails.filter(match);
          if (found.length < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${count} mails, got ${mails.filter(match).length}: ${mails.map((mail) => `${mail.to.join(',')}: ${mail.subject}`).join(' | ')}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    hold() {
      holding = true;
    },
    release() {
      holding = false;
      for (const go of held.splice(0)) go();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
