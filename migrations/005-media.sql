-- Media files (SPEC §3 media manager): the current file of each media id, and every revision with
-- its bytes, so that backups and the one-transaction rule cover media as they cover pages.

-- One row per media file that currently exists; a deleted file has no row here but keeps its
-- revisions. The bytes are those of revision `rev` in media_revisions (stored once).
CREATE TABLE media (
  id       TEXT PRIMARY KEY,            -- a media id: 'wiki:logo.png', 'logo.png' in the root
  ns       TEXT NOT NULL,               -- its namespace ('' for the root), for listing
  rev      INTEGER NOT NULL,
  type     TEXT NOT NULL,               -- Content-Type, from the name's extension
  size     INTEGER NOT NULL,
  modified INTEGER NOT NULL,            -- ms since epoch
  author   TEXT                         -- login; NULL for anonymous uploads or external changes
);
CREATE INDEX media_ns ON media (ns);

-- Every upload, overwrite and delete; rev counts 1, 2, 3 … per media id and continues after a
-- delete. `data` is NULL for a delete. Metadata first, bytes last (read without the overflow pages).
CREATE TABLE media_revisions (
  media_id TEXT NOT NULL,
  rev      INTEGER NOT NULL,
  modified INTEGER NOT NULL,
  author   TEXT,
  ip       TEXT,
  summary  TEXT NOT NULL DEFAULT '',
  kind     TEXT NOT NULL CHECK (kind IN ('create', 'edit', 'delete')),
  type     TEXT NOT NULL,
  size     INTEGER NOT NULL,
  data     BLOB,
  PRIMARY KEY (media_id, rev)
);
CREATE INDEX media_revisions_modified ON media_revisions (modified DESC);
