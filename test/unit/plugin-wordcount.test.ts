// wordcount, the second shipped plugin: what counts as a word, and counts kept by its hooks.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAccess } from '../../src/access/access.js';
import { openDatabase, type Db } from '../../src/db.js';
import { createPageStore, type PageStore } from '../../src/pages/store.js';
import type { PluginHost } from '../../src/plugins/plugin.js';
import { createPluginRegistry } from '../../src/plugins/registry.js';
import { wordcount } from '../../src/plugins/wordcount/index.js';
import { createWordCounts } from '../../src/plugins/wordcount/counts.js';
import { countWords, readingMinutes } from '../../src/plugins/wordcount/words.js';

describe('countWords', () => {
  it.each([
    ['', 0],
    ['One', 1],
    ['# A title\n\nTwo words.', 4],
    ['l’élève n’a pas fini', 4],
    ['state-of-the-art 2025', 2],
    ['[[ns:some-page|the label]] and [[other]]', 4],
    ['[a link](https://example.org/long/path "title") here', 3],
    ['see https://example.org/a/b/c now', 2],
    ['{{toolbox>iphelper}}\n\n~~NOTOC~~\n\nText', 1],
    ['| a | b |\n|---|---|\n| 1 | 2 |', 4],
    ['数据 данные δεδομένα', 3],
  ])('%j has %i words', (text, words) => {
    expect(countWords(text)).toBe(words);
  });

  it.each([
    [0, 0],
    [1, 1],
    [199, 1],
    [300, 2],
    [1000, 5],
  ])('%i words read in %i minutes', (words, minutes) => {
    expect(readingMinutes(words)).toBe(minutes);
  });
});

describe('counts kept by the hooks', () => {
  let db: Db;
  let pages: PageStore;
  let host: PluginHost;
  let enabled: string[];

  beforeEach(() => {
    db = openDatabase(':memory:');
    pages = createPageStore(db);
    host = { db, pages, access: createAccess({ rules: () => [], version: () => 1 }), log: { error: () => {} } };
    enabled = ['wordcount'];
  });
  afterEach(() => db.close());

  const save = (id: string, text: string) => {
    const outcome = pages.save({ id, text, baseRev: pages.meta(id)?.rev ?? null, summary: '', minor: false, author: null, ip: null, title: null, links: [] });
    if (outcome.status !== 'saved') throw new Error(outcome.status);
    return outcome.rev;
  };

  it('stores the count on save, moves it on rename and drops it on delete', () => {
    const plugins = createPluginRegistry({ plugins: [wordcount], host, enabledNames: () => enabled, log: host.log });
    const counts = createWordCounts(host);
    const rev = save('a', 'three little words');
    plugins.onPageChange({ kind: 'saved', id: 'a', rev, type: 'create', created: true, text: 'three little words\n', title: null, links: [], author: null });
    expect(counts.store.get('a')).toEqual({ pageId: 'a', rev, words: 3 });
    plugins.onPageChange({ kind: 'renamed', from: 'a', to: 'b', rev: rev + 1, text: 'three little words\n', title: null, links: [], author: null });
    expect(counts.store.get('a')).toBeUndefined();
    expect(counts.store.get('b')).toEqual({ pageId: 'b', rev, words: 3 });
    plugins.onPageChange({ kind: 'deleted', id: 'b', rev: rev + 1, author: null });
    expect(counts.store.get('b')).toBeUndefined();
  });

  it('does nothing while disabled, and counts a page saved meanwhile when asked', () => {
    enabled = [];
    const plugins = createPluginRegistry({ plugins: [wordcount], host, enabledNames: () => enabled, log: host.log });
    const counts = createWordCounts(host);
    const rev = save('a', 'one two');
    plugins.onPageChange({ kind: 'saved', id: 'a', rev, type: 'create', created: true, text: 'one two\n', title: null, links: [], author: null });
    expect(counts.store.get('a')).toBeUndefined();
    expect(counts.current('a')).toEqual({ pageId: 'a', rev, words: 2 });
    const next = save('a', 'one two three');
    expect(counts.current('a')).toEqual({ pageId: 'a', rev: next, words: 3 });
    expect(counts.current('missing')).toBeNull();
  });
});
