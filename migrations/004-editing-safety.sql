-- Editing safety (SPEC §6) and the page lifecycle: edit locks, editor drafts, redirects left by renames.

-- One lock per page: holder is 'user:LOGIN' or 'visitor:HASH' (an anonymous editor's visitor cookie,
-- hashed); label is what the 423 screen shows (the login, or the IP of an anonymous editor).
CREATE TABLE locks (
  page_id TEXT PRIMARY KEY,
  holder  TEXT NOT NULL,
  label   TEXT NOT NULL,
  expires INTEGER NOT NULL              -- ms since epoch; an expired row is no lock
) WITHOUT ROWID;
CREATE INDEX locks_holder ON locks (holder);

-- The editor's autosaved text, one per page and owner (same identities as locks.holder).
CREATE TABLE drafts (
  page_id  TEXT NOT NULL,
  owner    TEXT NOT NULL,
  text     TEXT NOT NULL,
  summary  TEXT NOT NULL DEFAULT '',
  minor    INTEGER NOT NULL DEFAULT 0 CHECK (minor IN (0, 1)),
  base_rev INTEGER,                     -- the revision the editor was opened on; NULL for a new page
  saved    INTEGER NOT NULL,
  PRIMARY KEY (page_id, owner)
);
CREATE INDEX drafts_owner ON drafts (owner);

-- A renamed page's old id answers 301 to its new id until a page is created there.
CREATE TABLE redirects (
  from_id TEXT PRIMARY KEY,
  to_id   TEXT NOT NULL,
  created INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX redirects_to ON redirects (to_id);
