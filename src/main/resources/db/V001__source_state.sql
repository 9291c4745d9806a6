-- Fetch bookkeeping per source; survives restarts so a backing-off source is not hammered.
CREATE TABLE source_state (
  source_id            TEXT PRIMARY KEY,
  configured_url       TEXT NOT NULL,
  effective_url        TEXT,
  etag                 TEXT,
  last_modified        TEXT,
  body_hash            TEXT,
  last_attempt         INTEGER,
  last_success         INTEGER,
  last_status          INTEGER NOT NULL DEFAULT 0,
  last_error           TEXT,
  warning              TEXT,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  next_due             INTEGER,
  disabled_reason      TEXT,
  feed_title           TEXT
);
