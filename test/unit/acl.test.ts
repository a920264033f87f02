// ACL checks against DokuWiki's own auth_aclcheck test cases, plus the admin form parsers.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type AclRule, type Caller, Level, compileAcl, parseLevel, parseScope, parseSubject, permission } from '../../src/access/acl.js';

interface VectorCase { id: string; user: string; groups: string[]; expected: number }
interface Vector { name: string; rules: string[]; superusers: string[]; cases: VectorCase[] }

const vectors = (
  JSON.parse(readFileSync(new URL('../fixtures/dokuwiki-vectors.json', import.meta.url), 'utf8')) as { acl: Vector[] }
).acl;

/** An acl.auth.php line: "scope<ws>subject<ws>level", subjects URL-encoded. */
function parseRuleLine(line: string): AclRule {
  const [scope = '', subject = '', level = ''] = line.trim().split(/\s+/);
  return { scope, subject: decodeURIComponent(subject), level: Number(level) };
}

const vectorCases = vectors.flatMap((vector) =>
  vector.cases.map((c) => ({
    name: vector.name,
    rules: vector.rules.map(parseRuleLine),
    options: { superusers: vector.superusers },
    caller: { login: c.user === '' ? null : c.user, groups: c.groups } satisfies Caller,
    id: c.id,
    expected: c.expected,
  })),
);

describe('DokuWiki auth_aclcheck vectors', () => {
  it('loads the vectors', () => {
    expect(vectorCases.length).toBeGreaterThan(100);
  });

  it.each(vectorCases)('$name: $caller.login $caller.groups on $id → $expected', ({ rules, options, caller, id, expected }) => {
    expect(permission(rules, caller, id, options)).toBe(expected);
    expect(compileAcl(rules, options)(caller, id)).toBe(expected);
  });
});

const anonymous: Caller = { login: null, groups: [] };
const rule = (scope: string, subject: string, level: number): AclRule => ({ scope, subject, level });

describe('permission', () => {
  const rules = [
    rule('*', '@ALL', 1),
    rule('*', '@user', 8),
    rule('team:*', '@Editors', 2),
    rule('team:*', 'Alice', 4),
    rule('team:secret', '@ALL', 0),
    rule('a:b:*', 'bob', 16),
  ];
  it.each([
    { what: 'anonymous falls through to *', caller: anonymous, id: 'wiki:start', expected: 1 },
    { what: 'logged-in user group', caller: { login: 'carol', groups: ['user'] }, id: 'wiki:start', expected: 8 },
    { what: 'group matched case-insensitively', caller: { login: 'dan', groups: ['EDITORS'] }, id: 'team:page', expected: 2 },
    { what: 'login matched case-insensitively', caller: { login: 'ALICE', groups: ['user'] }, id: 'team:page', expected: 4 },
    { what: 'first matching scope wins, even if lower', caller: { login: 'alice', groups: ['user'] }, id: 'team:secret', expected: 0 },
    { what: 'max among matches at one scope', caller: { login: 'alice', groups: ['editors'] }, id: 'team:x', expected: 4 },
    { what: 'ns:* is reached from a deep page', caller: { login: 'bob', groups: [] }, id: 'a:b:c:d', expected: 16 },
    { what: 'asking for a namespace starts at ns:*', caller: anonymous, id: 'team:*', expected: 1 },
    { what: 'asking for * checks only *', caller: { login: 'bob', groups: [] }, id: '*', expected: 1 },
    { what: 'default superusers are @admin', caller: { login: 'root', groups: ['Admin'] }, id: 'team:secret', expected: 255 },
    { what: 'anonymous is never a superuser', caller: { login: null, groups: ['admin'] }, id: 'x', expected: 1 },
  ])('$what', ({ caller, id, expected }) => {
    expect(permission(rules, caller, id)).toBe(expected);
    expect(compileAcl(rules)(caller, id)).toBe(expected);
  });

  it.each([
    { superusers: ['@ALL'], caller: anonymous, expected: 0 },
    { superusers: ['@ALL'], caller: { login: 'eve', groups: [] }, expected: 0 },
    { superusers: ['Eve'], caller: { login: 'eve', groups: [] }, expected: 255 },
    { superusers: ['@Staff'], caller: { login: 'eve', groups: ['staff'] }, expected: 255 },
    { superusers: [], caller: { login: 'eve', groups: ['admin'] }, expected: 0 },
  ])('superusers $superusers for $caller.login $caller.groups → $expected', ({ superusers, caller, expected }) => {
    const rules = [rule('*', '@ALL', 0)];
    expect(permission(rules, caller, 'page', { superusers })).toBe(expected);
    expect(compileAcl(rules, { superusers })(caller, 'page')).toBe(expected);
  });

  it('returns NONE when no rule matches anywhere', () => {
    expect(permission([rule('ns:*', 'bob', 8)], anonymous, 'ns:page')).toBe(Level.NONE);
    expect(compileAcl([])(anonymous, 'page')).toBe(Level.NONE);
  });
});

// Enough of cleanId for these tables; the real one lives in page-id.ts.
const cleanId = (raw: string): string =>
  raw.trim().toLowerCase().replace(/\//g, ':').replace(/\s+/g, '_').replace(/:+/g, ':').replace(/^:|:$/g, '');

describe('form parsers', () => {
  it.each([
    { raw: '*', expected: '*' },
    { raw: '  *  ', expected: '*' },
    { raw: 'wiki:*', expected: 'wiki:*' },
    { raw: 'Wiki:Sub:*', expected: 'wiki:sub:*' },
    { raw: 'wiki/*', expected: 'wiki:*' },
    { raw: 'Wiki:Start Page', expected: 'wiki:start_page' },
    { raw: 'page', expected: 'page' },
    { raw: '', expected: null },
    { raw: ':*', expected: null },
    { raw: 'wiki*', expected: null },
    { raw: 'a:*:b', expected: null },
    { raw: '**', expected: null },
  ])('parseScope($raw) → $expected', ({ raw, expected }) => {
    expect(parseScope(raw, cleanId)).toBe(expected);
  });

  it.each([
    { raw: 'alice', expected: 'alice' },
    { raw: ' Alice.B-c_9 ', expected: 'alice.b-c_9' },
    { raw: '@Editors', expected: '@Editors' },
    { raw: '@ editors ', expected: '@editors' },
    { raw: '@ALL', expected: '@ALL' },
    { raw: '@', expected: null },
    { raw: '@two words', expected: null },
    { raw: 'al ice', expected: null },
    { raw: 'a'.repeat(64), expected: 'a'.repeat(64) },
    { raw: 'a'.repeat(65), expected: null },
    { raw: 'élise', expected: null },
    { raw: '', expected: null },
  ])('parseSubject($raw) → $expected', ({ raw, expected }) => {
    expect(parseSubject(raw)).toBe(expected);
  });

  it.each([
    { raw: '0', expected: 0 },
    { raw: '1', expected: 1 },
    { raw: '2', expected: 2 },
    { raw: '4', expected: 4 },
    { raw: ' 8 ', expected: 8 },
    { raw: '16', expected: 16 },
    { raw: '3', expected: null },
    { raw: '255', expected: null },
    { raw: '-1', expected: null },
    { raw: '1.0', expected: null },
    { raw: '', expected: null },
    { raw: 'read', expected: null },
  ])('parseLevel($raw) → $expected', ({ raw, expected }) => {
    expect(parseLevel(raw)).toBe(expected);
  });
});
