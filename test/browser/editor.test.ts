// The editor in Chromium (SPEC §12), under the strict Content Security Policy of issue 13: the
// toolbar's inserts and wraps, every shortcut, the live preview, section editing (alone and over a
// concurrent change), files by paste, drop and the media dialog, `[[` completion, new pages from a
// namespace template, the phone menu, the plain form without JavaScript, and axe-core on the editor,
// the media dialog and the phone layout.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE, createSessionStore } from '../../src/accounts/sessions.js';
import { createMediaStore } from '../../src/media/store.js';
import { createPageStore } from '../../src/pages/store.js';
import { launchBrowser, listen } from '../helpers/browser.js';
import { Client, createTestWiki, type TestWiki } from '../helpers/wiki.js';
import { addUsers, clientAs } from '../http/accounts-support.js';

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 740 };
const GUIDE = '# Guide\n\nIntro.\n\n## Install\n\nSteps.\n\n## Use\n\nMore.\n\n### Details\n\nDeep.\n';

let wiki: TestWiki;
let browser: Browser;
let base: string;
let admin: Client;
const contexts: BrowserContext[] = [];
const problems: string[] = [];

beforeAll(async () => {
  wiki = await createTestWiki({}, { policy: 'public' });
  await addUsers(wiki, [{ login: 'bob', name: 'Bob' }]);
  admin = await clientAs(wiki, 'admin');
  for (const [path, text] of [
    ['/team/meetings', '# Weekly meetings\n'],
    ['/team/template', '# @!PAGE@\n\nWritten by @NAME@ (@USER@) in @NS@ on @DATE@.\n'],
  ] as const) {
    expect((await admin.savePage(path, text)).statusCode).toBe(303);
  }
  const diagram = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#36c' } }).png().toBuffer();
  createMediaStore(wiki.db).save({ id: 'team:diagram.png', data: diagram, author: 'admin' });
  base = await listen(wiki);
  browser = await launchBrowser();
});

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

afterAll(async () => {
  await browser?.close();
  await wiki?.close();
});

const pages = () => createPageStore(wiki.db);

/** A browser tab logged in as `login`, under the server's own strict CSP; violations and script errors are recorded. */
async function tab(options: { login?: string; viewport?: { width: number; height: number }; javaScript?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: options.viewport ?? DESKTOP, javaScriptEnabled: options.javaScript ?? true });
  contexts.push(context);
  const login = options.login ?? 'admin';
  await context.addCookies([{ name: SESSION_COOKIE, value: createSessionStore(wiki.db).create(login, false).id, url: base }]);
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { cspViolations: string[] }).cspViolations ??= [];
      const target = event.target instanceof Element ? event.target.outerHTML.slice(0, 120) : String(event.target);
      (window as unknown as { cspViolations: string[] }).cspViolations.push(`${event.violatedDirective}: ${event.blockedURI} ${target}`);
    });
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
  return page;
}

const text = (page: Page) => page.locator('textarea[name="text"]').inputValue();
const source = (page: Page) => page.getByRole('textbox', { name: 'Page text' });
const toolbar = (page: Page) => page.getByRole('toolbar', { name: 'Editor toolbar' });
const livePreview = (page: Page) => page.getByRole('region', { name: 'Live preview' });

async function openEditor(page: Page, path: string): Promise<void> {
  await page.goto(`${base}${path}?do=edit`);
  await source(page).waitFor();
}

/** Replaces the editor's text, as typing over a selection of all of it does. */
async function typeText(page: Page, value: string): Promise<void> {
  await source(page).click();
  await page.keyboard.press('Control+a');
  await page.keyboard.insertText(value);
}

/**
 * No script error and nothing the CSP blocked — but for the style attributes Chromium's own editing
 * puts on a line of the editor when text replaces a selection over several lines: the browser's,
 * not the page's, blocked and harmless (CodeMirror draws the line again).
 */
async function expectNoViolations(page: Page): Promise<void> {
  const violations = await page.evaluate(() => (window as unknown as { cspViolations?: string[] }).cspViolations ?? []);
  expect(violations.filter((violation) => !/^style-src-attr: inline <div class="cm-line/.test(violation))).toEqual([]);
  expect(problems).toEqual([]);
}

/** The `[[` completion list, once its options are current (not waiting for an answer). */
async function completionReady(page: Page): Promise<void> {
  await page.locator('.cm-tooltip-autocomplete:not(.cm-tooltip-autocomplete-disabled)').waitFor();
}

async function axeFindings(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  }, 60_000);
}

describe('the toolbar', () => {
  it('wraps the selection and inserts blocks, and is one Tab stop moved along with the arrows', async () => {
    const page = await tab();
    await openEditor(page, '/play/toolbar');
    await typeText(page, 'make this bold');
    await page.keyboard.press('Control+Shift+ArrowLeft');
    await toolbar(page).getByRole('button', { name: 'Bold' }).click();
    expect(await text(page)).toBe('make this **bold**');
    await page.keyboard.press('End');
    await toolbar(page).getByRole('button', { name: 'Table' }).click();
    expect(await text(page)).toBe('make this **bold**\n\n|  |  |\n| --- | --- |\n|  |  |\n');
    await toolbar(page).getByRole('button', { name: 'Subnet calculator' }).click();
    expect(await text(page)).toContain('\n\n{{toolbox>iphelper}}\n');

    await toolbar(page).getByRole('button', { name: 'Bold' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Italic');
    await page.keyboard.press('End');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Split view');
    expect(await toolbar(page).getByRole('button', { name: 'Bold' }).getAttribute('title')).toBe('Bold (Ctrl+B)');
    await expectNoViolations(page);
  }, 60_000);
});

describe('the keys', () => {
  it('Ctrl+B, Ctrl+I and Ctrl+K act on the selection; Ctrl+K offers pages to link to', async () => {
    const page = await tab();
    await openEditor(page, '/play/keys');
    await typeText(page, 'one two three');
    await page.keyboard.press('Control+Shift+ArrowLeft');
    await page.keyboard.press('Control+b');
    await page.keyboard.press('Home');
    await page.keyboard.press('Control+Shift+ArrowRight');
    await page.keyboard.press('Control+i');
    expect(await text(page)).toBe('*one* two **three**');
    await page.keyboard.press('End');
    await page.keyboard.insertText(' the meetings');
    await page.keyboard.press('Control+Shift+ArrowLeft');
    await page.keyboard.press('Control+k');
    await completionReady(page);
    await page.keyboard.type('meet');
    await page.getByRole('option', { name: /team:meetings/ }).waitFor();
    await completionReady(page);
    await page.keyboard.press('Enter');
    expect(await text(page)).toBe('*one* two **three** the [[team:meetings|meetings]]');
    await expectNoViolations(page);
  }, 60_000);

  it('Ctrl+S saves the page', async () => {
    const page = await tab();
    await openEditor(page, '/play/saved');
    await typeText(page, '# Saved\n\nWith Ctrl+S.\n');
    await page.keyboard.press('Control+s');
    await page.waitForURL(`${base}/play/saved`);
    await page.getByRole('heading', { name: 'Saved', exact: true }).waitFor();
    expect(pages().get('play:saved')?.text).toBe('# Saved\n\nWith Ctrl+S.\n');
  }, 60_000);

  it('Ctrl+Shift+P hides and shows the live preview, remembered in this browser', async () => {
    const page = await tab();
    await openEditor(page, '/play/toggle');
    await livePreview(page).waitFor();
    await page.keyboard.press('Control+Shift+P');
    await livePreview(page).waitFor({ state: 'hidden' });
    expect(await toolbar(page).getByRole('button', { name: 'Split view' }).getAttribute('aria-pressed')).toBe('false');
    await page.reload();
    await source(page).waitFor();
    expect(await livePreview(page).isHidden()).toBe(true);
    await page.getByLabel('Edit summary').focus();
    await page.keyboard.press('Control+Shift+P');
    await livePreview(page).waitFor();
  }, 60_000);
});

describe('the live preview', () => {
  it('shows the page as it will be, soon after typing stops, following the cursor’s section', async () => {
    const page = await tab();
    await openEditor(page, '/play/preview');
    await typeText(page, `# Fresh words\n\nSee [[team:meetings]].\n\n${'Filler paragraph.\n\n'.repeat(60)}## Far below\n\nThe end.`);
    await livePreview(page).getByRole('heading', { name: 'Fresh words' }).waitFor();
    await livePreview(page).getByRole('link', { name: 'team:meetings' }).waitFor();
    expect(await livePreview(page).evaluate((panel) => panel.scrollTop)).toBeGreaterThan(0);
    await page.keyboard.press('Control+Home');
    // Back at the first heading, the top of the panel.
    await page.waitForFunction(() => (document.querySelector('[data-live-preview]')?.scrollTop ?? 99) < 40);
  }, 60_000);
});

describe('section editing', () => {
  it('edits only its section and opens the page at its anchor', async () => {
    await admin.savePage('/team/guide', GUIDE);
    await admin.post('/team/guide?do=cancel');
    const page = await tab();
    await page.goto(`${base}/team/guide`);
    await page.getByRole('link', { name: 'Edit section: Use' }).click();
    await page.waitForURL(`${base}/team/guide?do=edit&section=3`);
    await source(page).waitFor();
    expect(await text(page)).toBe('## Use\n\nMore.\n\n### Details\n\nDeep.\n');
    await typeText(page, '## Use\n\nMore, edited alone.\n');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(`${base}/team/guide#use`);
    expect(pages().get('team:guide')?.text).toBe('# Guide\n\nIntro.\n\n## Install\n\nSteps.\n\n## Use\n\nMore, edited alone.\n');
    await expectNoViolations(page);
  }, 60_000);

  it('over a concurrent change to another section, merges and saves both', async () => {
    await admin.savePage('/team/merge', GUIDE);
    await admin.post('/team/merge?do=cancel');
    const page = await tab();
    await page.goto(`${base}/team/merge?do=edit&section=2`);
    await source(page).waitFor();
    wiki.db.prepare('DELETE FROM locks').run(); // the lock ran out
    const bob = await clientAs(wiki, 'bob');
    expect((await bob.savePage('/team/merge', GUIDE.replace('Deep.', 'Deep, by Bob.'))).statusCode).toBe(303);
    await typeText(page, '## Install\n\nSteps, by the admin.\n\n');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Your changes were merged', { exact: false }).or(page.getByRole('alert')).first().waitFor();
    const merged = GUIDE.replace('Deep.', 'Deep, by Bob.').replace('Steps.', 'Steps, by the admin.');
    expect(await text(page)).toBe(merged);
    expect(pages().get('team:merge')?.text).toBe(GUIDE.replace('Deep.', 'Deep, by Bob.'));
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(`${base}/team/merge`);
    expect(pages().get('team:merge')?.text).toBe(merged);
  }, 60_000);

  it('over a concurrent change to the same section, shows the conflict and overwrites nothing', async () => {
    await admin.savePage('/team/clash', GUIDE);
    await admin.post('/team/clash?do=cancel');
    const page = await tab();
    await page.goto(`${base}/team/clash?do=edit&section=2`);
    await source(page).waitFor();
    wiki.db.prepare('DELETE FROM locks').run();
    const bob = await clientAs(wiki, 'bob');
    expect((await bob.savePage('/team/clash', GUIDE.replace('Steps.', 'Steps, by Bob.'))).statusCode).toBe(303);
    await typeText(page, '## Install\n\nSteps, by the admin.\n\n');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('heading', { name: 'Edit conflict' }).waitFor();
    expect(await text(page)).toBe(GUIDE.replace('Steps.', 'Steps, by the admin.'));
    expect(pages().get('team:clash')?.text).toBe(GUIDE.replace('Steps.', 'Steps, by Bob.'));
  }, 60_000);
});

describe('files', () => {
  it('a pasted PNG is uploaded to the page’s namespace and inserted', async () => {
    const page = await tab();
    await openEditor(page, '/team/paste');
    await typeText(page, 'Screenshot: ');
    const png = (await sharp({ create: { width: 12, height: 8, channels: 3, background: '#c00' } }).png().toBuffer()).toString('base64');
    await source(page).evaluate((content, data) => {
      const bytes = Uint8Array.from(atob(data), (char) => char.charCodeAt(0));
      const clipboard = new DataTransfer();
      clipboard.items.add(new File([bytes], 'image.png', { type: 'image/png' }));
      content.dispatchEvent(new ClipboardEvent('paste', { clipboardData: clipboard, bubbles: true, cancelable: true }));
    }, png);
    await page.getByText(/pasted-\d{8}-\d{6}\.png was uploaded as team:pasted-\d{8}-\d{6}\.png\./).waitFor();
    expect(await text(page)).toMatch(/^Screenshot: \{\{team:pasted-\d{8}-\d{6}\.png\}\}$/);
    const id = /\{\{(team:pasted-[\d-]+\.png)\}\}/.exec(await text(page))?.[1] ?? '';
    expect(createMediaStore(wiki.db).get(id)?.type).toBe('image/png');
    await expectNoViolations(page);
  }, 60_000);

  it('a dropped PDF is uploaded and inserted as a link to it, never over a file of the same name', async () => {
    createMediaStore(wiki.db).save({ id: 'team:report.pdf', data: Buffer.from('%PDF-1.4\nold\n%EOF\n'), author: 'admin' });
    const page = await tab();
    await openEditor(page, '/team/drop');
    await typeText(page, 'The report:');
    await source(page).evaluate((content) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['%PDF-1.4\nnew\n%EOF\n'], 'report.pdf', { type: 'application/pdf' }));
      const box = content.getBoundingClientRect();
      content.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true, clientX: box.right - 5, clientY: box.top + 10 }));
    });
    await page.getByText('report.pdf was uploaded as team:report-1.pdf.').waitFor();
    expect(await text(page)).toBe('The report: {{team:report-1.pdf}}');
    expect(createMediaStore(wiki.db).revisions('team:report.pdf')).toHaveLength(1);
  }, 60_000);

  it('the Media button opens a dialog that inserts the chosen file with a width and an alternative text', async () => {
    const page = await tab();
    await openEditor(page, '/team/picked');
    await typeText(page, 'Plan: ');
    await toolbar(page).getByRole('button', { name: 'Media' }).click();
    const dialog = page.getByRole('dialog', { name: 'Insert a file' });
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('media-dialog-search');
    await dialog.getByRole('button', { name: /diagram\.png/ }).waitFor();
    await dialog.getByLabel('Find a file').fill('nothing-like-it');
    await dialog.getByText('No file name matches.').waitFor();
    await dialog.getByLabel('Find a file').fill('diag');
    await dialog.getByRole('button', { name: /diagram\.png/ }).click();
    await dialog.getByLabel('Width in pixels (optional)').fill('200');
    await dialog.getByLabel(/Text for those who cannot see the image/).fill('The plan');
    expect(await axeFindings(page)).toEqual([]);
    // The focus stays in the dialog: the page behind is inert.
    for (let i = 0; i < 12; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest('dialog')))).toBe(true);
    await dialog.getByRole('button', { name: 'Insert' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await text(page)).toBe('Plan: {{team:diagram.png?200|The plan}}');

    await toolbar(page).getByRole('button', { name: 'Media' }).click();
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('textbox');
    await expectNoViolations(page);
  }, 60_000);
});

describe('links by name', () => {
  it('[[ offers the readable pages matching what is typed, chosen with the keyboard', async () => {
    const page = await tab();
    await openEditor(page, '/team/linking');
    await typeText(page, 'See ');
    await page.keyboard.type('[[meet');
    const option = page.getByRole('option', { name: /team:meetings/ });
    await option.waitFor();
    await completionReady(page);
    expect(await option.textContent()).toContain('Weekly meetings');
    await page.keyboard.press('Enter');
    expect(await text(page)).toBe('See [[team:meetings]]');
  }, 60_000);
});

describe('new pages', () => {
  it('the New page site tool opens the editor of the page named, from its namespace template', async () => {
    const page = await tab();
    await page.goto(`${base}/team/meetings`);
    await page.getByRole('navigation', { name: 'Site tools' }).getByRole('link', { name: 'New page' }).click();
    await page.waitForURL(`${base}/_/new?ns=team`);
    expect(await page.getByLabel('Namespace').inputValue()).toBe('team');
    await page.getByLabel('Page name').fill('!!');
    await page.getByRole('button', { name: 'Create the page' }).click();
    await page.getByRole('alert').getByText('Give the page a name made of letters or digits.').waitFor();
    await page.getByLabel('Page name').fill('Kick-off notes');
    await page.getByRole('button', { name: 'Create the page' }).click();
    await page.waitForURL(`${base}/team/kick-off_notes?do=edit`);
    await source(page).waitFor();
    expect(await text(page)).toMatch(/^# Kick-off notes\n\nWritten by Administrator \(admin\) in team on \d{4}\/\d\d\/\d\d \d\d:\d\d\.\n$/);
    await expectNoViolations(page);
  }, 60_000);
});

describe('on a phone', () => {
  it('the menu button folds the site and user tools; title and Edit are in the first screen', async () => {
    const page = await tab({ viewport: PHONE });
    await page.goto(`${base}/team/meetings`);
    const menu = page.getByRole('button', { name: 'Tools' });
    await menu.waitFor();
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByRole('navigation', { name: 'Site tools' }).isHidden()).toBe(true);
    for (const target of [page.getByRole('heading', { name: 'Weekly meetings' }), page.getByRole('link', { name: 'Edit this page' })]) {
      const box = await target.boundingBox();
      expect(box && box.y + box.height).toBeLessThanOrEqual(PHONE.height);
    }
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await page.getByRole('navigation', { name: 'Site tools' }).getByRole('link', { name: 'Recent changes' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(await axeFindings(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await menu.focus();
    await page.keyboard.press('Enter');
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
  }, 60_000);

  it('the menu button is labelled in French for a French reader', async () => {
    await addUsers(wiki, [{ login: 'zoe', name: 'Zoé' }]);
    wiki.db.prepare("UPDATE users SET lang = 'fr' WHERE login = 'zoe'").run();
    const page = await tab({ login: 'zoe', viewport: PHONE });
    await page.goto(`${base}/team/meetings`);
    await page.getByRole('button', { name: 'Outils' }).waitFor();
  }, 60_000);

  it('the editor keeps Save in sight and passes axe-core', async () => {
    const page = await tab({ viewport: PHONE });
    await openEditor(page, '/team/meetings');
    await typeText(page, `# Long\n\n${'A line of text.\n\n'.repeat(80)}`);
    const save = page.getByRole('button', { name: 'Save', exact: true });
    const box = await save.boundingBox();
    expect(box && box.y + box.height).toBeLessThanOrEqual(PHONE.height);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(await axeFindings(page)).toEqual([]);
    await expectNoViolations(page);
  }, 60_000);
});

describe('the editor on a wide screen', () => {
  it('passes axe-core with the live preview shown', async () => {
    expect((await admin.savePage('/team/wide', '# Wide screen\n\nWith [[team:meetings]] and a table:\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n')).statusCode).toBe(303);
    await admin.post('/team/wide?do=cancel');
    const page = await tab();
    await openEditor(page, '/team/wide');
    await livePreview(page).getByRole('heading', { name: 'Wide screen' }).waitFor();
    expect(await axeFindings(page)).toEqual([]);
    await expectNoViolations(page);
  }, 60_000);
});

describe('without JavaScript', () => {
  it('the plain form still saves, with no toolbar', async () => {
    const page = await tab({ javaScript: false });
    await page.goto(`${base}/play/plain?do=edit`);
    await page.getByRole('textbox', { name: 'Page text' }).fill('# Plain\n\nNo script.\n');
    expect(await page.getByRole('toolbar').count()).toBe(0);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(`${base}/play/plain`);
    expect(pages().get('play:plain')?.text).toBe('# Plain\n\nNo script.\n');
  }, 60_000);
});
