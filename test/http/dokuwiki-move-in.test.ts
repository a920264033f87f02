// Moving in from DokuWiki (issue 12, items 2 and 6): the test DokuWiki's conf/ (users with their
// hashes, ACL with a %USER% rule, interwiki, local.php) and its _template.txt imported, then used
// through the app: logins with DokuWiki passwords (re-hashed to argon2id), permissions, interwiki
// links, settings; and the command line's report.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { findConfDir, importConf, type ConfImportSummary } from '../../src/dokuwiki/conf-import.js';
import { importPages, type PageImportSummary } from '../../src/dokuwiki/import.js';
import { importMedia } from '../../src/dokuwiki/media.js';
import { createWiki } from '../../src/wiki.js';
import { quire } from '../helpers/cli.js';
import { Client, createTestWiki, type TestWiki } from '../helpers/wiki.js';

const FIXTURE = new URL('../fixtures/dokuwiki-data/', import.meta.url).pathname;
const SLOW = 60_000;

let wiki: TestWiki;
let app: FastifyInstance;
let conf: ConfImportSummary;
let pages: PageImportSummary;

beforeAll(async () => {
  wiki = await createTestWiki({}, { policy: 'public' });
  const target = createWiki(wiki.db);
  conf = importConf(target, findConfDir(FIXTURE), { users: true, acl: true });
  pages = importPages(target, FIXTURE, {
    force: false,
    convert: { useslash: conf.settings?.useslash ?? false, interwiki: target.interwiki.map(), keepInterwiki: true },
  });
  importMedia(wiki.db, FIXTURE);
  // A server reads users, rules and settings when it starts: start one on the imported data.
  await wiki.app.close();
  app = await buildApp(loadConfig({ QUIRE_DATA: wiki.dir }), wiki.db);
}, SLOW);

afterAll(async () => {
  await app.close();
  wiki.db.close();
  fs.rmSync(wiki.dir, { recursive: true, force: true });
});

describe('users.auth.php', () => {
  it('imports users with names, e-mails and groups; names Quire cannot use are changed and reported', () => {
    expect(conf.users).toBe(2);
    const users = createWiki(wiki.db).users;
    expect(users.get('jean')).toMatchObject({ name: 'Jean Dupont', email: 'jean@example.org', groups: ['rédaction'] });
    expect(users.get('marie.curie')).toMatchObject({ name: 'Marie Curie', groups: ['labo_physique'] });
    expect(conf.notes).toContain('user admin: already in the wiki, kept as it is');
  });

  it.each([
    ['jean', 'jean-pass-2', '$1$ (MD5-crypt)'],
    ['marie.curie', 'marie-pass-3', '$6$ (SHA-512 crypt)'],
  ])('%s logs in with the DokuWiki password (%s), re-hashed to argon2id', async (login, password) => {
    const before = wiki.db.prepare('SELECT password_hash FROM users WHERE login = ?').pluck().get(login) as string;
    expect(before).not.toMatch(/^\$argon2id\$/);
    const client = new Client(app);
    await client.get('/_/login');
    expect((await client.post('/_/login', { u: login, p: 'wrong password' })).statusCode).toBe(401);
    const response = await client.login(login, password);
    expect(response.statusCode).toBe(303);
    const after = wiki.db.prepare('SELECT password_hash FROM users WHERE login = ?').pluck().get(login) as string;
    expect(after).toMatch(/^\$argon2id\$/);
    expect((await new Client(app).login(login, password)).statusCode).toBe(303);
  });
});

describe('acl.auth.php', () => {
  it('becomes the ACL, URL-encoded group names decoded and placeholders kept', () => {
    expect(conf.acl).toBe(7);
    const rules = createWiki(wiki.db).acl.rules();
    expect(rules).toContainEqual({ scope: 'equipe:*', subject: '@rédaction', level: 16 });
    expect(rules).toContainEqual({ scope: 'dossiers:*', subject: '@labo_physique', level: 2 });
    expect(rules).toContainEqual({ scope: 'user:%USER%:*', subject: '%USER%', level: 16 });
  });

  it('is what the app checks', async () => {
    expect((await new Client(app).get('/equipe/article-001-levee')).statusCode).toBe(401);
    const jean = new Client(app);
    await jean.login('jean', 'jean-pass-2');
    expect((await jean.get('/equipe/article-001-levee')).statusCode).toBe(200);
    const marie = new Client(app);
    await marie.login('marie.curie', 'marie-pass-3');
    expect((await marie.get('/equipe/article-001-levee')).statusCode).toBe(403);
    // %USER%: her own namespace is hers.
    expect((await marie.savePage('/user/marie.curie/notes', 'Mes notes\n')).statusCode).toBe(303);
    expect((await jean.savePage('/user/marie.curie/notes', 'Pas les miennes\n')).statusCode).toBe(403);
  });
});

describe('local.php, interwiki and templates', () => {
  it('takes the title, language and start page', async () => {
    expect(conf.settings).toMatchObject({ title: 'Rédaction Elsenews', lang: 'fr', start: 'start', useslash: false });
    const home = await new Client(app).get('/');
    expect(home.body).toContain('Rédaction Elsenews');
    expect(home.body).toContain('<html lang="fr"');
  });

  it('makes [[shortcut>…]] links work from the interwiki map, local shortcuts included', async () => {
    expect(conf.interwiki).toBeGreaterThan(20);
    const client = new Client(app);
    await client.login('jean', 'jean-pass-2');
    await client.savePage('/equipe/liens', '[[wp>Paris]] et [[ticket>42|le ticket]]\n');
    const page = await client.get('/equipe/liens');
    expect(page.body).toContain('href="https://en.wikipedia.org/wiki/Paris"');
    expect(page.body).toContain('href="https://tracker.example.org/issue/42"');
    expect(page.body).toContain('>le ticket</a>');
  });

  it('imports _template.txt as the namespace template', () => {
    expect(pages.templates).toEqual(['equipe:template']);
    expect(createWiki(wiki.db).pages.get('equipe:template')?.text).toContain('@PAGE@');
  });

  it('imports media with their older versions', () => {
    const revisions = wiki.db.prepare("SELECT rev, author FROM media_revisions WHERE media_id = 'wiki:logo.png' ORDER BY rev").all();
    expect(revisions).toEqual([
      { rev: 1, author: 'admin' },
      { rev: 2, author: 'jean' },
    ]);
  });
});

describe('quire import-dokuwiki reports each part on stderr', () => {
  it('with --no-users and --no-acl', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-move-in-'));
    try {
      const run = await quire(dir, ['import-dokuwiki', FIXTURE, '--no-users', '--no-acl']);
      expect(run.code).toBe(0);
      expect(run.stderr).toContain('settings: title "Rédaction Elsenews", language fr, start page start\n');
      expect(run.stderr).toContain('users: skipped (--no-users)\n');
      expect(run.stderr).toContain('acl: skipped (--no-acl)\n');
      expect(run.stderr).toMatch(/interwiki: \d+ shortcuts\n/);
      expect(run.stderr).toContain('templates: 1 (equipe:template)\n');
      expect(run.stderr).toContain("note: left out DokuWiki's stock wiki:syntax");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, SLOW);
});
