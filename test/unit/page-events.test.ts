// What follows a page change is one list (wiki.ts pageEventSteps), run in order by the page store:
// the in-transaction steps commit with the change or undo it, the after-commit steps run once the
// outermost transaction committed, each isolated from the others.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db.js';
import { createPageEvents, type PageChange, type PageEventStep } from '../../src/pages/events.js';
import { createPageStore, type PageStore } from '../../src/pages/store.js';
import { createWiki } from '../../src/wiki.js';

let dir: string;
let db: Db;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-events-'));
  db = openDatabase(dir);
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function save(pages: PageStore, id: string, text: string) {
  return pages.save({ id, text, baseRev: pages.meta(id)?.rev ?? null, summary: '', minor: false, author: 'ann', ip: null, title: null, links: ['x'] });
}

const describeChange = (change: PageChange) => (change.kind === 'renamed' ? `renamed ${change.from}>${change.to}` : `${change.kind} ${change.id}`);

describe("the wiki's list", () => {
  it('names its steps in the order they run', () => {
    const wiki = createWiki(db);
    expect(wiki.pageEvents.steps.map((step) => step.name)).toEqual(['links', 'search index', 'redirects', 'render cache', 'plugins']);
  });

  it('keeps links, the search index and redirects with the change, and tells the render cache after it', () => {
    const wiki = createWiki(db);
    const generation = wiki.pageRenderer.generation();
    wiki.editing.save({ id: 'a', text: 'see [[b]] here\n', baseRev: null, summary: '', minor: false, author: null, ip: null });
    expect(wiki.pages.backlinks('b')).toEqual(['a']);
    expect(wiki.searchIndex.search('here', { canRead: () => true, limit: 10, offset: 0 }).hits.map((hit) => hit.id)).toEqual(['a']);
    expect(wiki.pageRenderer.generation()).toBe(generation + 1);
    wiki.editing.save({ id: 'a', text: 'edited [[b]]\n', baseRev: 1, summary: '', minor: false, author: null, ip: null });
    // An edit of an existing page changes no link class elsewhere.
    expect(wiki.pageRenderer.generation()).toBe(generation + 1);
  });
});

describe('running the steps', () => {
  let pages: PageStore;
  let seen: string[];
  let errors: string[];

  function recording(name: string, options: { failInside?: boolean; failAfter?: boolean } = {}): PageEventStep {
    return {
      name,
      inTransaction(change) {
        seen.push(`${name} in ${describeChange(change)} ${db.inTransaction ? 'during' : 'outside'}`);
        if (options.failInside) throw new Error(`${name} fails`);
      },
      afterCommit(change) {
        seen.push(`${name} after ${describeChange(change)} ${db.inTransaction ? 'during' : 'outside'}`);
        if (options.failAfter) throw new Error(`${name} fails`);
      },
    };
  }

  beforeEach(() => {
    pages = createPageStore(db);
    seen = [];
    errors = [];
  });

  const use = (steps: PageEventStep[]) => pages.useEvents(createPageEvents(steps, { error: (details, message) => void errors.push(`${(details as { step: string }).step}: ${message}`) }));

  it('runs every in-transaction step in order inside the transaction, then every after-commit step outside it', () => {
    use([recording('one'), recording('two')]);
    save(pages, 'a', 'text\n');
    expect(seen).toEqual(['one in saved a during', 'two in saved a during', 'one after saved a outside', 'two after saved a outside']);
  });

  it('tells a deletion and a rename as such', () => {
    save(pages, 'a', 'text\n');
    use([recording('one')]);
    pages.rename({ from: 'a', to: 'b', text: 'text\n', summary: '', author: null, ip: null, title: null, links: [] });
    save(pages, 'b', '');
    expect(seen).toEqual(['one in renamed a>b during', 'one after renamed a>b outside', 'one in deleted b during', 'one after deleted b outside']);
  });

  it('undoes the change when an in-transaction step throws, and tells no one after', () => {
    use([recording('one'), recording('two', { failInside: true })]);
    expect(() => save(pages, 'a', 'text\n')).toThrow('two fails');
    expect(pages.exists('a')).toBe(false);
    expect(seen).toEqual(['one in saved a during', 'two in saved a during']);
  });

  it('logs an after-commit step that throws and still runs the next ones', () => {
    use([recording('one', { failAfter: true }), recording('two')]);
    save(pages, 'a', 'text\n');
    expect(pages.exists('a')).toBe(true);
    expect(seen.filter((line) => line.includes('after'))).toEqual(['one after saved a outside', 'two after saved a outside']);
    expect(errors).toEqual(['one: page event step failed']);
  });

  it('waits for the outermost transaction: saves inside a larger change are told after it commits', () => {
    use([recording('one')]);
    pages.transaction(() => {
      save(pages, 'a', 'first\n');
      save(pages, 'b', 'second\n');
    });
    expect(seen).toEqual(['one in saved a during', 'one in saved b during', 'one after saved a outside', 'one after saved b outside']);
  });

  it('forgets the changes of a transaction that failed', () => {
    use([recording('one')]);
    expect(() =>
      pages.transaction(() => {
        save(pages, 'a', 'first\n');
        throw new Error('later failure');
      }),
    ).toThrow('later failure');
    save(pages, 'b', 'second\n');
    expect(seen.filter((line) => line.includes('after'))).toEqual(['one after saved b outside']);
  });
});
