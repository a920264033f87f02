// Property-based tests (fast-check, bounded runs): for any page text the renderer neither throws
// nor emits anything that could run script; the DokuWiki converter never throws; cleanId is
// idempotent, never yields '::' and means what DokuWiki's regular expressions meant; resolveLink
// never leaves the wiki's tree of ids.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dokuwikiToMarkdown } from '../../src/dokuwiki/convert.js';
import { cleanId, idToPath, resolveLink } from '../../src/pages/page-id.js';
import { createRenderer, type RenderContext } from '../../src/render/index.js';

const RUNS = { numRuns: 300 };

// Pieces of Markdown, wiki syntax and known attack strings, so random text reaches the rules.
const fragments = [
  '[[', ']]', '[', ']', '(', ')', '{{', '}}', '|', '^[', '[^1]', '[^1]: ', '![', '](', '<', '>', '"', "'", '`', '```',
  '*', '_', '~~', '#', '> ', '- ', '1. ', '\n', '\n\n', '    ', '\t', ' ', ':', '.', '..', '/', '\\', '&', '#x', ';',
  'javascript:', 'JaVaScRiPt:', 'java\tscript:', 'vbscript:', 'data:text/html,', 'data:image/png;base64,AAA', 'jav&#x61;script:',
  '&#106;avascript:', '%6aavascript:', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<svg onload=alert(1)>',
  '<iframe srcdoc="x">', '<object data=x>', '<embed src=x>', '<style>*{}</style>', '<a href="javascript:x">', '" onmouseover="x',
  "' onfocus='x", 'onclick=', 'formaction=', 'srcdoc=', 'style=', 'http://a.example/', 'www.example.com', 'a@b.example',
  '{{wiki:a.png?200|alt}}', '{{toolbox>iphelper}}', '~~NOTOC~~', '| a | b |\n|---|---|\n', 'x.svg', 'x.html', 'ns:', '~', '@',
];
const markdownText = fc.oneof(
  fc.array(fc.constantFrom(...fragments), { maxLength: 40 }).map((parts) => parts.join('')),
  fc.array(fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 6 }), fc.string({ unit: 'grapheme', maxLength: 4 })), { maxLength: 30 }).map((parts) => parts.join('')),
  fc.string({ maxLength: 200 }),
);

const ALLOWED_ELEMENTS = new Set([
  'a', 'p', 'em', 'strong', 's', 'code', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'hr', 'br',
  'table', 'thead', 'tbody', 'tr', 'th', 'td', 'img', 'sub', 'sup', 'section', 'div',
]);
const ALLOWED_ATTRIBUTES = new Set(['href', 'src', 'alt', 'title', 'class', 'id', 'rel', 'loading', 'tabindex', 'start', 'width', 'height']);
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s[^<>]*)?)\/?>/g;
const ATTRIBUTE = /\s([^\s="'<>/]+)(?:="([^"]*)")?/g;
const SAFE_DATA = /^data:image\/(?:gif|png|jpeg|webp);/;

/** The URL as a browser reads it: entities decoded, control characters and white space removed, lower case. */
function urlAsRead(value: string): string {
  const decoded = value
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  // eslint-disable-next-line no-control-regex
  return decoded.replace(/[\u0000-\u0020\u007f]/g, '').toLowerCase();
}

/** Everything in the HTML that could run script; [] when nothing. */
function scriptCapable(html: string): string[] {
  const found: string[] = [];
  let tags = 0;
  for (const [whole, , name, rest] of html.matchAll(TAG)) {
    tags++;
    const element = name!.toLowerCase();
    if (!ALLOWED_ELEMENTS.has(element)) found.push(`element ${whole}`);
    for (const [, attribute, value = ''] of rest!.matchAll(ATTRIBUTE)) {
      const key = attribute!.toLowerCase();
      if (!ALLOWED_ATTRIBUTES.has(key)) found.push(`attribute ${key} in ${whole}`);
      if (key === 'href' || key === 'src') {
        const url = urlAsRead(value);
        if (/^(?:javascript|vbscript|file):/.test(url) || (url.startsWith('data:') && !SAFE_DATA.test(url))) found.push(`url ${value}`);
      }
    }
  }
  // Every '<' left is the start of one of the tags read above: text never holds a raw one.
  if ((html.match(/</g)?.length ?? 0) !== tags) found.push('a raw <');
  return found;
}

function contextFor(pageId: string): RenderContext {
  return {
    pageId,
    startPage: 'start',
    exists: (id) => id.length % 2 === 0,
    linkState: (id) => (id.startsWith('secret') ? 'hidden' : id.length % 2 === 0 ? 'exists' : 'missing'),
    pageUrl: idToPath,
    widget: (name) => `<div class="widget">${name.replace(/[^a-z]/g, '')}</div>`,
  };
}

describe('the renderer', () => {
  const renderer = createRenderer();

  it('renders any text without throwing and without anything that could run script', () => {
    fc.assert(
      fc.property(markdownText, fc.constantFrom('start', 'a:b:page', 'wiki:syntax'), (text, pageId) => {
        const { html } = renderer.render(text, contextFor(pageId));
        expect(scriptCapable(html)).toEqual([]);
      }),
      RUNS,
    );
  });

  it('extracts links from any text without throwing', () => {
    fc.assert(
      fc.property(markdownText, (text) => {
        for (const id of renderer.extractLinks(text, contextFor('a:b'))) expect(cleanId(id)).toBe(id);
      }),
      RUNS,
    );
  });

  it.each([
    '<script>alert(1)</script>',
    '[x](javascript:alert(1))',
    '[x](jav&#x61;script:alert(1))',
    '![x](data:text/html,<script>alert(1)</script>)',
    '[[javascript://%0aalert(1)]]',
    '<svg onload=alert(1)>',
  ])('the checker itself finds nothing in %j rendered', (text) => {
    expect(scriptCapable(renderer.render(text, contextFor('a')).html)).toEqual([]);
  });

  it.each([
    ['<script>x</script>', 'element'],
    ['<a href="javascript:x">y</a>', 'url'],
    ['<a href="jav&#x61;script:x">y</a>', 'url'],
    ['<img src="x" onerror="y">', 'attribute'],
    ['<iframe srcdoc="x"></iframe>', 'element'],
    ['<p>a < b</p>', 'raw'],
  ])('the checker catches %j', (html, kind) => {
    expect(scriptCapable(html).join(' ')).toContain(kind);
  });
});

describe('the DokuWiki converter', () => {
  const dokuwikiText = fc.oneof(
    fc.array(
      fc.constantFrom('**', '//', '__', "''", '[[', ']]', '|', '{{', '}}', '((', '))', '<code>', '</code>', '<nowiki>', '</nowiki>', '%%',
        '^', '=====', '  * ', '  - ', '\n', '\\\\ ', '<del>', '</del>', '<sup>', '</sup>', '~~NOTOC~~', '> ', 'x', ' ', ':', '#', '<html>', '<php>'),
      { maxLength: 40 },
    ).map((parts) => parts.join('')),
    fc.string({ maxLength: 200 }),
  );

  it('converts any text without throwing', () => {
    fc.assert(
      fc.property(dokuwikiText, (text) => {
        expect(typeof dokuwikiToMarkdown(text)).toBe('string');
      }),
      RUNS,
    );
  });
});

// DokuWiki's cleanID separator passes as the regular expressions cleanId used before it had to
// become linear: the reference, on text that the earlier steps (folding, replacing) leave alone.
const separatorsByRegExps = (raw: string): string =>
  raw
    .replace(/_+/g, '_')
    .replace(/[._-]*:[:._-]*/g, ':')
    .replace(/^[:._-]+|[:._-]+$/g, '');

describe('cleanId', () => {
  const idText = fc.oneof(
    fc.array(fc.constantFrom('a', 'B', 'é', 'ß', 'ä', ':', ';', '/', '.', '_', '-', ' ', '..', '::', '__', '!', 'Ω', '数', '\u00a0', '\u200b'), { maxLength: 30 }).map((parts) => parts.join('')),
    fc.string({ maxLength: 60 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
  );

  it('is idempotent and never yields "::" nor separators at the ends of a part', () => {
    fc.assert(
      fc.property(idText, (raw) => {
        const id = cleanId(raw);
        expect(cleanId(id)).toBe(id);
        expect(id).not.toContain('::');
        for (const part of id === '' ? [] : id.split(':')) expect(part).toMatch(/^[^._-](?:.*[^._-])?$/su);
      }),
      RUNS,
    );
  });

  it('treats separators as the regular expressions it replaced did', () => {
    const separatorText = fc.array(fc.constantFrom('a', 'b', '1', ':', '.', '_', '-', '::', '._', '-:'), { maxLength: 30 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(separatorText, (raw) => {
        expect(cleanId(raw)).toBe(separatorsByRegExps(raw));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('resolveLink', () => {
  const linkText = fc.array(fc.constantFrom('..', '.', ':', '~', 'a', 'b', 'start', '#x', ' ', '/', ';', '...', '..:', '.:', '~:'), { maxLength: 16 }).map((parts) => parts.join(''));
  const contextId = fc.constantFrom('', 'start', 'a', 'a:b', 'a:b:c', 'x:y:z:w');

  it('always gives a clean id inside the wiki: no empty, "." or ".." part, no "/"', () => {
    fc.assert(
      fc.property(linkText, contextId, (link, context) => {
        const { id } = resolveLink(link, context, (candidate) => candidate.endsWith('start'));
        expect(cleanId(id)).toBe(id);
        expect(id).not.toContain('/');
        for (const part of id === '' ? [] : id.split(':')) expect(['', '.', '..']).not.toContain(part);
        expect(idToPath(id)).not.toMatch(/\/\.\.?(?:\/|$)/);
      }),
      RUNS,
    );
  });

  it('never climbs above the root: however many "..", the rest of the link is kept under it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), contextId, (ups, context) => {
        expect(resolveLink(`${'..:'.repeat(ups)}page`, context, () => false).id).toMatch(/^(?:[a-z]+:)*page$/);
      }),
      RUNS,
    );
  });
});
