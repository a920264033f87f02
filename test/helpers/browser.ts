// Real-browser tests: Debian's Chromium driven by playwright-core against a wiki listening on a
// random local port. .ci/run installs Chromium, so a missing browser is a failure, not a skip.
// Every page of every browser test is watched for Content-Security-Policy violations (issue 13):
// closing a browser that saw one fails the test file, unless the test took them (a test that
// frames the wiki on purpose expects its violation).
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { TestWiki } from './wiki.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const violations = new WeakMap<Browser, string[]>();

// Runs in every document before its own scripts; the event says which directive refused what.
function reportViolations(): void {
  document.addEventListener('securitypolicyviolation', (event) => {
    const target = event.target instanceof Element ? `${event.target.tagName.toLowerCase()}${[...event.target.classList].map((name) => `.${name}`).join('')}` : 'the document';
    console.error(`CSP violation: ${event.violatedDirective} refused ${event.blockedURI || 'inline'} on ${target} in ${event.documentURI}`);
  });
}

// Chromium's own editing (typing over a selection of several lines, as fill() does) writes a
// style attribute on a line of the CodeMirror editor. The CSP blocks it, harmlessly: CodeMirror
// draws the line again. It is the browser's doing, not the page's, so it fails no test.
const BROWSERS_OWN = /^CSP violation: style-src-attr refused inline on div\.cm-line[.\w-]* in /;

function watch(page: Page, seen: string[]): void {
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() !== 'error' || BROWSERS_OWN.test(text)) return;
    // Chromium's own line for an inline style names no element: the event's line above does.
    if (text.startsWith('Applying inline style violates')) return;
    if (text.startsWith('CSP violation:') || text.includes('Content Security Policy')) seen.push(text);
  });
}

async function watchContext(context: BrowserContext, seen: string[]): Promise<BrowserContext> {
  await context.addInitScript(reportViolations);
  for (const page of context.pages()) watch(page, seen);
  context.on('page', (page) => watch(page, seen));
  return context;
}

export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const seen: string[] = [];
  violations.set(browser, seen);
  // browser.newPage() makes its context through newContext(), so both are watched.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => watchContext(await newContext(options), seen);
  const close = browser.close.bind(browser);
  browser.close = async (options) => {
    await close(options);
    if (seen.length > 0) throw new Error(`Content-Security-Policy violations:\n${[...new Set(seen)].join('\n')}`);
  };
  return browser;
}

/** The CSP violations this browser saw so far, forgotten once taken (for a test that expects some). */
export function takeCspViolations(browser: Browser): string[] {
  const seen = violations.get(browser) ?? [];
  return seen.splice(0, seen.length);
}

/** Starts the wiki's server on a free port and returns its base URL. */
export async function listen(wiki: TestWiki): Promise<string> {
  await wiki.app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(wiki.app.server.address() as AddressInfo).port}`;
}
