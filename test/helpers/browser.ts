// Real-browser tests: Debian's Chromium driven by playwright-core against a wiki listening on a
// random local port. .ci/run installs Chromium, so a missing browser is a failure, not a skip.
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import type { TestWiki } from './wiki.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Starts the wiki's server on a free port and returns its base URL. */
export async function listen(wiki: TestWiki): Promise<string> {
  await wiki.app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(wiki.app.server.address() as AddressInfo).port}`;
}
