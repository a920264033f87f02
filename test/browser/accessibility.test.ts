// Accessibility of every screen in a real browser (SPEC §4): nothing scrolls sideways on a 375 px
// wide phone, axe-core finds no serious or critical violation there (all rules, light palette) nor
// a contrast failure on a wide screen in the dark palette, and the skip link is the first Tab stop
// and leads to the content.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMediaStore } from '../../src/media/store.js';
import { createSessionStore, SESSION_COOKIE } from '../../src/accounts/sessions.js';
import { launchBrowser, listen } from '../helpers/browser.js';
import { createTestWiki, type TestWiki } from '../helpers/wiki.js';
import { addUsers, clientAs } from '../http/accounts-support.js';

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 800 };
const TOC_PAGE = '/guide/headings';

const TOC_FIRST = '# Guide\n\nSee [[start]] and [[guide:nowhere]].\n\n## Install\n\nSteps.\n\n## Configure\n\nMore.\n\n## Use\n\nAnd more.\n';
// What tends to push a phone's page sideways: a wide table, a long line of code, a long address.
const TOC_SECOND =
  `${TOC_FIRST}\n| ${'column | '.repeat(8)}\n|${' --- |'.repeat(8)}\n| ${'someratherlongcellvalue | '.repeat(8)}\n\n` +
  '```\nconst aVeryLongIdentifierThatDoesNotFitOnAPhoneScreenAtAllAndMustWrap = 1;\n```\n\n' +
  'See https://example.org/a/very/long/address/that/does/not/fit/on/a/phone/screen/at/all?with=query&and=more\n\n' +
  '{{toolbox>iphelper}}\n';

type Who = 'anonymous' | 'admin' | 'french';

interface Screen {
  name: string;
  who: Who;
  url: string;
  /** What a person does after opening `url`, for screens reached through a form. */
  then?: (page: Page) => Promise<void>;
}

const SCREENS: Screen[] = [
  { name: 'start page', who: 'anonymous', url: '/' },
  { name: 'page with a table of contents', who: 'anonymous', url: TOC_PAGE },
  { name: 'old revision', who: 'anonymous', url: `${TOC_PAGE}?rev=1` },
  { name: 'missing page', who: 'anonymous', url: '/guide/nowhere' },
  { name: 'source', who: 'anonymous', url: '/start?do=source' },
  { name: 'revisions', who: 'anonymous', url: `${TOC_PAGE}?do=revisions` },
  { name: 'diff side by side', who: 'anonymous', url: `${TOC_PAGE}?do=diff&difftype=sidebyside` },
  { name: 'diff inline', who: 'anonymous', url: `${TOC_PAGE}?do=diff&difftype=inline` },
  { name: 'backlinks', who: 'anonymous', url: '/start?do=backlink' },
  { name: 'search results', who: 'anonymous', url: '/_/search?q=configure' },
  { name: 'recent changes', who: 'anonymous', url: '/_/recent' },
  { name: 'index', who: 'anonymous', url: '/_/index?ns=guide' },
  { name: 'login', who: 'anonymous', url: '/_/login' },
  {
    name: 'login refused',
    who: 'anonymous',
    url: '/_/login',
    then: async (page) => {
      await page.getByLabel('Login name').fill('admin');
      await page.getByLabel('Password').fill('not-the-password');
      await page.getByRole('main').getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('alert').waitFor();
    },
  },
  { name: 'register', who: 'anonymous', url: '/_/register' },
  { name: 'error 400', who: 'anonymous', url: '/foo%zz' },
  { name: 'editor', who: 'admin', url: `${TOC_PAGE}?do=edit` },
  {
    name: 'preview',
    who: 'admin',
    url: `${TOC_PAGE}?do=edit`,
    then: async (page) => {
      await page.getByRole('button', { name: 'Preview' }).click();
      await page.locator('#preview-heading').waitFor();
    },
  },
  { name: 'rename', who: 'admin', url: `${TOC_PAGE}?do=rename` },
  { name: 'delete', who: 'admin', url: `${TOC_PAGE}?do=delete` },
  { name: 'profile', who: 'admin', url: '/_/profile' },
  { name: 'admin hub', who: 'admin', url: '/_/admin' },
  { name: 'users', who: 'admin', url: '/_/admin/users' },
  { name: 'one user', who: 'admin', url: '/_/admin/users/marie' },
  { name: 'ACL', who: 'admin', url: '/_/admin/acl' },
  { name: 'config', who: 'admin', url: '/_/admin/config' },
  { name: 'iphelper page', who: 'admin', url: '/_/plugin/iphelper?ip=10.0.0.1&prefix=8' },
  { name: 'wordcount page', who: 'admin', url: '/_/plugin/wordcount/' },
  { name: 'media manager', who: 'anonymous', url: '/_/media?ns=guide' },
  { name: 'media manager with upload', who: 'admin', url: '/_/media?ns=guide' },
  { name: 'media file and its revisions', who: 'admin', url: '/_/media?ns=guide&id=guide:diagram.png' },
  { name: 'French: page with a table of contents', who: 'french', url: TOC_PAGE },
  { name: 'French: ACL', who: 'french', url: '/_/admin/acl' },
];

interface Finding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

const report = (findings: Finding[]): string =>
  findings.map((f) => `${f.impact} ${f.id}: ${f.help}\n    ${f.targets.join('\n    ')}`).join('\n');

describe('accessibility of every screen', () => {
  let wiki: TestWiki;
  let browser: Browser;
  let base: string;
  // axe-core comes from a server of its own, with a cache header, so Chromium compiles it once
  // per browser context instead of once per screen: that halves the time spent loading it.
  let axeServer: http.Server;
  let axeUrl: string;
  let context: BrowserContext;
  let page: Page;
  let sessionOf: Record<Who, string | null>;
  let actingAs: Who = 'anonymous';
  const pageErrors: string[] = [];

  beforeAll(async () => {
    wiki = await createTestWiki(); // the open policy: anonymous visitors may create, so a missing page offers it
    await addUsers(wiki, [
      { login: 'marie', name: 'Marie', email: 'marie@example.org', groups: ['editors'] },
      { login: 'admin-fr', name: 'Admine', groups: ['admin'] },
    ]);
    wiki.db.prepare("UPDATE users SET lang = 'fr' WHERE login = 'admin-fr'").run();
    const admin = await clientAs(wiki, 'admin');
    expect((await admin.savePage(TOC_PAGE, TOC_FIRST)).statusCode).toBe(303);
    expect((await admin.savePage(TOC_PAGE, TOC_SECOND)).statusCode).toBe(303);
    await admin.get('/_/admin/config');
    const settings = { title: 'Quire', lang: 'en', start: 'start', breadcrumbs: '10', registration: 'on', plugins: ['iphelper', 'wordcount'] };
    expect((await admin.post('/_/admin/config', settings)).statusCode).toBe(303);
    expect((await admin.post('/_/admin/acl', { scope: 'guide:*', subject: '@editors', level: '8' })).statusCode).toBe(303);
    const diagram = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#36c' } }).png().toBuffer();
    createMediaStore(wiki.db).save({ id: 'guide:diagram.png', data: diagram, author: 'admin' });

    axeServer = http.createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'max-age=3600' });
      response.end(AXE_SOURCE);
    });
    await new Promise<void>((resolve) => axeServer.listen(0, '127.0.0.1', resolve));
    axeUrl = `http://127.0.0.1:${(axeServer.address() as AddressInfo).port}/axe.min.js`;

    base = await listen(wiki);
    browser = await launchBrowser();
    const sessions = createSessionStore(wiki.db);
    sessionOf = { anonymous: null, admin: sessions.create('admin', false).id, french: sessions.create('admin-fr', false).id };
    // One page for the whole file, whose visitor changes with its cookies (actAs).
    context = await browser.newContext({ viewport: PHONE });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  });

  afterAll(async () => {
    await browser?.close();
    axeServer?.close();
    await wiki?.close();
  });

  /** Makes the page's visitor `who`: anonymous, or logged in with that user's session. */
  async function actAs(who: Who): Promise<void> {
    if (who === actingAs) return;
    await context.clearCookies();
    const session = sessionOf[who];
    if (session) await context.addCookies([{ name: SESSION_COOKIE, value: session, url: base }]);
    actingAs = who;
  }

  /** Runs axe-core in the page; returns its serious and critical violations. */
  async function axeViolations(rules?: string[]): Promise<Finding[]> {
    if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ url: axeUrl });
    return page.evaluate(async (only) => {
      const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
      const result = await axe.run(document, {
        resultTypes: ['violations'],
        ...(only ? { runOnly: { type: 'rule' as const, values: only } } : {}),
      });
      return result.violations
        .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
        .map((violation) => ({
          id: violation.id,
          impact: violation.impact ?? '',
          help: violation.help,
          targets: violation.nodes.map((node) => node.target.map(String).join(' ')),
        }));
    }, rules);
  }

  it.each(SCREENS)('$name: no serious violation, no sideways scrolling', async ({ who, url, then }) => {
    await actAs(who);
    await page.setViewportSize(PHONE);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(`${base}${url}`);
    await page.locator('main#content').waitFor();
    if (then) await then(page);

    const fit = await page.evaluate(() => {
      const viewport = window.innerWidth;
      const wide = [...document.querySelectorAll<HTMLElement>('body *')]
        .filter((element) => element.getBoundingClientRect().right > viewport)
        .slice(0, 5)
        .map((element) => `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${[...element.classList].map((c) => `.${c}`).join('')}`);
      return { scrollWidth: document.documentElement.scrollWidth, viewport, wide };
    });
    expect(fit.scrollWidth, `wider than a phone: ${fit.wide.join(', ')}`).toBeLessThanOrEqual(fit.viewport);

    const phone = await axeViolations();
    expect(phone, report(phone)).toEqual([]);

    await page.setViewportSize(DESKTOP);
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await axeViolations(['color-contrast']);
    expect(dark, `dark palette:\n${report(dark)}`).toEqual([]);
  });

  it('the skip link is the first Tab stop, and Enter on it moves focus to the main content', async () => {
    await actAs('anonymous');
    await page.setViewportSize(PHONE);
    await page.goto(`${base}${TOC_PAGE}`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe('#content');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'content');
    expect(page.url()).toBe(`${base}${TOC_PAGE}#content`);
  });

  it('every Tab stop of a page shows where the focus is', async () => {
    await actAs('admin'); // the most controls: user tools, page tools, a widget's form
    await page.setViewportSize(PHONE);
    await page.goto(`${base}${TOC_PAGE}`);
    const stops: { name: string; marked: boolean }[] = [];
    for (let i = 0; i < 100; i += 1) {
      await page.keyboard.press('Tab');
      const stop = await page.evaluate(() => {
        const element = document.activeElement;
        if (!element || element === document.body) return null;
        const style = getComputedStyle(element);
        const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
        const name = `${element.tagName.toLowerCase()} "${(element.textContent ?? '').trim().slice(0, 30) || element.getAttribute('name')}"`;
        return { name, marked: outlined || style.boxShadow !== 'none' };
      });
      if (!stop) break;
      stops.push(stop);
    }
    expect(stops.length).toBeGreaterThan(10);
    expect(stops.filter((stop) => !stop.marked).map((stop) => stop.name)).toEqual([]);
  });

  it('no script error on any screen', () => {
    expect(pageErrors).toEqual([]);
  });
});
