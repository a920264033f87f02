-- Accounts and permissions: users and their groups, server-side sessions, ACL rules, API tokens.

CREATE TABLE users (
  login         TEXT PRIMARY KEY,         -- lower-case, [a-z0-9._-]{1,64}
  name          TEXT NOT NULL DEFAULT '',
  email         TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,            -- argon2id
  lang          TEXT,                     -- NULL: the site language
  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created       INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE user_groups (
  login TEXT NOT NULL REFERENCES users (login) ON DELETE CASCADE,
  name  TEXT NOT NULL,
  PRIMARY KEY (login, name)
) WITHOUT ROWID;
CREATE INDEX user_groups_name ON user_groups (name);

-- Only a hash of the session id is stored: a copy of the database opens no session.
CREATE TABLE sessions (
  id_hash    TEXT PRIMARY KEY,
  login      TEXT NOT NULL REFERENCES users (login) ON DELETE CASCADE,
  created    INTEGER NOT NULL,
  expires    INTEGER NOT NULL,
  persistent INTEGER NOT NULL CHECK (persistent IN (0, 1))
) WITHOUT ROWID;
CREATE INDEX sessions_login ON sessions (login);
CREATE INDEX sessions_expires ON sessions (expires);

-- subject is stored as entered ('@group' or a login) and matched case-insensitively.
CREATE TABLE acl_rules (
  scope   TEXT NOT NULL,
  subject TEXT NOT NULL COLLATE NOCASE,
  level   INTEGER NOT NULL,
  PRIMARY KEY (scope, subject)
);

-- The "public" policy of a new wiki (SPEC §5); the set-up screen may replace it.
INSERT INTO acl_rules (scope, subject, level) VALUES ('*', '@ALL', 1), ('*', '@user', 8);

CREATE TABLE api_tokens (
  id         INTEGER PRIMARY KEY,
  login      TEXT NOT NULL REFERENCES users (login) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created    INTEGER NOT NULL,
  last_used  INTEGER
);
CREATE INDEX api_tokens_login ON api_tokens (login);
