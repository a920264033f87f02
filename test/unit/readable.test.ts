// createReadFilters (src/readable.ts) answers exactly as access.canRead does, while asking the ACL
// once per namespace: checked over every pair of rule set, viewer and page id below.
import { describe, expect, it } from 'vitest';
import { ANONYMOUS, createAccess, type Viewer } from '../../src/access/access.js';
import type { AclRule } from '../../src/access/acl.js';
import { createReadFilters } from '../../src/access/readable.js';

const RULE_SETS: Record<string, AclRule[]> = {
  public: [
    { scope: '*', subject: '@ALL', level: 1 },
    { scope: '*', subject: '@user', level: 8 },
  ],
  'hidden namespace': [
    { scope: '*', subject: '@ALL', level: 1 },
    { scope: 'hidden:*', subject: '@ALL', level: 0 },
    { scope: 'hidden:*', subject: '@staff', level: 1 },
  ],
  'page rules': [
    { scope: '*', subject: '@ALL', level: 0 },
    { scope: 'open:*', subject: '@ALL', level: 1 },
    { scope: 'open:secret', subject: '@ALL', level: 0 },
    { scope: 'shut:visible', subject: '@ALL', level: 1 },
    { scope: 'start', subject: 'reader', level: 1 },
  ],
  'nested namespaces': [
    { scope: '*', subject: '@ALL', level: 1 },
    { scope: 'a:*', subject: '@ALL', level: 0 },
    { scope: 'a:b:*', subject: '@ALL', level: 1 },
    { scope: 'a:b:c:*', subject: 'reader', level: 0 },
  ],
};

const VIEWERS: Viewer[] = [
  ANONYMOUS,
  { login: 'reader', name: 'Reader', groups: ['user'], lang: null },
  { login: 'member', name: 'Member', groups: ['staff', 'user'], lang: null },
  { login: 'admin', name: 'Admin', groups: ['admin', 'user'], lang: null },
];

const IDS = ['start', 'page', 'hidden:plan', 'hidden:deep:x', 'open:page', 'open:secret', 'open:sub:secret', 'shut:visible', 'shut:other', 'a', 'a:x', 'a:b', 'a:b:x', 'a:b:c:x', 'a:b:c:d:x'];

describe.each(Object.entries(RULE_SETS))('rules: %s', (_name, rules) => {
  const source = { rules: () => rules, version: () => 1 };
  const access = createAccess(source);
  const filters = createReadFilters(access, source.rules);

  it.each(VIEWERS.map((viewer) => [viewer.login ?? 'anonymous', viewer] as const))('as %s', (_login, viewer) => {
    const filter = filters(viewer);
    const canRead = access.canRead(viewer);
    // Twice, so the second pass answers from what the first one remembered.
    for (const pass of [1, 2]) for (const id of IDS) expect(filter(id), `${id} (pass ${pass})`).toBe(canRead(id));
  });
});

it('notices new rules', () => {
  let rules: AclRule[] = [{ scope: '*', subject: '@ALL', level: 1 }];
  let version = 1;
  const source = { rules: () => rules, version: () => version };
  const filters = createReadFilters(createAccess(source), source.rules);
  expect(filters(ANONYMOUS)('x:page')).toBe(true);
  rules = [...rules, { scope: 'x:page', subject: '@ALL', level: 0 }];
  version = 2;
  expect(filters(ANONYMOUS)('x:page')).toBe(false);
  expect(filters(ANONYMOUS)('x:other')).toBe(true);
});
