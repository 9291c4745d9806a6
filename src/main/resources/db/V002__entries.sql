-- Entries and their identities. TODO(issue 5): final shape.
CREATE TABLE entries (
  id          TEXT PRIMARY KEY,
  data        TEXT NOT NULL,
  published   INTEGER NOT NULL,
  updated     INTEGER NOT NULL,
  first_seen  INTEGER NOT NULL
);
CREATE TABLE identity_keys (
  kind     TEXT NOT NULL,
  value    TEXT NOT NULL,
  entry_id TEXT NOT NULL REFERENCES entries(id),
  PRIMARY KEY (kind, value)
);
CREATE TABLE entry_sources (
  entry_id  TEXT NOT NULL REFERENCES entries(id),
  source_id TEXT NOT NULL,
  accepted  INTEGER NOT NULL,
  PRIMARY KEY (entry_id, source_id)
);
