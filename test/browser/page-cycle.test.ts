// A person's first page in a real browser: create it, edit it twice, open the old revisions and
// compare two of them. Runs the app in-process on a random port against the system Chromium.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, listen } from '../helpers/browser.js';
import { createTestWiki, type TestWiki } from '../helpers/wiki.js';
const PAGE_PATH = '/sandbox/first-page';

const FIRST = '# First page\n\nThe quick brown fox jumps over the lazy dog.\n';
const SECOND = '# First page\n\nThe quick red fox jumps over the lazy dog.\n';
const THIRD = `${SECOND}\nA second paragraph about foxes.\n`;

describe('page cycle in a browser', () => {
  let wiki: TestWiki;
  let browser: Browser;
  let page: Page;
  let base: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    wiki = await createTestWiki(); // the open policy: anonymous visitors may create and edit
    base = await listen(wiki);
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await wiki?.close();
  });

  const revisionShown = () => page.locator('meta[name="quire:rev"]').getAttribute('content');

  /** Types `text` into the open editor and saves, landing back on the page view. */
  async function saveInEditor(text: string): Promise<void> {
    await page.waitForURL(`${base}${PAGE_PATH}?do=edit`);
    await page.getByRole('textbox', { name: 'Page text' }).fill(text);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(`${base}${PAGE_PATH}`);
  }

  it('creates, edits twice and compares two revisions', async () => {
    await page.goto(`${base}${PAGE_PATH}`);
    await page.getByRole('main').getByRole('link', { name: 'Create this page' }).click();
    await saveInEditor(FIRST);
    await page.getByRole('heading', { name: 'First page' }).waitFor();
    await page.getByText('The quick brown fox').waitFor();
    expect(await revisionShown()).toBe('1');

    await page.getByRole('link', { name: 'Edit this page' }).click();
    await saveInEditor(SECOND);
    await page.getByText('The quick red fox').waitFor();
    expect(await revisionShown()).toBe('2');

    await page.getByRole('link', { name: 'Edit this page' }).click();
    await saveInEditor(THIRD);
    await page.getByText('A second paragraph about foxes.').waitFor();
    expect(await revisionShown()).toBe('3');

    await page.getByRole('link', { name: 'Old revisions' }).click();
    await page.waitForURL(`${base}${PAGE_PATH}?do=revisions`);
    await expect(page.getByRole('checkbox', { name: /^Compare revision \d+$/ }).count()).resolves.toBe(3);

    await page.getByRole('checkbox', { name: 'Compare revision 1', exact: true }).check();
    await page.getByRole('checkbox', { name: 'Compare revision 3', exact: true }).check();
    await page.getByRole('button', { name: 'Show differences between selected revisions' }).click();
    await page.waitForURL(/[?&]do=diff(&|$)/);
    await page.locator('del').first().waitFor();

    const removed = (await page.locator('del').allTextContents()).join(' ');
    const added = (await page.locator('ins').allTextContents()).join(' ');
    expect(removed).toContain('brown');
    expect(removed).not.toContain('red');
    expect(added).toContain('red');
    expect(added).toContain('A second paragraph about foxes.');
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
