package cc.microsolidarity.tributary.store;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.dedupe.EntryIds;
import cc.microsolidarity.tributary.dedupe.IdentityKeys;
import cc.microsolidarity.tributary.model.Enclosure;
import cc.microsolidarity.tributary.model.IdentityKey;
import cc.microsolidarity.tributary.model.Item;
import cc.microsolidarity.tributary.model.Source;
import cc.microsolidarity.tributary.model.SourceKind;
import cc.microsolidarity.tributary.normalize.EnclosureCanonicalizer;
import cc.microsolidarity.tributary.normalize.ItemFilter;
import cc.microsolidarity.tributary.normalize.LinkCanonicalizer;
import cc.microsolidarity.tributary.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-source counts the schema's triggers keep (V005) always equal a recount over every
 * stored entry, whatever sequence of polls merged, re-accepted or rejected entries.
 */
class SourceCountsTest {
  static final String FEED_ID = "tag:microsolidarity.cc,2019:merged";
  static final List<Source> SOURCES = List.of(
      Source.of("blog", SourceKind.BLOG, "https://blog.example/feed"),
      Source.of("medium-tag", SourceKind.BLOG, "https://medium.example/feed"),
      Source.of("search", SourceKind.SEARCH, "https://social.example/feed"),
      Source.of("podcast", SourceKind.PODCAST, "https://pod.example/feed"));

  @TempDir Path dir;
  private final LinkCanonicalizer links = new LinkCanonicalizer();
  private final EnclosureCanonicalizer enclosures = new EnclosureCanonicalizer(links);
  private final IdentityKeys identity = new IdentityKeys();
  private final EntryIds ids = new EntryIds();
  private final ItemFilter filter = new ItemFilter("microsolidarity");

  /** One item drawn from a small pool, so guids, links and enclosures collide across polls. */
  record ItemSpec(int guid, int link, int enclosure, boolean tagged, int edit) {
    Item item() {
      Item.Builder b = Item.builder().guid("urn:g:" + guid)
          .title("post " + edit + (tagged ? " #microsolidarity" : ""));
      if (link > 0) {
        b.link("https://site.example/p/" + link + "?utm_source=feed" + guid);
      }
      if (enclosure > 0) {
        b.enclosures(List.of(new Enclosure("https://cdn.example/e" + enclosure + ".mp3",
            "audio/mpeg", 1)));
      }
      return b.build();
    }
  }

  record Poll(int source, List<ItemSpec> items) {}

  @Provide
  Arbitrary<List<Poll>> polls() {
    Arbitrary<ItemSpec> item = Combinators.combine(Arbitraries.integers().between(0, 7),
        Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 3),
        Arbitraries.of(true, false), Arbitraries.integers().between(0, 2))
        .as(ItemSpec::new);
    Arbitrary<Poll> poll = Combinators.combine(Arbitraries.integers().between(0, 3),
        item.list().ofMinSize(1).ofMaxSize(4)).as(Poll::new);
    return poll.list().ofMinSize(1).ofMaxSize(12);
  }

  @Property(tries = 150)
  void countsKeptByTheSchemaEqualARecountAfterEveryPoll(@ForAll("polls") List<Poll> polls)
      throws Exception {
    // jqwik runs each try without JUnit's @TempDir, so each makes and removes its own folder.
    Path tries = Files.createTempDirectory("counts");
    Path file = tries.resolve("t.db");
    MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    EntryStore store = new EntryStore(clock);
    try (Database db = Database.open(file)) {
      for (Poll p : polls) {
        Source source = SOURCES.get(p.source());
        List<Candidate> candidates = p.items().stream()
            .map(s -> candidate(source, s.item())).toList();
        try {
          db.transaction(c -> store.store(c, source.id(), candidates));
        } catch (StoreException e) {
          continue; // a fetch the store refuses (e.g. two items claiming one id) writes nothing
        }
        clock.advance(Duration.ofMinutes(5));
        assertThat(db.read(store::countsBySource)).isEqualTo(db.read(SourceCountsTest::recount));
      }
      assertThat(db.read(SourceCountsTest::negativeCounts)).isZero();
    } finally {
      try (var files = Files.walk(tries)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  @Test
  void upgradingADatabaseCountsWhatItAlreadyHolds() throws Exception {
    Path file = dir.resolve("v4.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      for (String name : Database.MIGRATIONS.subList(0, 4)) {
        try (var in = Database.class.getResourceAsStream("/db/" + name)) {
          for (String sql : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
              .split(";\\s*(\\r?\\n|$)")) {
            if (!sql.isBlank()) {
              s.execute(sql);
            }
          }
        }
      }
      s.execute("INSERT INTO entries VALUES ('live', '{}', 'h1', 'blog', 1, 1, 1, NULL)");
      s.execute("INSERT INTO entries VALUES ('other', '{}', 'h2', 'blog', 1, 1, 1, NULL)");
      s.execute("INSERT INTO entries VALUES ('gone', '{}', 'h3', 'blog', 1, 1, 1, 'live')");
      s.execute("INSERT INTO entry_sources VALUES ('live', 'blog', 1, 1), ('live', 'pod', 1, 1),"
          + " ('other', 'blog', 1, 1), ('other', 'search', 0, 1), ('gone', 'old', 1, 1)");
      s.execute("PRAGMA user_version = 4");
    }
    try (Database db = Database.open(file)) {
      EntryStore store = new EntryStore(java.time.Clock.systemUTC());
      assertThat(db.read(store::countsBySource))
          .isEqualTo(Map.of("blog", 2L, "pod", 1L))
          .isEqualTo(db.read(SourceCountsTest::recount));
    }
  }

  @Test
  void hidingShowingAndDeletingAnEntryDirectlyKeepsTheCountsTrue() throws Exception {
    // The store moves a merged entry's sources before hiding it; these writes do not, as a
    // repair by hand might, and the counts must follow them too.
    try (Database db = Database.open(dir.resolve("t.db"))) {
      EntryStore store = new EntryStore(java.time.Clock.systemUTC());
      java.util.function.Consumer<String> write = sql -> db.transaction(c -> {
        try (Statement s = c.createStatement()) {
          s.execute(sql);
        }
        return null;
      });
      write.accept("INSERT INTO entries VALUES ('a', '{}', 'h1', 'blog', 1, 1, 1, NULL),"
          + " ('b', '{}', 'h2', 'blog', 1, 1, 1, NULL)");
      write.accept("INSERT INTO entry_sources VALUES ('a', 'blog', 1, 1), ('a', 'pod', 1, 1),"
          + " ('b', 'blog', 1, 1), ('b', 'search', 0, 1)");
      assertThat(db.read(store::countsBySource)).isEqualTo(Map.of("blog", 2L, "pod", 1L));
      write.accept("UPDATE entries SET merged_into = 'b' WHERE id = 'a'");
      assertThat(db.read(store::countsBySource)).isEqualTo(Map.of("blog", 1L))
          .isEqualTo(db.read(SourceCountsTest::recount));
      write.accept("UPDATE entries SET merged_into = NULL WHERE id = 'a'");
      assertThat(db.read(store::countsBySource)).isEqualTo(Map.of("blog", 2L, "pod", 1L));
      write.accept("UPDATE entry_sources SET accepted = 1 WHERE entry_id = 'b'");
      assertThat(db.read(store::countsBySource))
          .isEqualTo(Map.of("blog", 2L, "pod", 1L, "search", 1L));
      db.read(c -> { // outside a transaction, where SQLite ignores it
        try (Statement s = c.createStatement()) {
          s.execute("PRAGMA foreign_keys = OFF");
        }
        return null;
      });
      write.accept("DELETE FROM entries WHERE id = 'b'");
      assertThat(db.read(store::countsBySource)).isEqualTo(Map.of("blog", 1L, "pod", 1L))
          .isEqualTo(db.read(SourceCountsTest::recount));
      write.accept("DELETE FROM entry_sources WHERE entry_id = 'b'");
      write.accept("DELETE FROM entry_sources WHERE entry_id = 'a' AND source_id = 'pod'");
      assertThat(db.read(store::countsBySource)).isEqualTo(Map.of("blog", 1L))
          .isEqualTo(db.read(SourceCountsTest::recount));
    }
  }

  private Candidate candidate(Source source, Item item) {
    List<String> encs = item.enclosures().stream().map(e -> enclosures.canonicalize(e.url()))
        .toList();
    List<IdentityKey> keys = identity.of(source.id(), item, links.canonicalize(item.link()),
        encs);
    return new Candidate(item, keys, ids.mint(FEED_ID, keys.get(0)), filter.accepts(source, item));
  }

  /** What the counts mean, computed the slow way: a join over every stored entry. */
  private static Map<String, Long> recount(Connection c) throws SQLException {
    Map<String, Long> counts = new HashMap<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT s.source_id, COUNT(*) FROM entry_sources s JOIN entries e ON e.id = s.entry_id"
            + " WHERE s.accepted = 1 AND e.merged_into IS NULL GROUP BY s.source_id")) {
      while (rs.next()) {
        counts.put(rs.getString(1), rs.getLong(2));
      }
    }
    return counts;
  }

  private static long negativeCounts(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM source_counts WHERE entries < 0")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
