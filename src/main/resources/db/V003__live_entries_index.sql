-- Live (not merged) entries by id. Counting a source's entries must skip tombstones, and
-- merged_into sits after the large data column, so reading it from the table walks every
-- entry's overflow pages; this partial index answers "is it live?" without the table.
CREATE INDEX entries_live ON entries(id) WHERE merged_into IS NULL;
