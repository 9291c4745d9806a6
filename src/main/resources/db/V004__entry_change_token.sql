-- A token that changes in the same transaction as every write to what the merged feed shows
-- (entries, and which sources carry them), so `poll` can tell cheaply that the outputs it
-- wrote last are still current. random() rather than a counter: two copies of one database
-- that go their own ways never end up with the same token.
CREATE TABLE entry_change (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  token INTEGER NOT NULL
);
INSERT INTO entry_change(id, token) VALUES (1, random());
CREATE TRIGGER entries_inserted AFTER INSERT ON entries BEGIN UPDATE entry_change SET token = random(); END;
CREATE TRIGGER entries_updated AFTER UPDATE ON entries BEGIN UPDATE entry_change SET token = random(); END;
CREATE TRIGGER entries_deleted AFTER DELETE ON entries BEGIN UPDATE entry_change SET token = random(); END;
CREATE TRIGGER entry_sources_inserted AFTER INSERT ON entry_sources BEGIN UPDATE entry_change SET token = random(); END;
CREATE TRIGGER entry_sources_updated AFTER UPDATE ON entry_sources BEGIN UPDATE entry_change SET token = random(); END;
CREATE TRIGGER entry_sources_deleted AFTER DELETE ON entry_sources BEGIN UPDATE entry_change SET token = random(); END;
