-- Pages, their complete revision history, the links of each current revision, site settings.

-- One row per page that currently exists; a deleted page has no row here but keeps its revisions.
CREATE TABLE pages (
  id        TEXT PRIMARY KEY,
  rev       INTEGER NOT NULL,
  title     TEXT,
  text      TEXT NOT NULL,
  size      INTEGER NOT NULL,
  modified  INTEGER NOT NULL,           -- ms since epoch
  author    TEXT,                       -- login; NULL for anonymous or external edits
  ip        TEXT
) WITHOUT ROWID;

-- Every saved state of every page, stored complete; rev counts 1, 2, 3 … per page id and
-- continues after a delete.
CREATE TABLE revisions (
  page_id    TEXT NOT NULL,
  rev        INTEGER NOT NULL,
  modified   INTEGER NOT NULL,
  author     TEXT,
  ip         TEXT,
  summary    TEXT NOT NULL DEFAULT '',
  minor      INTEGER NOT NULL DEFAULT 0 CHECK (minor IN (0, 1)),
  type       TEXT NOT NULL CHECK (type IN ('create', 'edit', 'minor', 'delete', 'revert', 'import', 'rename')),
  size       INTEGER NOT NULL,
  size_delta INTEGER NOT NULL,
  text       TEXT NOT NULL,
  PRIMARY KEY (page_id, rev)
);
CREATE INDEX revisions_modified ON revisions (modified DESC);

-- Internal links of each page's current revision (source of backlinks).
CREATE TABLE links (
  from_id TEXT NOT NULL,
  to_id   TEXT NOT NULL,
  PRIMARY KEY (from_id, to_id)
) WITHOUT ROWID;
CREATE INDEX links_to ON links (to_id, from_id);

-- Site settings edited by admins (title, language, start page …), JSON values.
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
