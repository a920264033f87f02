// The interwiki map (`[[wp>Page]]`): shortcut → URL template, read once and again after a change.
// All interwiki SQL lives here.
import type { Db } from '../db.js';

export type InterwikiStore = ReturnType<typeof createInterwikiStore>;

export function createInterwikiStore(db: Db) {
  const q = {
    all: db.prepare<[], { name: string; url: string }>('SELECT name, url FROM interwiki ORDER BY name'),
    clear: db.prepare('DELETE FROM interwiki'),
    insert: db.prepare('INSERT OR REPLACE INTO interwiki (name, url) VALUES (?, ?)'),
    dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
  };
  let cached: ReadonlyMap<string, string> | null = null;
  let seenVersion = -1;

  // PRAGMA data_version moves when another connection (an import from the command line) writes.
  function map(): ReadonlyMap<string, string> {
    const version = q.dataVersion.get() ?? 0;
    if (cached === null || version !== seenVersion) {
      cached = new Map(q.all.all().map((row) => [row.name, row.url]));
      seenVersion = version;
    }
    return cached;
  }

  const replaceAll = db.transaction((entries: ReadonlyMap<string, string>) => {
    q.clear.run();
    for (const [name, url] of entries) q.insert.run(name.toLowerCase(), url);
  });

  return {
    map,
    /** Replaces the whole map (an import brings the source wiki's). */
    replace(entries: ReadonlyMap<string, string>): void {
      replaceAll(entries);
      cached = null;
    },
  };
}
