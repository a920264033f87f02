// Screens as bytes: slots filled with their bytes where the template marked them, the split at the
// trace's hole, and a body served again for the same trace without drawing it anew.
import { describe, expect, it } from 'vitest';
import { bodyOf, screenOf, slotMarker, TRACE_HOLE } from '../../src/web/screen.js';

const text = (buffer: Buffer) => buffer.toString('utf8');

describe('screenOf', () => {
  it('splits at the trace hole, as UTF-8', () => {
    const screen = screenOf(`<header>é</header>${TRACE_HOLE}<main>à</main>`);
    expect(text(screen.before)).toBe('<header>é</header>');
    expect(text(screen.after)).toBe('<main>à</main>');
  });

  it('keeps a screen without a hole whole, before it', () => {
    const screen = screenOf('<p>no layout</p>');
    expect(text(screen.before)).toBe('<p>no layout</p>');
    expect(screen.after.length).toBe(0);
  });

  it('puts each slot where the template marked it, on either side of the hole', () => {
    const html = `<h1>${slotMarker('title')}</h1>${TRACE_HOLE}<article>${slotMarker('article')}</article><p>${slotMarker('title')}</p>`;
    const screen = screenOf(html, { title: Buffer.from('Élève'), article: Buffer.from('<p>Texte</p>') });
    expect(text(screen.before)).toBe('<h1>Élève</h1>');
    expect(text(screen.after)).toBe('<article><p>Texte</p></article><p>Élève</p>');
  });

  it('leaves a slot it was not given empty, and the bytes of a slot are not searched for markers', () => {
    const screen = screenOf(`<a>${slotMarker('missing')}</a><b>${slotMarker('user')}</b>`, { user: Buffer.from(slotMarker('missing')) });
    expect(text(screen.before)).toBe(`<a></a><b>${slotMarker('missing')}</b>`);
  });
});

describe('bodyOf', () => {
  const kept = () => screenOf(`<header>é</header>${TRACE_HOLE}<main>à</main>`);

  it('puts the trace in the hole', () => {
    const body = bodyOf(kept(), 'a|b', () => '<nav>a b</nav>');
    expect(text(body)).toBe('<header>é</header><nav>a b</nav><main>à</main>');
  });

  it('serves the same bytes again for the same trace without drawing it, and draws a different one', () => {
    const screen = kept();
    let drawn = 0;
    const draw = (html: string) => () => {
      drawn += 1;
      return html;
    };
    const first = bodyOf(screen, 'a', draw('<nav>a</nav>'));
    expect(bodyOf(screen, 'a', draw('<nav>a</nav>'))).toBe(first);
    expect(drawn).toBe(1);
    expect(text(bodyOf(screen, 'b', draw('<nav>b</nav>')))).toBe('<header>é</header><nav>b</nav><main>à</main>');
    expect(drawn).toBe(2);
  });
});
