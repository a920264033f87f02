-- Notifications (SPEC §14): subscriptions to pages and namespaces, one-time account links (password
-- reset, e-mail confirmation), webhook endpoints, and the outbox every mail and webhook delivery goes
-- through, written in the transaction of the change that causes it.

-- A user's subscription to a page ('ns:page') or a namespace ('ns:' with its trailing colon; ':' is
-- the whole wiki). One per user and target: subscribing again changes the style.
CREATE TABLE subscriptions (
  id      INTEGER PRIMARY KEY,
  login   TEXT NOT NULL REFERENCES users (login) ON DELETE CASCADE,
  target  TEXT NOT NULL,
  style   TEXT NOT NULL CHECK (style IN ('every', 'digest', 'list')),
  minor   INTEGER NOT NULL DEFAULT 0 CHECK (minor IN (0, 1)),  -- 1: minor edits too
  created INTEGER NOT NULL,
  UNIQUE (login, target)
);
CREATE INDEX subscriptions_target ON subscriptions (target);

-- One-time links mailed to a user: only a hash of the token is stored.
CREATE TABLE account_tokens (
  token_hash TEXT PRIMARY KEY,
  login      TEXT NOT NULL REFERENCES users (login) ON DELETE CASCADE,
  purpose    TEXT NOT NULL CHECK (purpose IN ('reset', 'confirm')),
  created    INTEGER NOT NULL,
  expires    INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX account_tokens_login ON account_tokens (login, purpose);

-- Where webhooks go. events: a JSON array of event names; ns: '' for the whole wiki; private: 1 also
-- sends events on pages anonymous visitors may not read.
CREATE TABLE webhooks (
  id      INTEGER PRIMARY KEY,
  url     TEXT NOT NULL,
  secret  TEXT NOT NULL,
  events  TEXT NOT NULL,
  ns      TEXT NOT NULL DEFAULT '',
  private INTEGER NOT NULL DEFAULT 0 CHECK (private IN (0, 1)),
  created INTEGER NOT NULL
);

-- Every mail and webhook delivery, pending until a worker sends it. destination: 'mail' or
-- 'webhook:ID' (one delivery at a time each); delivery: the unique id the receiver sees
-- (X-Quire-Delivery, the mail's Message-ID), the same on every retry. A worker claims a row by
-- setting state 'sending' with a lease; a lease that ran out, or whose holder died, is taken again.
-- dedupe: one pending digest per subscription and page (or per list subscription).
CREATE TABLE outbox (
  id          INTEGER PRIMARY KEY,
  delivery    TEXT NOT NULL UNIQUE,
  destination TEXT NOT NULL,
  kind        TEXT NOT NULL,
  payload     TEXT NOT NULL,             -- JSON
  state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'skipped')),
  dedupe      TEXT,
  attempts    INTEGER NOT NULL DEFAULT 0,
  created     INTEGER NOT NULL,
  due_at      INTEGER NOT NULL,
  claimed_by  TEXT,
  claimed_at  INTEGER,
  lease_until INTEGER,
  done_at     INTEGER,
  last_status INTEGER,                   -- the last HTTP status or SMTP reply code
  last_error  TEXT
);
CREATE INDEX outbox_due ON outbox (destination, state, due_at);
CREATE INDEX outbox_state ON outbox (state, due_at);
CREATE UNIQUE INDEX outbox_pending_dedupe ON outbox (dedupe) WHERE state = 'pending' AND dedupe IS NOT NULL;
CREATE INDEX outbox_dedupe ON outbox (dedupe, claimed_at) WHERE dedupe IS NOT NULL;
