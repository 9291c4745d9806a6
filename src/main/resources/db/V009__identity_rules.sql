-- The version of the canonical-form rules the stored LINK and ENCLOSURE identity keys were
-- made under (one row). When a rule changes (a tracking parameter learnt), keys stored before
-- it are rewritten once (KeyRules), so an item stored then still meets itself. Databases made
-- before this table were all made under the first rules.
CREATE TABLE identity_rules (version INTEGER NOT NULL);
INSERT INTO identity_rules(version) VALUES (1);
