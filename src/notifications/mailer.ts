// Sending one mail through the configured SMTP server with nodemailer: TLS from the start for
// smtps://, STARTTLS for smtp:// when the server offers it (or required, or never, as configured),
// time limits on every step, and the SMTP reply code kept to tell a refusal from a failure.
import nodemailer from 'nodemailer';
import type { SmtpSettings } from '../config.js';

/** A mail as the notifications compose it. */
export interface Mail {
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  /** Becomes the Message-ID: the same on every retry, so a receiver can drop a repeat. */
  delivery: string;
  headers?: Record<string, string>;
}

export type SendResult =
  | { ok: true; status: number | null }
  /** permanent: the server refused this mail or its recipient (a 5xx reply); trying again would not help. */
  | { ok: false; permanent: boolean; status: number | null; error: string };

export interface Mailer {
  send(mail: Mail): Promise<SendResult>;
  close(): void;
}

export interface MailerOptions {
  /** Extra TLS settings (a test's own certificate authority). */
  tls?: { ca?: string | Buffer };
  connectionTimeoutMs?: number;
  socketTimeoutMs?: number;
}

interface SmtpError {
  message?: string;
  responseCode?: number;
  code?: string;
}

/** The host part of the From address, for Message-IDs. */
function domainOf(from: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase() || 'quire.invalid';
}

export function createMailer(smtp: SmtpSettings, from: string, options: MailerOptions = {}): Mailer {
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    requireTLS: smtp.starttls === 'required',
    ignoreTLS: smtp.starttls === 'never',
    ...(smtp.user !== null ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
    connectionTimeout: options.connectionTimeoutMs ?? 10_000,
    greetingTimeout: options.connectionTimeoutMs ?? 10_000,
    socketTimeout: options.socketTimeoutMs ?? 30_000,
    ...(options.tls ? { tls: options.tls } : {}),
  });
  const domain = domainOf(from);

  return {
    async send(mail) {
      try {
        const info = await transport.sendMail({
          from,
          to: { name: mail.to.name, address: mail.to.address },
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: `<${mail.delivery}@${domain}>`,
          headers: { 'Auto-Submitted': 'auto-generated', ...mail.headers },
        });
        const code = /^(\d{3})/.exec(String(info.response ?? ''))?.[1];
        return { ok: true, status: code ? Number(code) : null };
      } catch (error) {
        const failure = error as SmtpError;
        const status = typeof failure.responseCode === 'number' ? failure.responseCode : null;
        // Only a refusal of this mail or its recipient is final; a login or connection problem is
        // the admin's to fix, and the mail waits for it.
        const refused = failure.code === 'EENVELOPE' || failure.code === 'EMESSAGE';
        return { ok: false, permanent: refused && status !== null && status >= 500, status, error: failure.message ?? String(error) };
      }
    },
    close: () => transport.close(),
  };
}
