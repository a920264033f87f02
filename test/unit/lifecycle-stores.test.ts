// The draft and redirect stores behind the page lifecycle, and summaries as the page store keeps
// them: drafts per page and owner that follow a rename, redirect chains collapsed to one hop.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db.js';
import { openDatabase } from '../../src/db.js';
import { createDraftStore } from '../../src/pages/drafts.js';
import { cleanSummary, SUMMARY_MAX } from '../../src/pages/store.js';
import { createRedirectStore } from '../../src/pages/redirects.js';

let db: Db;
beforeEach(() => {
  db = openDatabase(':memory:');
});

describe('draft store', () => {
  const draft = (text: string, baseRev: number | null = 3) => ({ text, summary: 's', minor: false, baseRev });

  it('keeps one draft per page and owner, the last one saved', () => {
    let now = 1000;
    const drafts = createDraftStore(db, () => now);
    expect(drafts.save('p', 'user:alice', draft('one'))).toBe(1000);
    now = 2000;
    drafts.save('p', 'user:alice', draft('two'));
    drafts.save('p', 'user:bob', draft('bob'));
    expect(drafts.get('p', 'user:alice')).toEqual({ pageId: 'p', owner: 'user:alice', text: 'two', summary: 's', minor: false, baseRev: 3, saved: 2000 });
    expect(drafts.get('p', 'user:bob')?.text).toBe('bob');
    drafts.delete('p', 'user:alice');
    expect(drafts.get('p', 'user:alice')).toBeUndefined();
    expect(drafts.get('p', 'user:bob')?.text).toBe('bob');
  });

  it('moves drafts with a renamed page, renumbering their base revision; a draft already at the new id wins', () => {
    const drafts = createDraftStore(db);
    drafts.save('old', 'user:alice', draft('alice on old'));
    drafts.save('old', 'user:bob', draft('bob on old'));
    drafts.save('new', 'user:bob', draft('bob on new', null));
    drafts.move('old', 'new', 2);
    expect(drafts.get('new', 'user:alice')).toMatchObject({ text: 'alice on old', baseRev: 5 });
    expect(drafts.get('new', 'user:bob')).toMatchObject({ text: 'bob on new', baseRev: null });
    expect(drafts.get('old', 'user:alice')).toBeUndefined();
  });

  it('forgets drafts not touched for a given time', () => {
    let now = 0;
    const drafts = createDraftStore(db, () => now);
    drafts.save('p', 'o', draft('old'));
    now = 100;
    drafts.save('q', 'o', draft('new'));
    expect(drafts.purgeOlderThan(50)).toBe(1);
    expect(drafts.get('q', 'o')?.text).toBe('new');
  });
});

describe('redirect store', () => {
  it('collapses chains and never loops', () => {
    const redirects = createRedirectStore(db);
    redirects.add('a', 'b');
    redirects.add('b', 'c');
    expect([redirects.target('a'), redirects.target('b')]).toEqual(['c', 'c']);
    redirects.add('c', 'a');
    expect([redirects.target('a'), redirects.target('b'), redirects.target('c')]).toEqual([undefined, 'a', 'a']);
    redirects.remove('b');
    expect(redirects.target('b')).toBeUndefined();
  });
});

describe('cleanSummary', () => {
  it.each([
    ['fix typo', 'fix typo'],
    ['tabs\tand\nnew\r\nlines', 'tabs and new lines'],
    ['  padded \n', 'padded'],
    ['a'.repeat(300), 'a'.repeat(SUMMARY_MAX)],
    [`${'é'.repeat(254)}\tz`, `${'é'.repeat(254)} `],
  ])('%j → %j', (raw, clean) => {
    expect(cleanSummary(raw)).toBe(clean);
  });
});
