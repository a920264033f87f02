// Cached page renders (issue 13): old revisions and renders that hide links are cached like the
// current revision, so repeating an anonymous request never repeats a render.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db.js';
import { createPageStore, type PageStore } from '../../src/pages/store.js';
import { createRenderer, type Renderer } from '../../src/render/index.js';
import { createPageRenderer } from '../../src/render/page-render.js';

let db: Db;
let pages: PageStore;
let renders: number;

function countingRenderer(): Renderer {
  const real = createRenderer();
  return {
    render: (text, ctx) => {
      renders++;
      return real.render(text, ctx);
    },
    extractLinks: (text, ctx) => real.extractLinks(text, ctx),
  };
}

beforeEach(() => {
  db = openDatabase(':memory:');
  pages = createPageStore(db);
  renders = 0;
});
afterEach(() => db.close());

describe('the page renderer cache', () => {
  it('renders an old revision once, however often it is asked for', () => {
    const renderer = createPageRenderer({ pages, renderer: countingRenderer(), startPage: () => 'start' });
    const everyone = () => true;
    renderer.render('a', 1, () => 'first revision', everyone);
    renderer.render('a', 2, () => 'second revision', everyone);
    renderer.render('a', 1, () => 'first revision', everyone);
    renderer.render('a', 2, () => 'second revision', everyone);
    expect(renders).toBe(2);
    expect(renderer.render('a', 1, () => 'unused', everyone).html).toContain('first revision');
  });

  it('renders a page hiding links once per set of hidden links', () => {
    const renderer = createPageRenderer({ pages, renderer: countingRenderer(), startPage: () => 'start' });
    const text = 'see [[secret:plan|the plan]] and [[open]]';
    const anonymous = (id: string) => !id.startsWith('secret');
    const first = renderer.render('a', 1, () => text, anonymous);
    renderer.render('a', 1, () => text, anonymous);
    expect(first.html).not.toContain('secret');
    expect(renders).toBe(2);
    expect(renderer.render('a', 1, () => text, () => true).html).toContain('/secret/plan');
    expect(renders).toBe(2);
  });

  it('renders again once a page starts or stops existing', () => {
    const renderer = createPageRenderer({ pages, renderer: countingRenderer(), startPage: () => 'start' });
    renderer.render('a', 1, () => '[[b]]', () => true);
    renderer.existenceChanged();
    renderer.render('a', 1, () => '[[b]]', () => true);
    expect(renders).toBe(2);
  });
});
