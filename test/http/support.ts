// What the HTTP tests share: a fresh wiki per test, a look into its page store, and the checks
// every HTML response must pass (site layout, no stack trace, _csrf in every POST form).
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { createPageStore, type PageStore } from '../../src/pages/store.js';
import { createTestWiki, type TestWiki } from '../helpers/wiki.js';

export const SITE_TITLE = 'Quire';

/** A new wiki on its own data directory, seeded with `start` and `wiki:syntax` (one revision each). */
export async function openWiki(): Promise<TestWiki> {
  // These tests browse and edit anonymously: the "open" policy (SPEC §5) lets anyone edit.
  return createTestWiki({}, { policy: 'open' });
}

/** The page store over the wiki's database, to check what a request did or did not change. */
export function storeOf(wiki: TestWiki): PageStore {
  return createPageStore(wiki.db);
}

/** An HTML page in the site layout, not a framework's JSON or plain-text reply. */
export function expectLayoutPage(response: LightMyRequestResponse, status: number): void {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^text\/html/);
  expect(response.body).toMatch(/^<!doctype html>/i);
  expect(response.body).toContain(`<a class="site-title" href="/">${SITE_TITLE}</a>`);
}

export function expectNoStackTrace(body: string): void {
  expect(body).not.toMatch(/^\s*at .+:\d+:\d+\)?$/m);
  expect(body).not.toContain('Error:');
  expect(body).not.toContain('node_modules');
  expect(body).not.toMatch(/\.[jt]s:\d+/);
}

/** An error page: in the layout, no stack trace, the status in the heading and, when given, the field named. */
export function expectErrorPage(response: LightMyRequestResponse, status: number, field?: string): void {
  expectLayoutPage(response, status);
  expectNoStackTrace(response.body);
  expect(response.body).toContain(`(${status})`);
  if (field) expect(response.body).toContain(`“${field}”`);
}

/** Every <form method="post"> of the page, opening tag to closing tag. */
export function postForms(html: string): string[] {
  return [...html.matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/g)]
    .map((match) => match[0])
    .filter((form) => /^<form\b[^>]*\bmethod="post"/i.test(form));
}

export function expectCsrfInEveryPostForm(html: string): void {
  const forms = postForms(html);
  expect(forms.length).toBeGreaterThan(0);
  for (const form of forms) expect(form).toMatch(/<input type="hidden" name="_csrf" value="[^"]+">/);
}

function unescapeHtml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The text of the editor's textarea (name="text"), unescaped; null when there is none. */
export function editorText(html: string): string | null {
  const match = /<textarea\b[^>]*\bname="text"[^>]*>([\s\S]*?)<\/textarea>/.exec(html);
  return match ? unescapeHtml(match[1] ?? '') : null;
}

/** The text of the read-only source textarea, unescaped; null when there is none. */
export function sourceText(html: string): string | null {
  const match = /<textarea\b[^>]*\breadonly\b[^>]*>([\s\S]*?)<\/textarea>/.exec(html);
  return match ? unescapeHtml(match[1] ?? '') : null;
}

export function baseRevOf(html: string): string | null {
  return /name="base_rev" value="(\d*)"/.exec(html)?.[1] ?? null;
}

/** content of <meta name="NAME">, or null when the tag is absent. */
export function metaOf(html: string, name: string): string | null {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`<meta name="${escaped}" content="([^"]*)">`).exec(html)?.[1] ?? null;
}

/** The class of the first link to `href` in the page content. */
export function linkClass(html: string, href: string): string | null {
  const content = html.slice(html.indexOf('<main'));
  for (const match of content.matchAll(/<a\b[^>]*>/g)) {
    const tag = match[0];
    if (tag.includes(` href="${href}"`)) return /\bclass="([^"]*)"/.exec(tag)?.[1] ?? '';
  }
  return null;
}

/** The revision numbers of a revisions list, in the order shown. */
export function listedRevisions(html: string): number[] {
  return [...html.matchAll(/<input type="checkbox" name="rev2" value="(\d+)"/g)].map((match) => Number(match[1]));
}

/** A urlencoded POST with exactly the fields given (no CSRF token added). */
export function formBody(fields: Record<string, string | string[]>): string {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  }
  return body.toString();
}
