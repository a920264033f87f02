// wordcount's table: the word count of each page's current revision. All of the plugin's SQL is
// here; the table is the plugin's own, made at start when missing (no core migration needed).
import type { Db } from '../../db.js';

export interface WordCount {
  pageId: string;
  rev: number;
  words: number;
}

export type WordStore = ReturnType<typeof createWordStore>;

export function createWordStore(db: Db) {
  db.exec(`CREATE TABLE IF NOT EXISTS plugin_wordcount (
    page_id TEXT PRIMARY KEY,
    rev     INTEGER NOT NULL,
    words   INTEGER NOT NULL
  ) WITHOUT ROWID`);
  const q = {
    get: db.prepare<[string], WordCount>('SELECT page_id AS pageId, rev, words FROM plugin_wordcount WHERE page_id = ?'),
    set: db.prepare(
      `INSERT INTO plugin_wordcount (page_id, rev, words) VALUES (?, ?, ?)
       ON CONFLICT (page_id) DO UPDATE SET rev = excluded.rev, words = excluded.words`,
    ),
    remove: db.prepare('DELETE FROM plugin_wordcount WHERE page_id = ?'),
    move: db.prepare('UPDATE OR REPLACE plugin_wordcount SET page_id = ? WHERE page_id = ?'),
  };
  return {
    get: (pageId: string): WordCount | undefined => q.get.get(pageId),
    set(pageId: string, rev: number, words: number): void {
      q.set.run(pageId, rev, words);
    },
    remove(pageId: string): void {
      q.remove.run(pageId);
    },
    move(from: string, to: string): void {
      q.move.run(to, from);
    },
  };
}
