// DokuWiki's remote API (issue 12, item 4; SPEC §13): XML-RPC and JSON-RPC through inject for the
// rules (authentication, ACL, locks, faults, rate limits), then clients nobody on the project wrote
// against a running Quire: Debian's dokujclient, and Python's standard xmlrpc.client.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createWiki } from '../../src/wiki.js';
import { ADMIN_PASSWORD, Client, createTestWiki, type TestWiki } from '../helpers/wiki.js';

const run = promisify(execFile);
const SLOW = 120_000;
const READER_PASSWORD = 'reader-password-1';

let wiki: TestWiki;
let token: string;

const basic = (login: string, password: string) => `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`;
const ADMIN = basic('admin', ADMIN_PASSWORD);

function xml(method: string, params: string[] = []): string {
  return `<?xml version="1.0"?><methodCall><methodName>${method}</methodName><params>${params.map((p) => `<param><value>${p}</value></param>`).join('')}</params></methodCall>`;
}
const s = (text: string) => `<string>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</string>`;

async function xmlrpc(body: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return wiki.app.inject({ method: 'POST', url: '/lib/exe/xmlrpc.php', headers: { 'content-type': 'text/xml', ...headers }, payload: body });
}

async function jsonrpc(method: string, params: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return wiki.app.inject({
    method: 'POST',
    url: '/lib/exe/jsonrpc.php',
    headers: { 'content-type': 'application/json', ...headers },
    payload: JSON.stringify({ jsonrpc: '2.0', id: 7, method, params }),
  });
}

const fault = (body: string) => {
  const match = /<name>faultCode<\/name><value><int>(-?\d+)<\/int><\/value><\/member><member><name>faultString<\/name><value><string>([^<]*)<\/string>/.exec(body);
  return match ? { code: Number(match[1]), message: match[2] } : null;
};

beforeAll(async () => {
  const created = await createTestWiki({}, { policy: 'public' });
  const store = createWiki(created.db);
  await store.users.create({ login: 'reader', password: READER_PASSWORD, name: 'Rita Reader' });
  store.acl.set({ scope: 'private:*', subject: '@ALL', level: 0 });
  store.acl.set({ scope: 'remote:*', subject: '@user', level: 1 });
  store.acl.set({ scope: 'shared:*', subject: 'reader', level: 4 });
  token = store.tokens.create('admin', 'remote api test');
  // A server reads the rules when it starts: start one on them.
  await created.app.close();
  wiki = { ...created, app: await buildApp(loadConfig({ QUIRE_DATA: created.dir, QUIRE_ADMIN_PASSWORD: ADMIN_PASSWORD }), created.db) };
}, SLOW);

afterAll(async () => wiki.close());

describe('XML-RPC', () => {
  it('answers anonymous callers the public methods', async () => {
    const response = await xmlrpc(xml('dokuwiki.getVersion'));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/xml/);
    expect(response.body).toMatch(/<string>Quire [\d.]+<\/string>/);
    expect((await xmlrpc(xml('dokuwiki.getXMLRPCAPIVersion'))).body).toContain('<int>11</int>');
  });

  it('saves and reads Markdown with HTTP Basic, needs no _csrf', async () => {
    const put = await xmlrpc(xml('wiki.putPage', [s('remote:first'), s('# First\n\n**bold** & [[start]]'), '<struct><member><name>sum</name><value><string>from XML-RPC</string></value></member></struct>']), { authorization: ADMIN });
    expect(put.body).toContain('<boolean>1</boolean>');
    const get = await xmlrpc(xml('wiki.getPage', [s('remote:first')]));
    expect(get.body).toContain('<string># First\n\n**bold** &amp; [[start]]\n</string>');
    const revisions = createWiki(wiki.db).pages.revisions('remote:first', 0, 5);
    expect(revisions[0]).toMatchObject({ author: 'admin', summary: 'from XML-RPC' });
  });

  it('dokuwiki.login opens a session the next calls use, with a DW cookie for DokuWiki clients', async () => {
    const login = await xmlrpc(xml('dokuwiki.login', [s('reader'), s(READER_PASSWORD)]));
    expect(login.body).toContain('<boolean>1</boolean>');
    const names = login.cookies.map((cookie) => cookie.name);
    expect(names).toContain('quire_session');
    expect(names.some((name) => name.startsWith('DW'))).toBe(true);
    const session = login.cookies.find((cookie) => cookie.name === 'quire_session')!;
    const who = await wiki.app.inject({
      method: 'POST',
      url: '/lib/exe/jsonrpc.php',
      headers: { 'content-type': 'application/json' },
      cookies: { quire_session: session.value },
      payload: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'core.whoAmI', params: {} }),
    });
    expect(who.json()).toMatchObject({ result: { login: 'reader', name: 'Rita Reader', isadmin: false } });
    expect((await xmlrpc(xml('dokuwiki.login', [s('reader'), s('wrong')]))).body).toContain('<boolean>0</boolean>');
  });

  it.each([
    ['a missing page', xml('wiki.getPageInfo', [s('remote:nothing')]), {}, 200, 121, 'The requested page does not exist'],
    ['an unknown method', xml('wiki.noSuchThing'), {}, 200, -32603, 'Method does not exist'],
    ['a document that is not XML-RPC', '<nope/>', {}, 200, -32700, 'parse error. not well formed'],
    ['arrays nested 100,000 deep', xml('wiki.getPage', ['<array><data><value>'.repeat(100_000) + '</value></data></array>'.repeat(100_000)]), {}, 200, -32700, 'parse error. not well formed'],
    ['an anonymous save where anonymous may not edit', xml('wiki.putPage', [s('remote:x'), s('x'), '<struct></struct>']), {}, 401, -32603, 'server error. not authorized to call method wiki.putPage'],
    ['a reader saving', xml('wiki.putPage', [s('remote:x'), s('x'), '<struct></struct>']), { authorization: basic('reader', READER_PASSWORD) }, 403, -32604, 'server error. forbidden to call the method wiki.putPage'],
    ['a hidden page, read anonymously', xml('wiki.getPage', [s('private:plan')]), {}, 401, -32603, 'server error. not authorized to call method wiki.getPage'],
    ['a wrong Basic password', xml('wiki.getPage', [s('start')]), { authorization: basic('admin', 'nope') }, 401, -32603, 'server error. not authorized: wrong login or password'],
    ['a bad token', xml('wiki.getPage', [s('start')]), { authorization: 'Bearer nope' }, 401, -32603, 'server error. not authorized: invalid token'],
    ['too many arguments', xml('dokuwiki.getVersion', [s('x')]), {}, 200, -32603, 'Method does not exist - wrong parameter count.'],
  ])('answers %s with DokuWiki’s fault', async (_name, body, headers, status, code, message) => {
    const response = await xmlrpc(body, headers);
    expect(response.statusCode).toBe(status);
    expect(fault(response.body)).toEqual({ code, message });
  });

  it('refuses bodies that are not XML (a cross-site form)', async () => {
    const response = await wiki.app.inject({ method: 'POST', url: '/lib/exe/xmlrpc.php', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=b' });
    expect(response.statusCode).toBe(415);
  });
});

describe('JSON-RPC', () => {
  const auth = () => ({ authorization: `Bearer ${token}` });

  it('speaks JSON-RPC 2.0 with a token, and DokuWiki’s simplified form', async () => {
    const version = await jsonrpc('core.getAPIVersion', []);
    expect(version.json()).toEqual({ id: 7, jsonrpc: '2.0', result: 14 });
    const simplified = await wiki.app.inject({ method: 'POST', url: '/lib/exe/jsonrpc.php/core.getWikiTitle', headers: { 'content-type': 'application/json' }, payload: '{}' });
    expect(simplified.json()).toEqual({ result: 'Quire', error: { code: 0, message: 'success' } });
    const saved = await jsonrpc('core.savePage', { page: 'remote:json', text: 'From *JSON*', summary: 'json', isminor: false }, auth());
    expect(saved.json()).toMatchObject({ result: true });
    expect((await jsonrpc('core.getPage', { page: 'remote:json' })).json()).toMatchObject({ result: 'From *JSON*\n' });
    const appended = await jsonrpc('core.appendPage', ['remote:json', ' and more', 'append'], auth());
    expect(appended.json()).toMatchObject({ result: true });
    expect((await jsonrpc('core.getPage', ['remote:json'])).json()).toMatchObject({ result: 'From *JSON* and more\n' });
  });

  it('gives page info, history, links, backlinks, lists, search and recent changes', async () => {
    await jsonrpc('core.savePage', ['remote:links', 'See [[remote:json]] and https://example.org', '', false], auth());
    const info = (await jsonrpc('core.getPageInfo', { page: 'remote:json', author: true, hash: true }, auth())).json().result;
    expect(info).toMatchObject({ id: 'remote:json', author: 'admin', permission: 255, title: 'remote:json' });
    expect(info.hash).toMatch(/^[0-9a-f]{32}$/);
    const history = (await jsonrpc('core.getPageHistory', ['remote:json'])).json().result;
    expect(history.map((change: { type: string; summary: string }) => [change.type, change.summary])).toEqual([
      ['E', 'append'],
      ['C', 'json'],
    ]);
    expect((await jsonrpc('core.getPageLinks', ['remote:links'])).json().result).toEqual([
      { type: 'local', page: 'remote:json', href: '/remote/json' },
      { type: 'extern', page: 'https://example.org', href: 'https://example.org' },
    ]);
    expect((await jsonrpc('core.getPageBackLinks', ['remote:json'])).json().result).toEqual(['remote:links']);
    const pages = (await jsonrpc('core.listPages', { namespace: 'remote', depth: 0 })).json().result.map((page: { id: string }) => page.id);
    expect(pages).toEqual(expect.arrayContaining(['remote:json', 'remote:links']));
    const hits = (await jsonrpc('core.searchPages', ['JSON'])).json().result.map((hit: { id: string }) => hit.id);
    expect(hits).toContain('remote:json');
    const recent = (await jsonrpc('core.getRecentPageChanges', [0])).json().result.map((change: { id: string }) => change.id);
    expect(recent).toEqual(expect.arrayContaining(['remote:json', 'remote:links']));
  });

  it('keeps hidden pages out of every list and answers 401/403 for them', async () => {
    await jsonrpc('core.savePage', ['private:plan', 'Secret plan', '', false], auth());
    expect((await jsonrpc('core.listPages', { namespace: '', depth: 0 })).json().result.map((p: { id: string }) => p.id)).not.toContain('private:plan');
    const anonymous = await jsonrpc('core.getPage', ['private:plan']);
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toEqual({ id: 7, jsonrpc: '2.0', error: { code: -32603, message: 'server error. not authorized to call method core.getPage' } });
    const reader = await jsonrpc('core.getPage', ['private:plan'], { authorization: basic('reader', READER_PASSWORD) });
    expect(reader.statusCode).toBe(403);
    expect((await jsonrpc('core.aclCheck', ['private:plan'], { authorization: basic('reader', READER_PASSWORD) })).json().result).toBe(0);
  });

  it('honours edit locks: a page another user locked is refused with 133', async () => {
    const reader = { authorization: basic('reader', READER_PASSWORD) };
    expect((await jsonrpc('core.lockPages', [['remote:json']], reader)).json().result).toEqual([]); // may not edit there
    expect((await jsonrpc('core.lockPages', [['shared:doc']], auth())).json().result).toEqual(['shared:doc']);
    const refused = await jsonrpc('core.savePage', ['shared:doc', 'Mine'], reader);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toEqual({ code: 133, message: 'The page is currently locked' });
    expect((await jsonrpc('core.unlockPages', [['shared:doc']], reader)).json().result).toEqual([]); // not their lock
    expect((await jsonrpc('core.unlockPages', [['shared:doc']], auth())).json().result).toEqual(['shared:doc']);
    expect((await jsonrpc('core.savePage', ['shared:doc', 'Mine'], reader)).json().result).toBe(true);
  });

  it('stores, lists, reads and deletes media', async () => {
    const png = fs.readFileSync(new URL('../fixtures/dokuwiki-data/media/wiki/logo.png', import.meta.url));
    expect((await jsonrpc('core.saveMedia', ['remote:dot.png', png.toString('base64'), false], auth())).json().result).toBe(true);
    const again = await jsonrpc('core.saveMedia', ['remote:dot.png', png.toString('base64'), false], auth());
    expect(again.json().error.code).toBe(236);
    expect((await jsonrpc('core.listMedia', ['remote'])).json().result).toEqual([expect.objectContaining({ id: 'remote:dot.png', size: png.length, isimage: true })]);
    expect(Buffer.from((await jsonrpc('core.getMedia', ['remote:dot.png'])).json().result, 'base64').equals(png)).toBe(true);
    expect((await jsonrpc('core.saveMedia', ['remote:x.png', '!!!', false], auth())).json().error.code).toBe(234);
    expect((await jsonrpc('core.deleteMedia', ['remote:dot.png'], auth())).json().result).toBe(true);
    expect((await jsonrpc('core.getMediaInfo', ['remote:dot.png'])).json().error.code).toBe(221);
  });

  it('throttles wrong passwords as the log-in form does', async () => {
    const guess = () => wiki.app.inject({ method: 'POST', url: '/lib/exe/jsonrpc.php', headers: { 'content-type': 'application/json', authorization: basic('ghost', 'guess') }, remoteAddress: '10.9.8.6', payload: '{"method":"core.getAPIVersion","params":[]}' });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await guess()).statusCode);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);
  });

  it('rate limits anonymous callers like the JSON API', async () => {
    let last: LightMyRequestResponse | null = null;
    for (let i = 0; i < 80 && last?.statusCode !== 429; i++) {
      last = await wiki.app.inject({ method: 'POST', url: '/lib/exe/jsonrpc.php', headers: { 'content-type': 'application/json' }, remoteAddress: '10.9.8.7', payload: '{"method":"core.getAPIVersion","params":[]}' });
    }
    expect(last?.statusCode).toBe(429);
    expect(last?.headers['retry-after']).toMatch(/^\d+$/);
  });
});

describe('clients nobody on the project wrote, against a running Quire', () => {
  let url: string;
  let work: string;
  beforeAll(async () => {
    await wiki.app.listen({ port: 0, host: '127.0.0.1' });
    const address = wiki.app.server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    url = `http://127.0.0.1:${address.port}/lib/exe/xmlrpc.php`;
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-dokujclient-'));
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  const dokujclient = async (...args: string[]) =>
    (await run('/usr/bin/dokujclient', ['--url', url, '--user', 'admin', '--password', ADMIN_PASSWORD, ...args], { timeout: 60_000, env: { ...process.env, HOME: work } })).stdout;

  it('dokujclient: version, put, get, page list, append, history, recent changes and attachments', async () => {
    expect((await dokujclient('getVersion')).trim()).toMatch(/^Quire [\d.]+$/);
    await dokujclient('putPage', 'client:notes', 'Written by **dokujclient**');
    expect((await dokujclient('getPage', 'client:notes')).trim()).toBe('Written by **dokujclient**');
    await dokujclient('appendPage', 'client:notes', '(appended)');
    expect((await dokujclient('getPage', 'client:notes')).trim()).toBe('Written by **dokujclient**(appended)');
    expect((await dokujclient('getPagelist', 'client')).trim()).toBe('client:notes');
    const versions = (await dokujclient('getPageVersions', 'client:notes')).trim().split('\n');
    expect(versions).toHaveLength(2);
    expect(versions[0]).toMatch(/^client:notes \d{10} [\d.:a-f]+ E admin/);
    expect(versions[1]).toMatch(/^client:notes \d{10} [\d.:a-f]+ C admin/);
    const recent = await dokujclient('getRecentChanges', String(Math.floor(Date.now() / 1000) - 3600));
    expect(recent).toMatch(/^client:notes \d{10} admin 255 \d+$/m);
    const file = path.join(work, 'logo.png');
    fs.copyFileSync(new URL('../fixtures/dokuwiki-data/media/wiki/logo.png', import.meta.url), file);
    await dokujclient('putAttachment', 'client:logo.png', file);
    expect((await dokujclient('getAttachments', 'client')).trim()).toBe('client:logo.png');
    await dokujclient('getAttachment', 'client:logo.png', path.join(work, 'back.png'));
    expect(fs.readFileSync(path.join(work, 'back.png')).equals(fs.readFileSync(file))).toBe(true);
  }, SLOW);

  it('Python’s xmlrpc.client: dates, structs, faults, locks and the core names over XML-RPC', async () => {
    const script = `
import json, sys, xmlrpc.client as x
url = sys.argv[1].replace('http://', 'http://admin:${ADMIN_PASSWORD}@')
wiki = x.ServerProxy(url)
out = {}
out['title'] = wiki.dokuwiki.getTitle()
out['put'] = wiki.wiki.putPage('py:page', 'Hello from *Python*', {'sum': 'py', 'minor': False})
info = wiki.wiki.getPageInfo('py:page')
out['info'] = [info['name'], info['author'], isinstance(info['lastModified'], x.DateTime), info['version'] > 1700000000]
out['locks'] = wiki.dokuwiki.setLocks({'lock': ['py:page'], 'unlock': []})
out['unlocks'] = wiki.dokuwiki.setLocks({'lock': [], 'unlock': ['py:page']})
out['acl'] = wiki.wiki.aclCheck('py:page')
out['all'] = 'py:page' in [page['id'] for page in wiki.wiki.getAllPages()]
out['core'] = wiki.core.getPage('py:page')
try:
    wiki.wiki.getPageInfo('py:missing')
except x.Fault as fault:
    out['fault'] = [fault.faultCode, fault.faultString]
print(json.dumps(out))
`;
    const { stdout } = await run('python3', ['-c', script, url], { timeout: 60_000 });
    expect(JSON.parse(stdout)).toEqual({
      title: 'Quire',
      put: true,
      info: ['py:page', 'admin', true, true],
      locks: { locked: ['py:page'], lockfail: [], unlocked: [], unlockfail: [] },
      unlocks: { locked: [], lockfail: [], unlocked: ['py:page'], unlockfail: [] },
      acl: 255,
      all: true,
      core: 'Hello from *Python*\n',
      fault: [121, 'The requested page does not exist'],
    });
  }, SLOW);
});
