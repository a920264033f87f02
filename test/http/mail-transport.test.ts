// Sending through the configured SMTP server (SPEC §14), against real SMTP servers on loopback
// ports: smtp:// upgrades with STARTTLS when offered (or insists on it, or never does, as the URL
// says), smtps:// speaks TLS from the start with the login of the URL, and the answer tells a
// refused recipient (final) from a server that cannot be reached (try again).
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, type SmtpSettings } from '../../src/config.js';
import { createMailer, type Mail } from '../../src/notifications/mailer.js';
import { startMailServer, TEST_CERT, type MailServer } from '../helpers/mail.js';

const servers: MailServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function server(options: Parameters<typeof startMailServer>[0] = {}): Promise<MailServer> {
  const started = await startMailServer(options);
  servers.push(started);
  return started;
}

function smtpOf(url: string): SmtpSettings {
  const mail = loadConfig({ QUIRE_SMTP_URL: url, QUIRE_MAIL_FROM: 'wiki@example.org' }).mail;
  if (!mail) throw new Error('no mail settings');
  return mail.smtp;
}

const MAIL: Mail = { to: { name: 'Ann', address: 'ann@example.org' }, subject: 'Hello', text: 'Hello.\n', html: '<p>Hello.</p>', delivery: '6f1c7a52-0d4f-4a57-9a4c-0b7f2d4c1e11' };
// The test certificate is for localhost and 127.0.0.1, signed by itself: the mailer trusts it as a CA.
const trusting = { tls: { ca: TEST_CERT } };

describe('smtp://', () => {
  it('upgrades with STARTTLS when the server offers it', async () => {
    const smtp = await server({ starttls: true });
    const result = await createMailer(smtpOf(smtp.url), 'wiki@example.org', trusting).send(MAIL);
    expect(result).toEqual({ ok: true, status: 250 });
    expect(smtp.mails[0]?.secure).toBe(true);
    expect(smtp.mails[0]?.header('message-id')).toBe(`<${MAIL.delivery}@example.org>`);
  });

  it('refuses to send in the clear with ?starttls=required', async () => {
    const smtp = await server({ starttls: false });
    const result = await createMailer(smtpOf(`${smtp.url}?starttls=required`), 'wiki@example.org', trusting).send(MAIL);
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.permanent).toBe(false);
    expect(smtp.mails).toEqual([]);
  });

  it('stays in the clear with ?starttls=never', async () => {
    const smtp = await server({ starttls: true });
    expect((await createMailer(smtpOf(`${smtp.url}?starttls=never`), 'wiki@example.org', trusting).send(MAIL)).ok).toBe(true);
    expect(smtp.mails[0]?.secure).toBe(false);
  });

  it('checks the server’s certificate', async () => {
    const smtp = await server({ starttls: true });
    const result = await createMailer(smtpOf(smtp.url), 'wiki@example.org').send(MAIL);
    expect(result.ok).toBe(false);
    expect(smtp.mails).toEqual([]);
  });
});

describe('smtps://', () => {
  it('speaks TLS from the start and logs in with the URL’s user and password', async () => {
    const smtp = await server({ secure: true, auth: { user: 'wiki@example.org', pass: 'p@ss:word' } });
    const url = `smtps://${encodeURIComponent('wiki@example.org')}:${encodeURIComponent('p@ss:word')}@127.0.0.1:${smtp.port}`;
    expect((await createMailer(smtpOf(url), 'Wiki <wiki@example.org>', trusting).send(MAIL)).ok).toBe(true);
    expect(smtp.mails[0]?.secure).toBe(true);
    const wrong = await createMailer(smtpOf(`smtps://wiki:wrong@127.0.0.1:${smtp.port}`), 'wiki@example.org', trusting).send(MAIL);
    expect(wrong.ok === false && wrong.permanent).toBe(false);
    expect(smtp.mails).toHaveLength(1);
  });
});

describe('failures', () => {
  it('are final for a refused recipient, and temporary for a server that is not there', async () => {
    const smtp = await server({ refuse: ['ann@example.org'] });
    const refused = await createMailer(smtpOf(smtp.url), 'wiki@example.org').send(MAIL);
    expect(refused).toMatchObject({ ok: false, permanent: true, status: 550 });
    const port = smtp.port;
    await smtp.close();
    servers.length = 0;
    const away = await createMailer(smtpOf(`smtp://127.0.0.1:${port}`), 'wiki@example.org', { connectionTimeoutMs: 2000 }).send(MAIL);
    expect(away).toMatchObject({ ok: false, permanent: false, status: null });
  });
});
