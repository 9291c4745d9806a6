-- The refresh hint in force at a source's last success (milliseconds: the longer of the
-- server's cache hint and the feed's own, at most a day; 0 for none). With it, a healthy
-- source's next poll can be worked out again from its last attempt and the interval in
-- feeds.yaml now, so a shortened interval takes effect at once rather than after the due time
-- the old one gave. NULL for rows saved before this column: they keep their stored due time.
ALTER TABLE source_state ADD COLUMN refresh_hint INTEGER;
