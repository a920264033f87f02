// The interface in French, in a real browser (SPEC §4): a user who chooses French in the profile
// reads the wiki in French while visitors keep English; then the admin makes French the site's
// language, and every visitor gets it, plugins included.
import type { AddressInfo } from 'node:net';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestWiki, type TestWiki } from '../helpers/wiki.js';
import { addUsers, USER_PASSWORD } from '../http/accounts-support.js';


describe('the interface in French', () => {
  let wiki: TestWiki;
  let browser: Browser;
  let base: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    wiki = await createTestWiki({}, { policy: 'public' });
    await addUsers(wiki, [{ login: 'marie', name: 'Marie' }]);
    await wiki.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(wiki.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await wiki?.close();
  });

  async function visit(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return { context, page };
  }

  async function logIn(page: Page, login: string, password: string): Promise<void> {
    await page.goto(`${base}/_/login`);
    await page.getByLabel('Login name').fill(login);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('main').getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${base}/`);
  }

  const lang = (page: Page) => page.locator('html').getAttribute('lang');

  it('a user who chooses French reads the wiki in French; visitors keep English', async () => {
    const { context, page } = await visit();
    await logIn(page, 'marie', USER_PASSWORD);
    await page.getByRole('navigation', { name: 'User tools' }).getByRole('link', { name: 'Profile' }).click();
    await page.getByLabel('Language').selectOption('fr');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByRole('heading', { name: 'Votre profil' }).waitFor();
    expect(await lang(page)).toBe('fr');

    await page.goto(`${base}/`);
    await page.getByRole('navigation', { name: 'Outils de la page' }).getByRole('link', { name: 'Modifier cette page' }).waitFor();
    await page.getByRole('navigation', { name: 'Outils pour utilisateurs' }).getByText('Connecté en tant que Marie').waitFor();
    await page.getByRole('button', { name: 'Rechercher' }).waitFor();
    expect(await lang(page)).toBe('fr');
    await context.close();

    const visitor = await visit();
    await visitor.page.goto(`${base}/`);
    await visitor.page.getByRole('navigation', { name: 'Page tools' }).waitFor();
    expect(await lang(visitor.page)).toBe('en');
    await visitor.context.close();
  }, 60_000);

  it('the admin makes French the site language: every visitor gets it, plugins included', async () => {
    const { context, page } = await visit();
    await logIn(page, 'admin', ADMIN_PASSWORD);
    await page.goto(`${base}/_/admin/config`);
    await page.getByLabel('Language of the site').selectOption('fr');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Les réglages ont été enregistrés.').waitFor();
    await page.getByRole('heading', { name: 'Réglages du site' }).waitFor();
    expect(await lang(page)).toBe('fr');
    await context.close();

    const visitor = await visit();
    await visitor.page.goto(`${base}/`);
    expect(await lang(visitor.page)).toBe('fr');
    await visitor.page.getByRole('navigation', { name: 'Outils de la page' }).getByRole('link', { name: 'Anciennes révisions' }).waitFor();
    await visitor.page.getByText('Non connecté').waitFor();
    await visitor.page.getByText('Propulsé par Quire').waitFor();
    await visitor.page.getByText(/Dernière modification : .* par /).waitFor();

    await visitor.page.goto(`${base}/_/plugin/iphelper?ip=10.0.0.0&prefix=8`);
    await visitor.page.getByRole('heading', { name: 'Calculatrice de sous-réseau', level: 1 }).waitFor();
    await visitor.page.getByRole('textbox', { name: 'Adresse IP' }).waitFor();
    const usable = await visitor.page.locator('[data-field="usable"]').textContent();
    expect(usable).toBe(new Intl.NumberFormat('fr').format(16_777_214));
    await visitor.context.close();
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
