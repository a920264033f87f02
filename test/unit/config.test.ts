// Deployment settings from the environment (SPEC §9): defaults, and one error that names every
// bad variable without ever printing the admin password.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

/** The ConfigError that loadConfig throws for env; fails the test when it does not throw one. */
function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(Object.keys(env))}`);
}

describe('defaults', () => {
  it('reads an empty environment', () => {
    expect(loadConfig({})).toEqual({
      port: 8080,
      host: '127.0.0.1',
      dataDir: path.resolve('./data'),
      baseUrl: null,
      trustProxy: false,
      apiRate: { token: null, anonymous: null },
      adminPassword: null,
      logLevel: 'info',
      mail: null,
    });
  });

  // Issue 13: a hop count or the proxies' addresses instead of trusting every hop; API rates.
  it.each([
    [{ QUIRE_TRUST_PROXY: '2' }, 'trustProxy', 2],
    [{ QUIRE_TRUST_PROXY: '10.0.0.1, 192.168.0.0/16' }, 'trustProxy', ['10.0.0.1', '192.168.0.0/16']],
    [{ QUIRE_API_RATE: '6000' }, 'apiRate', { token: 6000, anonymous: null }],
    [{ QUIRE_API_RATE: '6000, 30' }, 'apiRate', { token: 6000, anonymous: 30 }],
  ] as const)('reads %j', (env, field, value) => {
    expect(loadConfig(env)[field]).toEqual(value);
  });

  it.each([['QUIRE_TRUST_PROXY', 'every hop'], ['QUIRE_API_RATE', 'fast'], ['QUIRE_API_RATE', '0'], ['QUIRE_API_RATE', '1,2,3']])('refuses %s=%j', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });

  it('treats empty variables as unset', () => {
    const env = { PORT: '', HOST: '', QUIRE_DATA: '', QUIRE_BASE_URL: '', QUIRE_TRUST_PROXY: '', QUIRE_ADMIN_PASSWORD: '', LOG_LEVEL: '' };
    expect(loadConfig(env)).toEqual(loadConfig({}));
  });

  it('ignores variables it does not know', () => {
    expect(loadConfig({ HOME: '/root', QUIRE_UNKNOWN: 'x' })).toEqual(loadConfig({}));
  });
});

describe('valid values', () => {
  it.each([
    { env: { PORT: '3000' }, field: 'port', value: 3000 },
    { env: { PORT: '0' }, field: 'port', value: 0 },
    { env: { PORT: '65535' }, field: 'port', value: 65535 },
    { env: { HOST: '0.0.0.0' }, field: 'host', value: '0.0.0.0' },
    { env: { QUIRE_DATA: '/var/lib/quire' }, field: 'dataDir', value: '/var/lib/quire' },
    { env: { QUIRE_DATA: 'rel/dir' }, field: 'dataDir', value: path.resolve('rel/dir') },
    { env: { QUIRE_BASE_URL: 'https://wiki.example.org' }, field: 'baseUrl', value: 'https://wiki.example.org' },
    { env: { QUIRE_BASE_URL: 'http://localhost:8080/wiki/' }, field: 'baseUrl', value: 'http://localhost:8080/wiki' },
    { env: { QUIRE_TRUST_PROXY: 'true' }, field: 'trustProxy', value: true },
    { env: { QUIRE_TRUST_PROXY: '1' }, field: 'trustProxy', value: true },
    { env: { QUIRE_TRUST_PROXY: 'yes' }, field: 'trustProxy', value: true },
    { env: { QUIRE_TRUST_PROXY: 'on' }, field: 'trustProxy', value: true },
    { env: { QUIRE_TRUST_PROXY: 'false' }, field: 'trustProxy', value: false },
    { env: { QUIRE_TRUST_PROXY: '0' }, field: 'trustProxy', value: false },
    { env: { QUIRE_TRUST_PROXY: 'no' }, field: 'trustProxy', value: false },
    { env: { QUIRE_ADMIN_PASSWORD: 'eight-ch' }, field: 'adminPassword', value: 'eight-ch' },
    { env: { LOG_LEVEL: 'debug' }, field: 'logLevel', value: 'debug' },
    { env: { LOG_LEVEL: 'silent' }, field: 'logLevel', value: 'silent' },
  ])('$env → $field = $value', ({ env, field, value }) => {
    expect(loadConfig(env)[field as keyof ReturnType<typeof loadConfig>]).toEqual(value);
  });
});

describe('invalid values stop the start with a message naming them', () => {
  it.each([
    { name: 'PORT', value: 'abc' },
    { name: 'PORT', value: '70000' },
    { name: 'PORT', value: '-1' },
    { name: 'PORT', value: '80.5' },
    { name: 'QUIRE_BASE_URL', value: 'notaurl' },
    { name: 'QUIRE_BASE_URL', value: 'ftp://example.org' },
    { name: 'QUIRE_TRUST_PROXY', value: 'maybe' },
    { name: 'LOG_LEVEL', value: 'loud' },
  ])('$name=$value', ({ name, value }) => {
    const error = configError({ [name]: value });
    expect(error.message).toContain(name);
    expect(error.message).toContain(JSON.stringify(value));
  });

  it('names every bad variable at once', () => {
    const error = configError({ PORT: 'abc', QUIRE_BASE_URL: 'notaurl', QUIRE_TRUST_PROXY: 'maybe', LOG_LEVEL: 'loud', HOST: 'fine' });
    for (const name of ['PORT', 'QUIRE_BASE_URL', 'QUIRE_TRUST_PROXY', 'LOG_LEVEL']) expect(error.message).toContain(name);
    expect(error.message).not.toContain('HOST');
  });
});

describe('the admin password is never printed', () => {
  it.each(['Sh0rt!', 'seven77', 'Zq9'])('too short (%j): named, not shown', (password) => {
    const error = configError({ QUIRE_ADMIN_PASSWORD: password });
    expect(error.message).toContain('QUIRE_ADMIN_PASSWORD');
    expect(error.message).not.toContain(password);
  });

  it('a valid password stays out of the message about another variable', () => {
    const password = 'correct-horse-battery';
    const error = configError({ QUIRE_ADMIN_PASSWORD: password, PORT: '70000' });
    expect(error.message).toContain('PORT');
    expect(error.message).not.toContain(password);
  });

  it('an invalid password stays out of the message with other bad variables', () => {
    const password = 'pw!2';
    const error = configError({ QUIRE_ADMIN_PASSWORD: password, LOG_LEVEL: 'loud' });
    expect(error.message).toContain('QUIRE_ADMIN_PASSWORD');
    expect(error.message).toContain('LOG_LEVEL');
    expect(error.message).not.toContain(password);
  });
});
