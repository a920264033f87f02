// Notifications in a real browser (SPEC §14): a reader subscribes through the page tool and gets the
// mail of the next change from a real SMTP server; then every new screen (the subscribe form, the
// profile's list, password reset, unsubscribe, the admin's notifications, webhooks and mail state)
// fits a 375 px phone, has no serious axe-core violation, and is photographed at 1280×800 and
// 375×740 into the temporary directory printed below, to be looked at.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionStore, SESSION_COOKIE } from '../../src/accounts/sessions.js';
import { launchBrowser, listen } from '../helpers/browser.js';
import { startMailServer, type MailServer } from '../helpers/mail.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { createTestWiki, type TestWiki } from '../helpers/wiki.js';
import { addUsers, clientAs, USER_PASSWORD } from '../http/accounts-support.js';

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WIDE = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 740 };
const SHOTS = path.join(os.tmpdir(), 'quire-notification-screens');

describe('notifications in a browser', () => {
  let smtp: MailServer;
  let receiver: Receiver;
  let wiki: TestWiki;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let resetLink = '';
  let unsubscribeLink = '';
  const pageErrors: string[] = [];

  beforeAll(async () => {
    smtp = await startMailServer();
    receiver = await startReceiver();
    wiki = await createTestWiki({ QUIRE_SMTP_URL: smtp.url, QUIRE_MAIL_FROM: 'Quire <wiki@example.org>' }, { policy: 'public' });
    await addUsers(wiki, [{ login: 'alice', name: 'Alice Martin', email: 'alice@example.org' }]);
    wiki.db.prepare("UPDATE users SET email = 'admin@example.org' WHERE login = 'admin'").run();
    const admin = await clientAs(wiki, 'admin');
    expect((await admin.savePage('/team/handbook/onboarding', '# Onboarding\n\nWelcome to the team.\n')).statusCode).toBe(303);
    await admin.get('/_/admin/webhooks');
    await admin.post('/_/admin/webhooks?do=settings', { webhooks_private: 'on' });
    await admin.get('/_/admin/webhooks');
    await admin.post('/_/admin/webhooks', { url: receiver.url, secret: 'a-secret', events: ['page.saved', 'page.deleted'], ns: 'team' });
    base = await listen(wiki);
    fs.mkdirSync(SHOTS, { recursive: true });
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: WIDE });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  });

  afterAll(async () => {
    await browser?.close();
    await wiki?.close();
    await smtp?.close();
    await receiver?.close();
  });

  const pageTools = () => page.getByRole('navigation', { name: 'Page tools' });

  it('subscribes through the page tool, and the next change is mailed', async () => {
    await page.goto(`${base}/_/login`);
    await page.getByLabel('Login name').fill('alice');
    await page.getByLabel('Password', { exact: true }).fill(USER_PASSWORD);
    await page.getByRole('main').getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${base}/`);

    await page.goto(`${base}/team/handbook/onboarding`);
    await pageTools().getByRole('link', { name: 'Subscribe' }).click();
    await page.waitForURL(`${base}/team/handbook/onboarding?do=subscribe`);
    await page.getByRole('radio', { name: 'Every page in the namespace team:handbook:' }).check();
    await page.getByRole('radio', { name: 'a mail for every change' }).check();
    await page.getByRole('main').getByRole('button', { name: 'Subscribe' }).click();
    await page.waitForURL(`${base}/team/handbook/onboarding`);
    await pageTools().getByRole('link', { name: 'Manage subscriptions' }).waitFor();
    expect(wiki.db.prepare('SELECT login, target, style FROM subscriptions').all()).toEqual([{ login: 'alice', target: 'team:handbook:', style: 'every' }]);

    const admin = await clientAs(wiki, 'admin');
    expect((await admin.savePage('/team/handbook/onboarding', '# Onboarding\n\nWelcome to the team, again.\n', { summary: 'warmer welcome' })).statusCode).toBe(303);
    const [mail] = await smtp.waitFor(1, (received) => received.to.includes('alice@example.org'));
    expect(mail?.subject).toBe('[Quire] team:handbook:onboarding changed by admin');
    unsubscribeLink = /<([^>]+)>/.exec(mail?.header('list-unsubscribe') ?? '')?.[1] ?? '';
    expect(unsubscribeLink).toMatch(/\/_\/unsubscribe\?s=\d+&token=/);
    await receiver.waitFor(1);
  });

  it('asks for a password reset link', async () => {
    const anonymous = await browser.newContext({ viewport: WIDE });
    const visitor = await anonymous.newPage();
    await visitor.goto(`${base}/_/login`);
    await visitor.getByRole('link', { name: 'Forgot your password?' }).click();
    await visitor.getByLabel('Login name or e-mail address').fill('alice@example.org');
    await visitor.getByRole('button', { name: 'Send the link' }).click();
    await visitor.getByRole('status').getByText('If an account with this name or address exists').waitFor();
    const [mail] = await smtp.waitFor(1, (received) => received.subject.includes('Choose a new password'));
    resetLink = /(\/_\/login\/reset\?token=[\w-]+)/.exec(mail?.text ?? '')?.[1] ?? '';
    expect(resetLink).not.toBe('');
    await anonymous.close();
  });

  const screens: { name: string; url: () => string; who: 'alice' | 'admin' | null; then?: (page: Page) => Promise<void> }[] = [
    { name: 'subscribe', url: () => '/team/handbook/onboarding?do=subscribe', who: 'alice' },
    { name: 'profile-subscriptions', url: () => '/_/profile#subscriptions', who: 'alice' },
    { name: 'reset-ask', url: () => '/_/login/reset', who: null },
    { name: 'reset-new-password', url: () => resetLink, who: null },
    { name: 'reset-invalid', url: () => '/_/login/reset?token=not-a-valid-token-at-all', who: null },
    { name: 'unsubscribe', url: () => unsubscribeLink.replace(/^https?:\/\/[^/]+/, ''), who: null },
    { name: 'admin-notifications', url: () => '/_/admin/notifications', who: 'admin' },
    { name: 'admin-webhooks', url: () => '/_/admin/webhooks', who: 'admin' },
    { name: 'admin-webhook', url: () => '/_/admin/webhooks/1', who: 'admin' },
    {
      name: 'admin-config-mail',
      url: () => '/_/admin/config',
      who: 'admin',
      then: async (shown) => {
        await shown.getByRole('button', { name: 'Send a test mail to me' }).click();
        await shown.getByText('The test mail was sent to admin@example.org.').waitFor();
      },
    },
  ];

  it.each(screens)('$name fits a phone, has no serious violation, and is photographed', async ({ name, url, who, then }) => {
    await context.clearCookies();
    if (who) await context.addCookies([{ name: SESSION_COOKIE, value: createSessionStore(wiki.db).create(who, false).id, url: base }]);
    for (const [size, viewport] of [['wide', WIDE], ['phone', PHONE]] as const) {
      await page.setViewportSize(viewport);
      await page.goto(`${base}${url()}`);
      await page.locator('main#content').waitFor();
      if (then && size === 'wide') await then(page);
      await page.screenshot({ path: path.join(SHOTS, `${name}-${size}.png`), fullPage: true });
    }
    const fit = await page.evaluate(() => {
      const viewport = window.innerWidth;
      const wide = [...document.querySelectorAll<HTMLElement>('body *')]
        .filter((element) => element.getBoundingClientRect().right > viewport)
        .slice(0, 5)
        .map((element) => `${element.tagName.toLowerCase()}${[...element.classList].map((c) => `.${c}`).join('')}`);
      return { scrollWidth: document.documentElement.scrollWidth, viewport, wide };
    });
    expect(fit.scrollWidth, `wider than a phone: ${fit.wide.join(', ')}`).toBeLessThanOrEqual(fit.viewport);
    // Evaluated through the DevTools protocol: the page's CSP (no inline script) is not in the way.
    await page.evaluate(AXE_SOURCE);
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
      const result = await axe.run(document, { resultTypes: ['violations'] });
      return result.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
    });
    expect(violations).toEqual([]);
  });

  it('no script error on any screen', () => {
    expect(pageErrors).toEqual([]);
    console.info(`notification screens photographed in ${SHOTS}`);
  });
});
