// Security in a real browser (issue 13): every screen works under the strict CSP without a single
// violation (the shared browser helper fails a file that saw one), the helper does catch one, and
// a same-site page cannot frame the wiki's screens with the victim's session (clickjacking).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../src/accounts/sessions.js';
import { createSessionStore } from '../../src/accounts/sessions.js';
import { launchBrowser, listen, takeCspViolations } from '../helpers/browser.js';
import { createTestWiki, type TestWiki } from '../helpers/wiki.js';

describe('the wiki under its Content-Security-Policy', () => {
  let wiki: TestWiki;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let attacker: http.Server;
  let attackerUrl: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    wiki = await createTestWiki();
    base = await listen(wiki);
    browser = await launchBrowser();
    context = await browser.newContext();
    const session = createSessionStore(wiki.db).create('admin', false);
    await context.addCookies([{ name: SESSION_COOKIE, value: session.id, url: base }]);
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // Another site on this host (same site, another origin) that frames the admin's user manager.
    attacker = http.createServer((_request, response) => {
      response.setHeader('content-type', 'text/html; charset=utf-8');
      response.end(`<!doctype html><title>Win a prize</title><iframe id="victim" src="${base}/_/admin/users/admin" width="800" height="600"></iframe>`);
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
  }, 60_000);

  afterAll(async () => {
    attacker?.close();
    await browser?.close();
    await wiki?.close();
  });

  it.each([
    '/',
    '/wiki/syntax',
    '/wiki/syntax?do=edit',
    '/wiki/syntax?do=revisions',
    '/wiki/syntax?do=source',
    '/_/search?q=syntax',
    '/_/recent',
    '/_/index',
    '/_/media',
    '/_/profile',
    '/_/admin',
    '/_/admin/users',
    '/_/admin/acl',
    '/_/admin/config',
    '/_/plugin/iphelper?ip=192.168.10.77&prefix=26',
    '/_/plugin/wordcount/',
    '/no/such/page',
  ])('%s works without a CSP violation', async (path) => {
    const response = await page.goto(`${base}${path}`);
    expect(response?.status()).toBeLessThan(500);
    await page.waitForLoadState('load');
    expect(takeCspViolations(browser)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('catches a violation when there is one (the helper itself)', async () => {
    await page.goto(`${base}/`);
    await page.evaluate(() => {
      const style = document.createElement('style');
      style.textContent = 'body { color: red; }';
      document.head.append(style);
    });
    await expect.poll(() => takeCspViolations(browser).length).toBeGreaterThan(0);
  });

  it('cannot be framed by another page of the same site, even with the admin logged in', async () => {
    const framing = await context.newPage();
    await framing.goto(attackerUrl);
    const frame = framing.frameLocator('#victim');
    // The browser refuses to draw the framed screen: no delete link a stolen click could reach.
    await expect.poll(async () => takeCspViolations(browser).some((message) => message.includes('frame-ancestors'))).toBe(true);
    expect(await frame.getByRole('link', { name: 'Delete this user' }).count()).toBe(0);
    expect(await frame.locator('form').count()).toBe(0);
    await framing.close();
  });
});
