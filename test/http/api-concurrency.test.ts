// JSON API under concurrent writers (SPEC §6): no acknowledged save is ever lost — every 200/201
// names a revision holding exactly that text, every 409 changed nothing, and revisions stay 1..N.
import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPageStore, type PageStore } from '../../src/pages/store.js';
import { createTokenStore } from '../../src/accounts/tokens.js';
import { createTestWiki, type TestWiki } from '../helpers/wiki.js';
import { ApiClient } from './api-support.js';

const WRITERS = 20;

let wiki: TestWiki;
let pages: PageStore;
let client: ApiClient;

beforeEach(async () => {
  wiki = await createTestWiki({}, { policy: 'public' });
  pages = createPageStore(wiki.db);
  client = new ApiClient(wiki.app, createTokenStore(wiki.db).create('admin', 'concurrency'));
});
afterEach(async () => wiki.close());

const textOf = (writer: number) => `Written by writer ${writer}\n`;

/** Every acknowledged save is in the history with its text; revisions are exactly 1..N. */
function expectNothingLost(id: string, responses: readonly LightMyRequestResponse[]): number[] {
  const acknowledged: number[] = [];
  responses.forEach((response, writer) => {
    expect([200, 201, 409]).toContain(response.statusCode);
    if (response.statusCode === 409) return;
    const { rev } = response.json() as { rev: number };
    expect(pages.revision(id, rev)?.text).toBe(textOf(writer));
    acknowledged.push(rev);
  });
  expect(new Set(acknowledged).size).toBe(acknowledged.length);
  const revs = pages.revisions(id, 0, 1000).map((r) => r.rev).sort((a, b) => a - b);
  expect(revs).toEqual(Array.from({ length: revs.length }, (_, i) => i + 1));
  return acknowledged;
}

describe('20 concurrent writers', () => {
  it('on one page with distinct base_revs: each save lands on the revision it was based on, or is refused', async () => {
    expect((await client.put('pages/race:one', { text: 'Start\n' })).statusCode).toBe(201);
    const responses = await Promise.all(
      Array.from({ length: WRITERS }, (_, writer) => client.put('pages/race:one', { text: textOf(writer), base_rev: writer + 1 })),
    );
    const acknowledged = expectNothingLost('race:one', responses);
    expect(acknowledged.length).toBeGreaterThan(0);
    // Each acknowledged save was based on the revision just before it; refused ones left no trace.
    responses.forEach((response, writer) => {
      if (response.statusCode !== 409) expect((response.json() as { rev: number }).rev).toBe(writer + 2);
    });
    expect(pages.countRevisions('race:one')).toBe(1 + acknowledged.length);
    expect(pages.get('race:one')?.rev).toBe(Math.max(...acknowledged));
  });

  it('on one page, all based on the same revision: exactly one wins, the others get 409 with its rev', async () => {
    expect((await client.put('pages/race:same', { text: 'Start\n' })).statusCode).toBe(201);
    const responses = await Promise.all(
      Array.from({ length: WRITERS }, (_, writer) => client.put('pages/race:same', { text: textOf(writer), base_rev: 1 })),
    );
    expect(expectNothingLost('race:same', responses)).toEqual([2]);
    for (const response of responses.filter((r) => r.statusCode === 409)) {
      expect((response.json() as { error: { rev: number } }).error.rev).toBe(2);
    }
    expect(pages.countRevisions('race:same')).toBe(2);
  });

  it('on one page without base_rev: every save is kept, one revision each', async () => {
    const responses = await Promise.all(
      Array.from({ length: WRITERS }, (_, writer) => client.put('pages/race:last', { text: textOf(writer) })),
    );
    expect(responses.filter((r) => r.statusCode === 409)).toEqual([]);
    expect(expectNothingLost('race:last', responses).sort((a, b) => a - b)).toEqual(Array.from({ length: WRITERS }, (_, i) => i + 1));
  });

  it('on 20 pages at once: every page is created with its text', async () => {
    const responses = await Promise.all(
      Array.from({ length: WRITERS }, (_, writer) => client.put(`pages/race:page-${writer}`, { text: textOf(writer), base_rev: 0 })),
    );
    responses.forEach((response, writer) => {
      expect(response.statusCode).toBe(201);
      expect(response.json()).toEqual({ id: `race:page-${writer}`, rev: 1 });
      expect(pages.get(`race:page-${writer}`)?.text).toBe(textOf(writer));
    });
  });
});
