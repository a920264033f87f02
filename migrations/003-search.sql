-- Full-text search (SPEC §3 /_/search): title and text of every current page, kept up to date
-- inside the save transaction by src/search.ts, and filled here from the pages that exist already.

-- FTS5 keys its rows by an integer; pages are keyed by id, so each indexed page gets a number here.
CREATE TABLE search_docs (
  doc INTEGER PRIMARY KEY,
  id  TEXT NOT NULL UNIQUE
);

-- Case- and accent-insensitive words ("eleve" finds "élève"); prefix indexes make "word*" cheap.
CREATE VIRTUAL TABLE search_index USING fts5 (
  title,
  text,
  tokenize = "unicode61 remove_diacritics 2",
  prefix = '2 3'
);

-- Control characters 2 and 3 mark the hits in snippets, so the indexed text never holds them.
INSERT INTO search_docs (id) SELECT id FROM pages ORDER BY id;
INSERT INTO search_index (rowid, title, text)
  SELECT d.doc, COALESCE(p.title, ''), replace(replace(p.text, char(2), ' '), char(3), ' ')
  FROM search_docs d JOIN pages p ON p.id = d.id;
