// The recent-changes feed as XML (SPEC §3 /_/feed): Atom 1.0 by default, RSS 2.0 on request. Pure:
// every value goes through xmlEscape, and every link is absolute. An entry may carry the change
// itself (DokuWiki's content modes): a text diff, or HTML made by the renderer or the diff template,
// written as escaped text — never as markup of the feed. Summaries are text: Atom says so
// (type="text"), and an RSS <description> holds HTML, so there text is escaped as HTML first
// (a summary `<svg onload=…>` once ran in feed readers that render descriptions).
import { XML_DECLARATION, xmlEscape as x } from './xml.js';

export interface FeedEntry {
  /** A stable, unique URL for this change (the revision). */
  key: string;
  title: string;
  link: string;
  modified: number;
  author: string;
  /** Plain text. */
  summary: string;
  /** The change as HTML (a rendered page, a diff table), already escaped where it holds text. */
  html?: string;
  /** The change as plain text (a diff). */
  text?: string;
}

export interface Feed {
  title: string;
  description: string;
  lang: string;
  /** The feed's own URL, query included. */
  self: string;
  /** The HTML page the feed follows (/_/recent). */
  page: string;
  /** What relative links inside entries' HTML are relative to: the wiki's URL with a trailing slash. */
  base: string;
  entries: readonly FeedEntry[];
}

const iso = (ms: number) => new Date(ms).toISOString();

export function atomFeed(feed: Feed): string {
  const updated = feed.entries[0]?.modified ?? 0;
  const entries = feed.entries.map((entry) =>
    [
      '<entry>',
      `<title type="text">${x(entry.title)}</title>`,
      `<id>${x(entry.key)}</id>`,
      `<link rel="alternate" type="text/html" href="${x(entry.link)}"/>`,
      `<updated>${iso(entry.modified)}</updated>`,
      `<author><name>${x(entry.author)}</name></author>`,
      `<summary type="text">${x(entry.summary)}</summary>`,
      ...(entry.html !== undefined ? [`<content type="html">${x(entry.html)}</content>`] : entry.text !== undefined ? [`<content type="text">${x(entry.text)}</content>`] : []),
      '</entry>',
    ].join(''),
  );
  return [
    XML_DECLARATION,
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${x(feed.lang)}" xml:base="${x(feed.base)}">`,
    `<title type="text">${x(feed.title)}</title>`,
    `<subtitle type="text">${x(feed.description)}</subtitle>`,
    `<id>${x(feed.self)}</id>`,
    `<link rel="self" type="application/atom+xml" href="${x(feed.self)}"/>`,
    `<link rel="alternate" type="text/html" href="${x(feed.page)}"/>`,
    `<updated>${iso(updated)}</updated>`,
    '<generator>Quire</generator>',
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}

export function rssFeed(feed: Feed): string {
  const updated = feed.entries[0]?.modified ?? 0;
  const items = feed.entries.map((entry) =>
    [
      '<item>',
      `<title>${x(entry.title)}</title>`,
      `<link>${x(entry.link)}</link>`,
      `<guid isPermaLink="false">${x(entry.key)}</guid>`,
      `<pubDate>${new Date(entry.modified).toUTCString()}</pubDate>`,
      `<dc:creator>${x(entry.author)}</dc:creator>`,
      // RSS readers show a description as HTML: plain text is escaped for HTML first.
      `<description>${x(entry.html ?? (entry.text !== undefined ? `<pre>${x(entry.text)}</pre>` : x(entry.summary)))}</description>`,
      '</item>',
    ].join(''),
  );
  return [
    XML_DECLARATION,
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '<channel>',
    `<title>${x(feed.title)}</title>`,
    `<link>${x(feed.page)}</link>`,
    `<description>${x(x(feed.description))}</description>`,
    `<language>${x(feed.lang)}</language>`,
    `<atom:link rel="self" type="application/rss+xml" href="${x(feed.self)}"/>`,
    `<lastBuildDate>${new Date(updated).toUTCString()}</lastBuildDate>`,
    '<generator>Quire</generator>',
    ...items,
    '</channel>',
    '</rss>',
    '',
  ].join('\n');
}
