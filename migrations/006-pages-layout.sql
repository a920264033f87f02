-- The pages table as a rowid table with the text last (001 first made it WITHOUT ROWID with the
-- text in the middle). SQLite reads a row's columns in order, so metadata before the text is read
-- without walking the text's overflow pages, and a rowid table keeps whole texts out of the b-tree
-- of ids. Rebuilt whatever shape an older database has; the rows are copied by column name.
CREATE TABLE pages_by_rowid (
  id        TEXT PRIMARY KEY,
  rev       INTEGER NOT NULL,
  title     TEXT,
  size      INTEGER NOT NULL,
  modified  INTEGER NOT NULL,           -- ms since epoch
  author    TEXT,                       -- login; NULL for anonymous or external edits
  ip        TEXT,
  text      TEXT NOT NULL
);
INSERT INTO pages_by_rowid (id, rev, title, size, modified, author, ip, text)
  SELECT id, rev, title, size, modified, author, ip, text FROM pages ORDER BY id;
DROP TABLE pages;
ALTER TABLE pages_by_rowid RENAME TO pages;
