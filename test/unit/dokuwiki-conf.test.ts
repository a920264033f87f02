// DokuWiki's conf/ files read as text (issue 12, item 2): local.php assignments (never run),
// users.auth.php, acl.auth.php with its placeholders, interwiki.conf.
import { describe, expect, it } from 'vitest';
import { expandPlaceholders, hasPlaceholder } from '../../src/access/acl-placeholders.js';
import { dokuwikiSettings, parseAclAuth, parseLocalPhp, parseUsersAuth } from '../../src/dokuwiki/conf.js';
import { DOKUWIKI_INTERWIKI, interwikiTarget, parseInterwikiConf } from '../../src/dokuwiki/interwiki.js';
import { cleanId } from '../../src/pages/page-id.js';

describe('parseLocalPhp', () => {
  it.each([
    ["$conf['title'] = 'My Wiki';", 'title', 'My Wiki'],
    ['$conf["title"] = "Say \\"hi\\"\\n";', 'title', 'Say "hi"\n'],
    ["$conf['title'] = 'It\\'s mine';", 'title', "It's mine"],
    ["$conf['useslash'] = 1;", 'useslash', 1],
    ["$conf['userewrite'] = '2';", 'userewrite', '2'],
    ["  $conf['start']   =   'accueil' ; // comment", 'start', 'accueil'],
    ["$conf['plugin']['sqlite']['x'] = true;", 'plugin.sqlite.x', true],
    ["$conf['breadcrumbs'] = 0.5;", 'breadcrumbs', 0.5],
    ["$conf['disableactions'] = null;", 'disableactions', null],
  ])('%s', (line, key, value) => {
    expect(parseLocalPhp(`<?php\n${line}\n`).get(key)).toEqual(value);
  });

  it.each([
    ["$conf['title'] = exec('rm -rf /');"],
    ["$conf['title'] = \"$HOME\";"],
    ["$conf['title'] = 'a' . 'b';"],
    ["$conf['title'] = array('a');"],
    ["$other['title'] = 'x';"],
    ["// $conf['title'] = 'commented';"],
  ])('never runs or reads expressions: %s', (line) => {
    expect(parseLocalPhp(`<?php\n${line}\n`).has('title')).toBe(false);
  });

  it('applies DokuWiki defaults and later lines win', () => {
    const settings = dokuwikiSettings(parseLocalPhp("<?php\n$conf['title'] = 'A';\n$conf['title'] = 'B';\n$conf['superuser'] = '@admin, bob';\n$conf['useacl'] = 1;\n"));
    expect(settings).toEqual({ title: 'B', lang: 'en', start: 'start', useslash: false, userewrite: 0, useacl: true, superusers: ['@admin', 'bob'] });
  });
});

describe('parseUsersAuth', () => {
  const file = [
    '# users.auth.php',
    '# <?php exit()?>',
    '',
    'admin:$2y$10$abcdefghijklmnopqrstuu5Nj6oJ4y7i7X9p1jW8vYy1hT2Nq3Ce:Ada Admin:ada@example.org:admin,user',
    'jean:$1$saltsalt$ueg/7ujBFDpyKLR2vs28p1:Jean%20Dupont%3A%20r%C3%A9dacteur:jean@example.org:user,équipe,my team',
    'colon\\:user:{SMD5}abc:Name \\: with colon:c@example.org:',
    'plus:$6$x$y:Marie+Curie:m@example.org:user',
  ].join('\n');

  it('reads login, hash, decoded name, mail and groups', () => {
    expect(parseUsersAuth(file)).toEqual([
      { login: 'admin', hash: '$2y$10$abcdefghijklmnopqrstuu5Nj6oJ4y7i7X9p1jW8vYy1hT2Nq3Ce', name: 'Ada Admin', email: 'ada@example.org', groups: ['admin', 'user'] },
      { login: 'jean', hash: '$1$saltsalt$ueg/7ujBFDpyKLR2vs28p1', name: 'Jean Dupont: rédacteur', email: 'jean@example.org', groups: ['user', 'équipe', 'my team'] },
      { login: 'colon:user', hash: '{SMD5}abc', name: 'Name : with colon', email: 'c@example.org', groups: [] },
      { login: 'plus', hash: '$6$x$y', name: 'Marie Curie', email: 'm@example.org', groups: ['user'] },
    ]);
  });
});

describe('parseAclAuth', () => {
  it('reads scope, decoded subject and level, keeping placeholders', () => {
    const file = ['# acl.auth.php', '*               @ALL        1', '*               @user       8', 'private:*       @ALL        0', 'team:*          @my%20team  16  # comment', 'user:%USER%:*   %USER%      16', 'groups:%GROUP%:* %GROUP%   8', 'bad line'].join('\n');
    expect(parseAclAuth(file)).toEqual([
      { scope: '*', subject: '@ALL', level: 1 },
      { scope: '*', subject: '@user', level: 8 },
      { scope: 'private:*', subject: '@ALL', level: 0 },
      { scope: 'team:*', subject: '@my team', level: 16 },
      { scope: 'user:%USER%:*', subject: '%USER%', level: 16 },
      { scope: 'groups:%GROUP%:*', subject: '@%GROUP%', level: 8 },
    ]);
  });
});

describe('ACL placeholders, as auth_loadACL expands them', () => {
  const userRule = { scope: 'user:%USER%:*', subject: '%USER%', level: 16 };
  const groupRule = { scope: 'groups:%GROUP%:*', subject: '@%GROUP%', level: 8 };
  it.each([
    ['%USER% for a login', userRule, { login: 'John.Doe', groups: ['user'] }, [{ scope: 'user:john.doe:*', subject: 'John.Doe', level: 16 }]],
    ['%USER% for anonymous: no rule', userRule, { login: null, groups: [] }, []],
    ['%GROUP% for each group', groupRule, { login: 'ann', groups: ['user', 'Dev Team'] }, [{ scope: 'groups:user:*', subject: '@user', level: 8 }, { scope: 'groups:dev_team:*', subject: '@Dev Team', level: 8 }]],
    ['%GROUP% for anonymous: no rule', groupRule, { login: null, groups: [] }, []],
    ['a plain rule stays', { scope: '*', subject: '@ALL', level: 1 }, { login: 'x', groups: [] }, [{ scope: '*', subject: '@ALL', level: 1 }]],
  ])('%s', (_name, rule, caller, expected) => {
    expect(expandPlaceholders(rule, caller, cleanId)).toEqual(expected);
  });

  it('tells placeholder rules apart', () => {
    expect(hasPlaceholder(userRule)).toBe(true);
    expect(hasPlaceholder(groupRule)).toBe(true);
    expect(hasPlaceholder({ scope: 'x:*', subject: '@user', level: 1 })).toBe(false);
  });
});

describe('interwiki', () => {
  it('reads interwiki.conf', () => {
    const map = parseInterwikiConf('# comment\nwp   https://en.wikipedia.org/wiki/{NAME}\n\ngo https://www.google.com/search?q={URL}&amp;btnI=lucky  # lucky\nbad\n');
    expect([...map]).toEqual([
      ['wp', 'https://en.wikipedia.org/wiki/{NAME}'],
      ['go', 'https://www.google.com/search?q={URL}&btnI=lucky'],
    ]);
  });

  it.each([
    ['wp', 'Foo Bar', { url: 'https://en.wikipedia.org/wiki/Foo Bar' }],
    ['wp', 'A#History', { url: 'https://en.wikipedia.org/wiki/A#History' }],
    ['doku', 'faq:lists', { url: 'https://www.dokuwiki.org/faq%3Alists' }],
    ['go', 'a b&c', { url: 'https://www.google.com/search?q=a%20b%26c&btnI=lucky' }],
    ['user', 'jean', { page: ':user:jean', query: '', hash: '' }],
    ['this', 'doku.php?do=index', { path: '/doku.php?do=index' }],
    ['nowhere', 'x', null],
  ])('[[%s>%s]]', (shortcut, reference, expected) => {
    expect(interwikiTarget(DOKUWIKI_INTERWIKI, shortcut, reference)).toEqual(expected);
  });
});
