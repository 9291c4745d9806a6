package cc.microsolidarity.tributary.store;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.dedupe.EntryIds;
import cc.microsolidarity.tributary.dedupe.IdentityKeys;
import cc.microsolidarity.tributary.model.Entry;
import cc.microsolidarity.tributary.model.IdentityKey;
import cc.microsolidarity.tributary.model.Item;
import cc.microsolidarity.tributary.testing.OldSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database written by version 7 of the schema (entries referred to by their public id) is
 * numbered in place by V008: every entry keeps its id, content, dates, keys, sources and
 * tombstone, and the store goes on from where it was, seeing nothing new or edited.
 */
class EntryNumbersMigrationTest {
  static final String FEED_ID = "tag:microsolidarity.cc,2019:merged";
  static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

  @TempDir Path dir;
  private final Clock clock = Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC);
  private final EntryStore store = new EntryStore(clock);
  private final IdentityKeys identity = new IdentityKeys();
  private final EntryIds ids = new EntryIds();
  private final ItemCodec codec = new ItemCodec();

  private final Item ep1 = Item.builder().guid("ep1").title("One")
      .link("https://pod.example/ep1").published(T0.minusSeconds(7200)).build();
  private final Item ep2 = Item.builder().guid("ep2").title("Two")
      .link("https://pod.example/ep2").published(T0.minusSeconds(3600)).build();
  /** Was an entry of its own, then merged into ep1's when a feed showed both its keys. */
  private final Item oldCopy = Item.builder().guid("https://blog.example/one").title("One")
      .link("https://blog.example/one").published(T0.minusSeconds(7200)).build();

  @Test
  void aVersion7DatabaseKeepsEveryEntryAndTheStoreSeesNothingNew() throws Exception {
    Path file = dir.resolve("v7.db");
    String one = ids.mint(FEED_ID, keys("podcast", ep1).get(0));
    String two = ids.mint(FEED_ID, keys("podcast", ep2).get(0));
    String gone = ids.mint(FEED_ID, keys("blog", oldCopy).get(0));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      try (Statement s = c.createStatement()) {
        OldSchema.write(s, Database.MIGRATIONS.subList(0, 7));
      }
      // As version 7 of EntryStore wrote them: one, two, then the copy, since merged into one.
      insertEntry(c, one, ep1, "podcast", 1000, null);
      insertEntry(c, two, ep2, "podcast", 1001, null);
      insertEntry(c, gone, oldCopy, "blog", 1002, one);
      insertKeys(c, one, keys("podcast", ep1));
      insertKeys(c, one, keys("blog", oldCopy)); // moved to the survivor by the merge
      insertKeys(c, two, keys("podcast", ep2));
      link(c, one, "podcast", 1, 1000);
      link(c, one, "blog", 1, 1002); // moved to the survivor by the merge
      link(c, two, "podcast", 1, 1001);
      link(c, two, "search", 0, 1001); // rejected by that source's filter
    }

    try (Database db = Database.open(file)) {
      assertThat(db.schemaVersion()).isEqualTo(Database.MIGRATIONS.size());
      assertThat(query(db, "PRAGMA foreign_key_check")).isEmpty();
      assertThat(query(db, "PRAGMA integrity_check")).containsExactly("ok");
      assertThat(query(db, "SELECT id FROM entries ORDER BY seq"))
          .as("numbered in the order first stored").containsExactly(one, two, gone);

      List<Entry> feed = db.read(c -> store.visible(c, Set.of("podcast", "blog", "search"),
          10, 0));
      assertThat(feed).extracting(Entry::id).containsExactly(two, one);
      assertThat(feed.get(0).item()).isEqualTo(ep2);
      assertThat(feed.get(0).firstSeen()).isEqualTo(Instant.ofEpochMilli(1001));
      assertThat(feed.get(1).sourceIds()).containsExactly("podcast", "blog");
      Optional<String> resolved = db.read(c -> store.resolve(c, gone));
      assertThat(resolved).contains(one);
      Optional<Entry> tombstone = db.read(c -> store.byId(c, gone));
      assertThat(tombstone).isEmpty();
      assertThat(counts(db)).isEqualTo(Map.of("podcast", 2L, "blog", 1L));

      // The next fetches: the same items are unchanged (content, keys and links carried over),
      // the merged-away copy's key finds its survivor, and a new item comes after them all.
      String token = query(db, "SELECT token FROM entry_change").get(0);
      assertThat(store(db, "podcast", ep2, ep1)).isEqualTo(new StoreOutcome(0, 0, 0, 2, 0));
      assertThat(store(db, "blog", oldCopy)).isEqualTo(new StoreOutcome(0, 0, 0, 1, 0));
      assertThat(query(db, "SELECT token FROM entry_change").get(0))
          .as("nothing was written").isEqualTo(token);
      Item ep3 = Item.builder().guid("ep3").title("Three").published(T0).build();
      assertThat(store(db, "podcast", ep3)).isEqualTo(new StoreOutcome(1, 0, 0, 0, 0));
      List<Entry> podcast = db.read(c -> store.visible(c, Set.of("podcast"), 10, 0));
      assertThat(podcast).extracting(e -> e.item().title())
          .containsExactly("Three", "Two", "One");
      assertThat(query(db, "SELECT seq FROM entries WHERE id = '"
          + ids.mint(FEED_ID, keys("podcast", ep3).get(0)) + "'")).containsExactly("4");
      assertThat(counts(db)).isEqualTo(Map.of("podcast", 3L, "blog", 1L));
    }
  }

  @Test
  void theIndexesKeyedByAnEntryAreKeyedByItsNumber() {
    try (Database db = Database.open(dir.resolve("t.db"))) {
      assertThat(query(db, "SELECT name FROM sqlite_master WHERE type = 'index'"
          + " AND name NOT LIKE 'sqlite_autoindex_%' ORDER BY name"))
          .containsExactly("entries_by_published", "entries_merged", "entry_sources_by_source",
              "identity_keys_by_entry");
      assertThat(query(db, "SELECT name FROM pragma_index_info("
          + "'identity_keys_by_entry')")).containsExactly("entry_seq");
      assertThat(query(db, "SELECT name FROM pragma_table_info('entry_sources')"
          + " WHERE pk = 1")).containsExactly("entry_seq");
    }
  }

  private StoreOutcome store(Database db, String sourceId, Item... items) {
    List<Candidate> candidates = new ArrayList<>();
    for (Item item : items) {
      List<IdentityKey> keys = keys(sourceId, item);
      candidates.add(new Candidate(item, keys, ids.mint(FEED_ID, keys.get(0)), true));
    }
    return db.transaction(c -> store.store(c, sourceId, candidates));
  }

  private List<IdentityKey> keys(String sourceId, Item item) {
    return identity.of(sourceId, item, item.link(), List.of());
  }

  private void insertEntry(Connection c, String id, Item item, String sourceId, long firstSeen,
      String mergedInto) throws SQLException {
    ItemCodec.Encoded e = codec.encode(item);
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO entries(id, data, content_hash,"
        + " content_source, published, updated, first_seen, merged_into)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, id);
      ps.setString(2, e.json());
      ps.setString(3, e.contentHash());
      ps.setString(4, sourceId);
      ps.setLong(5, item.published().toEpochMilli());
      ps.setLong(6, item.published().toEpochMilli());
      ps.setLong(7, firstSeen);
      ps.setString(8, mergedInto);
      ps.executeUpdate();
    }
  }

  private static void insertKeys(Connection c, String entryId, List<IdentityKey> keys)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO identity_keys(kind, value, entry_id) VALUES (?, ?, ?)")) {
      for (IdentityKey k : keys) {
        ps.setString(1, k.kind().name());
        ps.setString(2, k.value());
        ps.setString(3, entryId);
        ps.executeUpdate();
      }
    }
  }

  private static void link(Connection c, String entryId, String sourceId, int accepted,
      long firstSeen) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO entry_sources(entry_id,"
        + " source_id, accepted, first_seen) VALUES (?, ?, ?, ?)")) {
      ps.setString(1, entryId);
      ps.setString(2, sourceId);
      ps.setInt(3, accepted);
      ps.setLong(4, firstSeen);
      ps.executeUpdate();
    }
  }

  private Map<String, Long> counts(Database db) {
    return db.read(store::countsBySource);
  }

  private static List<String> query(Database db, String sql) {
    return db.read(c -> rows(c, sql));
  }

  private static List<String> rows(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
