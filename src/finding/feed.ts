// The recent-changes feed as XML (SPEC §3 /_/feed): Atom 1.0 by default, RSS 2.0 on request. Pure:
// every value goes through xmlEscape, and every link is absolute.
import { XML_DECLARATION, xmlEscape as x } from './xml.js';

export interface FeedEntry {
  /** A stable, unique URL for this change (the revision). */
  key: string;
  title: string;
  link: string;
  modified: number;
  author: string;
  summary: string;
}

export interface Feed {
  title: string;
  description: string;
  lang: string;
  /** The feed's own URL, query included. */
  self: string;
  /** The HTML page the feed follows (/_/recent). */
  page: string;
  entries: readonly FeedEntry[];
}

const iso = (ms: number) => new Date(ms).toISOString();

export function atomFeed(feed: Feed): string {
  const updated = feed.entries[0]?.modified ?? 0;
  const entries = feed.entries.map((entry) =>
    [
      '<entry>',
      `<title>${x(entry.title)}</title>`,
      `<id>${x(entry.key)}</id>`,
      `<link rel="alternate" type="text/html" href="${x(entry.link)}"/>`,
      `<updated>${iso(entry.modified)}</updated>`,
      `<author><name>${x(entry.author)}</name></author>`,
      `<summary>${x(entry.summary)}</summary>`,
      '</entry>',
    ].join(''),
  );
  return [
    XML_DECLARATION,
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${x(feed.lang)}">`,
    `<title>${x(feed.title)}</title>`,
    `<subtitle>${x(feed.description)}</subtitle>`,
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
      `<description>${x(entry.summary)}</description>`,
      '</item>',
    ].join(''),
  );
  return [
    XML_DECLARATION,
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '<channel>',
    `<title>${x(feed.title)}</title>`,
    `<link>${x(feed.page)}</link>`,
    `<description>${x(feed.description)}</description>`,
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
