// Media as tables of cases: ids and their ACL scope, types and content checks, what an upload may
// do, and the `{{ns:file.png?200x100|alt}}` syntax rendered for readers who may or may not see it.
import { describe, expect, it } from 'vitest';
import { Level } from '../../src/access/acl.js';
import { isMediaId, mediaScope, mediaUrl, resolveMedia, uploadedId } from '../../src/media/media-id.js';
import { contentMatches, extensionOf, mediaTypeOf } from '../../src/media/media-type.js';
import { boundedSize } from '../../src/media/resize.js';
import { decideUpload, fileProblem } from '../../src/media/upload.js';
import { idToPath } from '../../src/pages/page-id.js';
import { createRenderer, type RenderContext } from '../../src/render/index.js';
import { mediaSrc, parseMediaRef } from '../../src/render/media.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]);
const GIF = Buffer.from('GIF89a....', 'latin1');
const WEBP = Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'latin1');
const HTML = Buffer.from('<script>alert(1)</script>');

describe('media ids', () => {
  it.each([
    ['wiki:logo.png', true],
    ['logo.png', true],
    ['a:b:c:report.pdf', true],
    ['wiki:Logo.png', false], // not clean
    ['wiki:logo', false], // no extension
    ['wiki:logo.exe', false], // not an accepted type
    ['wiki:page.html', false],
    ['', false],
    [`${'a'.repeat(1000)}.png`, false], // too long
  ])('isMediaId(%j) is %s', (id, valid) => {
    expect(isMediaId(id)).toBe(valid);
  });

  it.each([
    ['wiki:logo.png', 'wiki:*'],
    ['a:b:c.pdf', 'a:b:*'],
    ['logo.png', '*'],
  ])('%s is checked against its namespace %s, never a page rule of its own name', (id, scope) => {
    expect(mediaScope(id)).toBe(scope);
  });

  it.each([
    ['wiki:logo.png', '/_/media/wiki/logo.png'],
    ['logo.png', '/_/media/logo.png'],
    ['a:été.png', '/_/media/a/%C3%A9t%C3%A9.png'],
  ])('the URL of %s is %s', (id, url) => {
    expect(mediaUrl(id)).toBe(url);
  });

  it.each([
    ['wiki', 'Logo Final.PNG', 'wiki:logo_final.png'],
    ['', 'logo.png', 'logo.png'],
    ['wiki', 'C:\\Users\\me\\logo.png', 'wiki:logo.png'],
    ['wiki', '../../etc/passwd.txt', 'wiki:passwd.txt'],
    ['wiki', 'a:b.png', 'wiki:a_b.png'], // a name never moves the file to another namespace
    ['wiki', '???', ''],
  ])('a file named %j uploaded into %j is %j', (ns, name, id) => {
    expect(uploadedId(ns, name)).toBe(id);
  });

  it.each([
    ['logo.png', 'a:b:page', 'a:b:logo.png'],
    ['wiki:logo.png', 'a:b:page', 'wiki:logo.png'],
    [':logo.png', 'a:b:page', 'logo.png'],
    ['..:logo.png', 'a:b:page', 'a:logo.png'],
    ['.:img:x.png', 'a:b:page', 'a:b:img:x.png'],
  ])('{{%s}} on %s is %s', (link, page, id) => {
    expect(resolveMedia(link, page)).toBe(id);
  });
});

describe('media types', () => {
  it.each([
    ['a:x.png', 'image/png', 'raster'],
    ['a:x.JPG', 'image/jpeg', 'raster'],
    ['x.webp', 'image/webp', 'raster'],
    ['x.svg', 'image/svg+xml', 'vector'],
    ['x.pdf', 'application/pdf', 'file'],
    ['x.txt', 'text/plain; charset=utf-8', 'file'],
  ])('%s is %s (%s)', (name, contentType, kind) => {
    expect(mediaTypeOf(name)).toEqual({ contentType, kind });
  });

  it.each(['x.html', 'x.htm', 'x.js', 'x.exe', 'x', '.png', 'a.b:png'])('%s is not accepted', (name) => {
    expect(mediaTypeOf(name)).toBeNull();
  });

  it('reads the extension of the last part only', () => {
    expect(extensionOf('a.b:c.tar.gz')).toBe('gz');
    expect(extensionOf('a.b:c')).toBe('');
  });

  it.each([
    ['x.png', PNG, true],
    ['x.png', JPEG, false],
    ['x.png', HTML, false],
    ['x.jpg', JPEG, true],
    ['x.gif', GIF, true],
    ['x.webp', WEBP, true],
    ['x.webp', PNG, false],
    ['x.svg', HTML, true], // served as a download: no check needed
    ['x.pdf', HTML, true],
  ])('the bytes of %s match its type: %s', (name, data, matches) => {
    expect(contentMatches(mediaTypeOf(name)!, data)).toBe(matches);
  });

  it.each([
    ['x.png', PNG, null],
    ['x.png', HTML, 'content'],
    ['x.png', Buffer.alloc(0), 'empty'],
    ['x.exe', PNG, 'type'],
  ])('an upload of %s: problem %s', (id, data, problem) => {
    expect(fileProblem(id, data)).toBe(problem);
  });

  it.each([
    [200, null, 200, null],
    [5000, 100, 2000, 100],
    [null, 3000, null, 2000],
  ])('a resize to %s × %s is capped to %s × %s', (w, h, width, height) => {
    expect(boundedSize(w, h)).toEqual({ width, height });
  });
});

describe('what an upload may do', () => {
  it.each([
    [Level.READ, false, false, 'denied'],
    [Level.UPLOAD, false, false, 'save'],
    [Level.UPLOAD, true, false, 'conflict'],
    [Level.UPLOAD, true, true, 'denied'], // overwriting needs DELETE
    [Level.DELETE, true, false, 'conflict'],
    [Level.DELETE, true, true, 'save'],
    [Level.NONE, true, true, 'denied'],
  ])('level %i, exists %s, overwrite %s: %s', (level, exists, overwrite, decision) => {
    expect(decideUpload(level, exists, overwrite)).toBe(decision);
  });
});

describe('the media syntax', () => {
  it.each([
    ['wiki:logo.png', { id: 'wiki:logo.png', width: null, height: null, alt: '', align: null, nolink: false }],
    ['wiki:logo.png?200|The logo', { id: 'wiki:logo.png', width: 200, height: null, alt: 'The logo', align: null, nolink: false }],
    ['wiki:logo.png?200x100', { id: 'wiki:logo.png', width: 200, height: 100, alt: '', align: null, nolink: false }],
    ['logo.png?x50&nolink', { id: 'a:b:logo.png', width: null, height: 50, alt: '', align: null, nolink: true }],
    [' wiki:logo.png', { id: 'wiki:logo.png', width: null, height: null, alt: '', align: 'right', nolink: false }],
    [' wiki:logo.png |x', { id: 'wiki:logo.png', width: null, height: null, alt: 'x', align: 'center', nolink: false }],
    ['wiki:logo.png?9000', { id: 'wiki:logo.png', width: 2000, height: null, alt: '', align: null, nolink: false }],
  ])('{{%s}} reads as %j', (inner, ref) => {
    expect(parseMediaRef(inner, 'a:b:page')).toEqual(ref);
  });

  it.each(['toolbox>iphelper', 'wiki:page', 'https://example.com/x.png', '', 'x.exe'])('{{%s}} is not media', (inner) => {
    expect(parseMediaRef(inner, 'a:b:page')).toBeNull();
  });

  it('puts the size in the image URL', () => {
    expect(mediaSrc({ id: 'wiki:logo.png', width: 200, height: 100 })).toBe('/_/media/wiki/logo.png?w=200&h=100');
    expect(mediaSrc({ id: 'wiki:logo.png', width: null, height: 50 })).toBe('/_/media/wiki/logo.png?h=50');
  });

  const renderer = createRenderer();
  const context = (hidden: string[] = []): RenderContext => ({
    pageId: 'a:b:page',
    startPage: 'start',
    exists: () => false,
    linkState: (id) => (hidden.includes(id) ? 'hidden' : 'missing'),
    pageUrl: idToPath,
  });
  const render = (text: string, hidden: string[] = []) => renderer.render(text, context(hidden));

  it.each([
    [
      '{{wiki:logo.png?200|The <b>logo</b>}}',
      '<a href="/_/media/wiki/logo.png" class="media"><img src="/_/media/wiki/logo.png?w=200" alt="The &lt;b&gt;logo&lt;/b&gt;" class="media" loading="lazy"></a>',
    ],
    ['{{logo.png?200x100&nolink}}', '<img src="/_/media/a/b/logo.png?w=200&amp;h=100" alt="" class="media" loading="lazy">'],
    ['{{ :logo.png }}', '<img src="/_/media/logo.png" alt="" class="media mediacenter" loading="lazy">'],
    ['{{wiki:report.pdf|The report}}', '<a href="/_/media/wiki/report.pdf" class="mediafile" title="wiki:report.pdf">The report</a>'],
    ['{{wiki:report.pdf}}', '>wiki:report.pdf</a>'],
    ['{{wiki:drawing.svg}}', '<img src="/_/media/wiki/drawing.svg" alt="" class="media" loading="lazy">'],
    ['[see {{wiki:logo.png}}](wiki:page)', '<img src="/_/media/wiki/logo.png" alt="" class="media" loading="lazy"></a>'],
  ])('%s renders %s', (text, html) => {
    expect(render(text).html).toContain(html);
  });

  it('leaves what is not media as text, and the toolbox directive to its own rule', () => {
    expect(render('{{wiki:page}} and {{x.exe}}').html).toBe('<p>{{wiki:page}} and {{x.exe}}</p>\n');
    const toolbox = render('{{toolbox>iphelper}}');
    expect(toolbox.parts).toEqual([{ widget: 'iphelper' }]);
  });

  it('records the scope of each medium shown, once', () => {
    expect(render('{{wiki:a.png}} {{wiki:b.pdf}} {{c.png}}').mediaScopes).toEqual(['wiki:*', 'a:b:*']);
  });

  it('shows media the reader may not read as their label in plain text', () => {
    const result = render('{{secret:plan.png|The plan}} and {{secret:x.pdf}}', ['secret:*']);
    expect(result.html).toBe('<p>The plan and secret:x.pdf</p>\n');
    expect(result.mediaScopes).toEqual(['secret:*']);
  });

  it('does not let a link inside a media reference nest a second link', () => {
    expect(render('[x {{wiki:r.pdf}}](wiki:page)').html).not.toContain('mediafile');
  });
});
