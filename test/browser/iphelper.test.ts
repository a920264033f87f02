// iphelper in a real browser (SPEC §8): typing in the widget placed in a page updates the results
// at once, with no form submit, using the very arithmetic module the server computes with.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { type Browser, type Page } from 'playwright-core';
import ts from 'typescript';
import { launchBrowser } from '../helpers/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestWiki, type TestWiki } from '../helpers/wiki.js';

const PAGE_PATH = '/network/tools';

/**
 * The browser loads tsc's output from dist/ (`npm run build`); the test writes the same two
 * dependency-free modules itself, so it needs no full build.
 */
function buildBrowserModules(): void {
  const out = new URL('../../dist/plugins/iphelper/', import.meta.url);
  fs.mkdirSync(out, { recursive: true });
  for (const name of ['subnet', 'widget']) {
    const source = fs.readFileSync(new URL(`../../src/plugins/iphelper/${name}.ts`, import.meta.url), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: true },
    });
    fs.writeFileSync(new URL(`${name}.js`, out), outputText);
  }
}

describe('iphelper computes as the user types', () => {
  let wiki: TestWiki;
  let browser: Browser;
  let page: Page;
  let base: string;
  const problems: string[] = [];

  beforeAll(async () => {
    buildBrowserModules();
    wiki = await createTestWiki(); // the open policy: anonymous visitors may edit
    const saved = await new Client(wiki.app).savePage(PAGE_PATH, '# Network tools\n\n{{toolbox>iphelper}}\n');
    expect(saved.statusCode).toBe(303);
    await wiki.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(wiki.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on('pageerror', (error) => problems.push(error.message));
    // The module scripts must load: a 404 for them would leave the widget without live results.
    page.on('response', (response) => {
      if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) problems.push(`${response.status()} ${response.url()}`);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await wiki?.close();
  });

  const widget = () => page.locator('section[data-widget="iphelper"]');
  const field = (name: string) => widget().locator(`[data-field="${name}"]`);
  /** Waits until the field shows exactly `text`. */
  const shows = (name: string, text: string) =>
    field(name)
      .filter({ hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`) })
      .waitFor();

  it('fills every result while typing, without submitting the form', async () => {
    await page.goto(`${base}${PAGE_PATH}`);
    await widget().getByRole('heading', { name: 'Subnet calculator' }).waitFor();
    const address = widget().getByRole('textbox', { name: 'IP address' });
    const prefix = widget().getByRole('textbox', { name: 'Prefix length or subnet mask' });

    await address.pressSequentially('192.168.10.77');
    await field('error').filter({ hasText: 'Give a prefix length' }).waitFor();
    await prefix.pressSequentially('26');
    await shows('network', '192.168.10.64');
    await shows('first', '192.168.10.65');
    await shows('last', '192.168.10.126');
    await shows('broadcast', '192.168.10.127');
    await shows('mask', '255.255.255.192');
    await shows('cidr', '192.168.10.64/26');
    await shows('usable', '62');
    await shows('reverse', '10.168.192.in-addr.arpa');
    await field('error').waitFor({ state: 'hidden' });

    await prefix.fill('255.255.255.252');
    await shows('cidr', '192.168.10.76/30');
    await shows('usable', '2');

    await prefix.fill('31');
    await shows('broadcast', '—');
    await shows('first', '192.168.10.76');
    await shows('last', '192.168.10.77');

    expect(page.url()).toBe(`${base}${PAGE_PATH}`);
  }, 60_000);

  it('computes IPv6 with full counts, and explains bad input next to the field', async () => {
    const address = widget().getByRole('textbox', { name: 'IP address' });
    const prefix = widget().getByRole('textbox', { name: 'Prefix length or subnet mask' });
    await address.fill('2001:DB8:abcd:12::1');
    await prefix.fill('64');
    await shows('network', '2001:db8:abcd:12::');
    await shows('mask', '/64');
    await shows('broadcast', '—');
    await shows('usable', '18,446,744,073,709,551,616');

    await prefix.fill('129');
    await field('error').filter({ hasText: 'The prefix length must be a whole number from 0 to 128.' }).waitFor();
    await widget().locator('.iphelper__results').waitFor({ state: 'hidden' });
    expect(await prefix.getAttribute('aria-invalid')).toBe('true');

    await prefix.fill('255.0.255.0');
    await field('error').filter({ hasText: 'A dotted subnet mask is for IPv4 addresses only' }).waitFor();
    await address.fill('10.0.0.1');
    await field('error').filter({ hasText: 'whose one bits are contiguous' }).waitFor();
    expect(await prefix.getAttribute('aria-invalid')).toBe('true');

    await address.fill('10.0.0.300');
    await field('error').filter({ hasText: 'This is not a valid IPv4 or IPv6 address.' }).waitFor();
    expect(await address.getAttribute('aria-invalid')).toBe('true');
    expect(await prefix.getAttribute('aria-invalid')).toBeNull();
    expect(page.url()).toBe(`${base}${PAGE_PATH}`);
    expect(problems).toEqual([]);
  }, 60_000);

  it('still works as a plain form: Calculate asks the server', async () => {
    const address = widget().getByRole('textbox', { name: 'IP address' });
    await address.fill('172.16.5.4');
    await widget().getByRole('textbox', { name: 'Prefix length or subnet mask' }).fill('12');
    await widget().getByRole('button', { name: 'Calculate' }).click();
    await page.waitForURL(`${base}/_/plugin/iphelper?ip=172.16.5.4&prefix=12`);
    await page.locator('[data-field="broadcast"]').filter({ hasText: /^172\.31\.255\.255$/ }).waitFor();
    expect(problems, problems.join('\n')).toEqual([]);
  }, 60_000);
});
