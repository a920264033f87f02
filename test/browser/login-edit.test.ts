// Logging in to edit, in a real browser (SPEC §4, §5): an anonymous reader of a public wiki sees
// "View source", logs in, comes back to the page, edits it, and loses the editor on logging out.
import type { AddressInfo } from 'node:net';
import { type Browser, type Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestWiki, type TestWiki } from '../helpers/wiki.js';

const NEW_TEXT = '# Welcome\n\nEdited in a browser by the admin.\n';

describe('log in, edit, log out in a browser', () => {
  let wiki: TestWiki;
  let browser: Browser;
  let page: Page;
  let base: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    wiki = await createTestWiki({}, { policy: 'public' }); // anonymous visitors may read, not edit
    await wiki.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(wiki.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await wiki?.close();
  });

  const pageTools = () => page.getByRole('navigation', { name: 'Page tools' });
  const editLink = () => pageTools().getByRole('link', { name: 'Edit this page' });
  const userTools = () => page.getByRole('navigation', { name: 'User tools' });

  it('logs in from a page, edits it and logs out again', async () => {
    await page.goto(`${base}/start`);
    await pageTools().getByRole('link', { name: 'View source' }).waitFor();
    await editLink().waitFor({ state: 'detached' });
    await userTools().getByText('Not logged in').waitFor();

    await userTools().getByRole('link', { name: 'Log in' }).click();
    await page.waitForURL(`${base}/_/login?return_to=%2Fstart`);
    await page.getByLabel('Login name').fill('admin');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('main').getByRole('button', { name: 'Log in' }).click();

    await page.waitForURL(`${base}/start`);
    await userTools().getByText('Logged in as admin').waitFor();
    await pageTools().getByRole('link', { name: 'View source' }).waitFor({ state: 'detached' });

    await editLink().click();
    await page.waitForURL(`${base}/start?do=edit`);
    await page.getByRole('textbox', { name: 'Page text' }).fill(NEW_TEXT);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(`${base}/start`);
    await page.getByRole('main').getByText('Edited in a browser by the admin.').waitFor();
    await page.getByRole('heading', { name: 'Welcome', exact: true }).waitFor();
    expect(await page.locator('meta[name="quire:rev"]').getAttribute('content')).toBe('2');

    await userTools().getByRole('button', { name: 'Log out' }).click();
    await userTools().getByText('Not logged in').waitFor();
    await editLink().waitFor({ state: 'detached' });

    await page.goto(`${base}/start`);
    await page.getByRole('main').getByText('Edited in a browser by the admin.').waitFor();
    await pageTools().getByRole('link', { name: 'View source' }).waitFor();
    await expect(editLink().count()).resolves.toBe(0);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
