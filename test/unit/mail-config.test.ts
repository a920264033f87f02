// Mail settings from the environment (SPEC §14): QUIRE_SMTP_URL and QUIRE_MAIL_FROM go together,
// are checked at start like every setting, and an error never prints the SMTP password.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const FROM = { QUIRE_MAIL_FROM: 'wiki@example.org' };

describe('QUIRE_SMTP_URL', () => {
  it.each([
    ['smtp://127.0.0.1:2525', { host: '127.0.0.1', port: 2525, secure: false, starttls: 'auto', user: null, password: null }],
    ['smtp://mail.example.org', { host: 'mail.example.org', port: 25, secure: false, starttls: 'auto', user: null, password: null }],
    ['smtps://user:pass@mail.example.org:465', { host: 'mail.example.org', port: 465, secure: true, starttls: 'auto', user: 'user', password: 'pass' }],
    ['smtps://mail.example.org', { host: 'mail.example.org', port: 465, secure: true, starttls: 'auto', user: null, password: null }],
    ['smtp://me%40example.org:p%3Ass%40@mail.example.org:587?starttls=required', { host: 'mail.example.org', port: 587, secure: false, starttls: 'required', user: 'me@example.org', password: 'p:ss@' }],
    ['smtp://[::1]:2525?starttls=never', { host: '::1', port: 2525, secure: false, starttls: 'never', user: null, password: null }],
  ])('%s', (url, smtp) => {
    expect(loadConfig({ QUIRE_SMTP_URL: url, ...FROM }).mail).toEqual({ smtp, from: 'wiki@example.org' });
  });

  it.each(['http://mail.example.org', 'mail.example.org:25', 'smtp://', 'smtp://host?starttls=maybe', 'smtp://host?other=1', 'smtp://host/path'])('refuses %s', (url) => {
    expect(() => loadConfig({ QUIRE_SMTP_URL: url, ...FROM })).toThrow(/QUIRE_SMTP_URL/);
  });

  it('never prints the password in an error', () => {
    try {
      loadConfig({ QUIRE_SMTP_URL: 'smtps://user:s3cret-word@host:notaport', ...FROM });
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain('QUIRE_SMTP_URL');
      expect((error as Error).message).not.toContain('s3cret-word');
    }
  });
});

describe('QUIRE_MAIL_FROM', () => {
  it.each(['wiki@example.org', 'Example Wiki <wiki@example.org>', 'Équipe <wiki@example.org>'])('takes %s', (from) => {
    expect(loadConfig({ QUIRE_SMTP_URL: 'smtp://localhost', QUIRE_MAIL_FROM: from }).mail?.from).toBe(from);
  });

  it.each(['not an address', 'Name <>', 'a@b@c', 'Evil\r\nBcc: x@y.z <wiki@example.org>'])('refuses %j', (from) => {
    expect(() => loadConfig({ QUIRE_SMTP_URL: 'smtp://localhost', QUIRE_MAIL_FROM: from })).toThrow(/QUIRE_MAIL_FROM/);
  });
});

describe('mail needs both settings', () => {
  it('is off without them', () => {
    expect(loadConfig({}).mail).toBeNull();
  });

  it('names the one missing', () => {
    expect(() => loadConfig({ QUIRE_SMTP_URL: 'smtp://localhost' })).toThrow(/QUIRE_MAIL_FROM/);
    expect(() => loadConfig(FROM)).toThrow(/QUIRE_SMTP_URL/);
  });
});
