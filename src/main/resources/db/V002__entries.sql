-- Entries, their identity keys and the sources that carried them. Times are epoch millis UTC.
-- An entry row is never deleted: a merged-away entry keeps its row with merged_into set (a
-- tombstone), so its id is never minted again and never reappears.
CREATE TABLE entries (
  id             TEXT PRIMARY KEY,
  data           TEXT NOT NULL,
  content_hash   TEXT NOT NULL,
  content_source TEXT NOT NULL,
  published      INTEGER NOT NULL,
  updated        INTEGER NOT NULL,
  first_seen     INTEGER NOT NULL,
  merged_into    TEXT REFERENCES entries(id)
);
CREATE INDEX entries_by_published ON entries(published DESC, first_seen DESC, id);

-- Exactly-once: one owner per identity key, enforced by the primary key.
CREATE TABLE identity_keys (
  kind     TEXT NOT NULL,
  value    TEXT NOT NULL,
  entry_id TEXT NOT NULL REFERENCES entries(id),
  PRIMARY KEY (kind, value)
) WITHOUT ROWID;
CREATE INDEX identity_keys_by_entry ON identity_keys(entry_id);

-- Keys seen on several different items of one fetch (a podcast linking every episode to its
-- home page, a feed repeating one GUID): never an identity again.
CREATE TABLE ambiguous_keys (
  kind  TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (kind, value)
) WITHOUT ROWID;

-- Which sources carried an entry; accepted = 0 when that source's filters rejected it.
CREATE TABLE entry_sources (
  entry_id   TEXT NOT NULL REFERENCES entries(id),
  source_id  TEXT NOT NULL,
  accepted   INTEGER NOT NULL,
  first_seen INTEGER NOT NULL,
  PRIMARY KEY (entry_id, source_id)
) WITHOUT ROWID;
CREATE INDEX entry_sources_by_source ON entry_sources(source_id, accepted);
