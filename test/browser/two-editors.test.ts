// Two people editing one page in real browsers (SPEC §6): the second gets the lock notice with the
// source read-only while the first has the editor open, and may edit once the first has saved;
// the editor script autosaves a draft when the tab is hidden, offered back on reopening.
import type { AddressInfo } from 'node:net';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDraftStore } from '../../src/pages/drafts.js';
import { userHolder } from '../../src/pages/locks.js';
import { createUserStore } from '../../src/accounts/users.js';
import { createTestWiki, type TestWiki } from '../helpers/wiki.js';

const PAGE_PATH = '/team/plan';
const PASSWORD = 'two-editors-password';

describe('two editors in two browsers', () => {
  let wiki: TestWiki;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    wiki = await createTestWiki({}, { policy: 'public' });
    const users = createUserStore(wiki.db);
    await users.create({ login: 'alice', name: 'Alice', password: PASSWORD });
    await users.create({ login: 'bob', name: 'Bob', password: PASSWORD });
    await wiki.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(wiki.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await wiki?.close();
  });

  /** A browser context of its own (its own cookies), logged in as `login` through the form. */
  async function loggedIn(login: string): Promise<Page> {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${base}/_/login?return_to=${encodeURIComponent(PAGE_PATH)}`);
    await page.getByLabel('Login name').fill(login);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('main').getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${base}${PAGE_PATH}`);
    return page;
  }

  const editLink = (page: Page) => page.getByRole('navigation', { name: 'Page tools' }).getByRole('link', { name: /^(Edit|Create) this page$/ });

  /** The editor script has put CodeMirror in the textarea's place (what a person waits for without knowing). */
  const editorReady = (page: Page) => page.locator('form.editor--enhanced .cm-editor').waitFor();

  async function saveInEditor(page: Page, text: string): Promise<void> {
    await editorReady(page);
    await page.getByRole('textbox', { name: 'Page text' }).fill(text);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(`${base}${PAGE_PATH}`);
  }

  it('shows the lock to the second editor until the first saves', async () => {
    const alice = await loggedIn('alice');
    const bob = await loggedIn('bob');

    await editLink(alice).click();
    await saveInEditor(alice, '# Plan\n\nFirst draft of the plan.\n');
    await alice.getByText('First draft of the plan.').waitFor();

    await editLink(alice).click();
    await alice.waitForURL(`${base}${PAGE_PATH}?do=edit`);
    await alice.getByRole('textbox', { name: 'Page text' }).waitFor();

    await bob.reload();
    await editLink(bob).click();
    await bob.getByRole('alert').getByText(/^alice is editing this page until /).waitFor();
    const source = bob.getByRole('textbox', { name: 'Source of the page (read only)' });
    await expect(source.inputValue()).resolves.toBe('# Plan\n\nFirst draft of the plan.\n');
    await expect(source.getAttribute('readonly')).resolves.not.toBeNull();
    await expect(bob.getByRole('textbox', { name: 'Page text' }).count()).resolves.toBe(0);

    await saveInEditor(alice, '# Plan\n\nSecond draft, by Alice.\n');
    await alice.getByText('Second draft, by Alice.').waitFor();

    await bob.getByRole('link', { name: 'Try again' }).click();
    await bob.waitForURL(`${base}${PAGE_PATH}?do=edit`);
    await bob.getByRole('textbox', { name: 'Page text' }).waitFor();
    // The editor keeps the form's textarea in step: it holds the text the form sends.
    await expect(bob.locator('textarea[name="text"]').inputValue()).resolves.toBe('# Plan\n\nSecond draft, by Alice.\n');
    await saveInEditor(bob, '# Plan\n\nSecond draft, by Alice.\n\nReviewed by Bob.\n');
    await bob.getByText('Reviewed by Bob.').waitFor();
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('autosaves a draft when the tab is hidden and offers it back', async () => {
    const alice = await loggedIn('alice');
    await editLink(alice).click();
    await editorReady(alice);
    await alice.getByRole('textbox', { name: 'Page text' }).fill('# Plan\n\nUnsaved thoughts.\n');
    // What the browser does when the user switches tabs.
    await alice.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await alice.getByRole('status').getByText(/^Draft saved at /).waitFor();
    const drafts = createDraftStore(wiki.db);
    expect(drafts.get('team:plan', userHolder('alice'))?.text).toBe('# Plan\n\nUnsaved thoughts.\n');

    await alice.goto(`${base}${PAGE_PATH}?do=edit`);
    await alice.getByText(/^You have a draft of this page/).waitFor();
    await alice.getByRole('link', { name: 'Recover the draft' }).click();
    await alice.getByRole('textbox', { name: 'Page text' }).waitFor();
    await expect(alice.locator('textarea[name="text"]').inputValue()).resolves.toBe('# Plan\n\nUnsaved thoughts.\n');
    await saveInEditor(alice, '# Plan\n\nUnsaved thoughts, now saved.\n');
    expect(drafts.get('team:plan', userHolder('alice'))).toBeUndefined();
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
