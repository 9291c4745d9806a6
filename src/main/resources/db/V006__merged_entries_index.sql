-- Tombstones by the entry they were merged into. A merge re-points the tombstones of the
-- entry it retires ("... WHERE id = ? OR merged_into = ?"); without this index that scanned
-- every entry, reading merged_into past each entry's large data column: 0.7 s a merge in a
-- 2 GB database, so a feed whose 50 items all merge at once (a platform move) held the single
-- writer for half a minute. Partial: only tombstones are indexed, and there are few.
CREATE INDEX entries_merged ON entries(merged_into) WHERE merged_into IS NOT NULL;
