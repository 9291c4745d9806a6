package cc.microsolidarity.tributary.store;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.testing.OldSchema;
import cc.microsolidarity.tributary.testing.TryFolder;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
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
  @TempDir Path dir;

  @Provide
  Arbitrary<List<RandomPolls.Poll>> polls() {
    return RandomPolls.polls();
  }

  @Property(tries = 150)
  void countsKeptByTheSchemaEqualARecountAfterEveryPoll(
      @ForAll("polls") List<RandomPolls.Poll> polls) throws Exception {
    RandomPolls random = new RandomPolls();
    try (TryFolder tries = TryFolder.create("counts");
        Database db = Database.open(tries.resolve("t.db"))) {
      for (RandomPolls.Poll p : polls) {
        if (random.apply(db, p)) {
          assertThat(db.read(random.store()::countsBySource))
              .isEqualTo(db.read(SourceCountsTest::recount));
        }
      }
      assertThat(db.read(SourceCountsTest::negativeCounts)).isZero();
    }
  }

  @Test
  void upgradingADatabaseCountsWhatItAlreadyHolds() throws Exception {
    Path file = dir.resolve("v4.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      OldSchema.write(s, Database.MIGRATIONS.subList(0, 4));
      s.execute("INSERT INTO entries VALUES ('live', '{}', 'h1', 'blog', 1, 1, 1, NULL)");
      s.execute("INSERT INTO entries VALUES ('other', '{}', 'h2', 'blog', 1, 1, 1, NULL)");
      s.execute("INSERT INTO entries VALUES ('gone', '{}', 'h3', 'blog', 1, 1, 1, 'live')");
      s.execute("INSERT INTO entry_sources VALUES ('live', 'blog', 1, 1), ('live', 'pod', 1, 1),"
          + " ('other', 'blog', 1, 1), ('other', 'search', 0, 1), ('gone', 'old', 1, 1)");
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
      write.accept("INSERT INTO entries(seq, id, data, content_hash, content_source, published,"
          + " updated, first_seen) VALUES (1, 'a', '{}', 'h1', 'blog', 1, 1, 1),"
          + " (2, 'b', '{}', 'h2', 'blog', 1, 1, 1)");
      write.accept("INSERT INTO entry_sources VALUES (1, 'blog', 1, 1), (1, 'pod', 1, 1),"
          + " (2, 'blog', 1, 1), (2, 'search', 0, 1)");
      assertThat(db.read(store::countsBySource)).isEqualTo(Map.of("blog", 2L, "pod", 1L));
      write.accept("UPDATE entries SET merged_into = 2 WHERE id = 'a'");
      assertThat(db.read(store::countsBySource)).isEqualTo(Map.of("blog", 1L))
          .isEqualTo(db.read(SourceCountsTest::recount));
      write.accept("UPDATE entries SET merged_into = NULL WHERE id = 'a'");
      assertThat(db.read(store::countsBySource)).isEqualTo(Map.of("blog", 2L, "pod", 1L));
      write.accept("UPDATE entry_sources SET accepted = 1 WHERE entry_seq = 2");
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
      write.accept("DELETE FROM entry_sources WHERE entry_seq = 2");
      write.accept("DELETE FROM entry_sources WHERE entry_seq = 1 AND source_id = 'pod'");
      assertThat(db.read(store::countsBySource)).isEqualTo(Map.of("blog", 1L))
          .isEqualTo(db.read(SourceCountsTest::recount));
    }
  }

  /** What the counts mean, computed the slow way: a join over every stored entry. */
  private static Map<String, Long> recount(Connection c) throws SQLException {
    Map<String, Long> counts = new HashMap<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT s.source_id, COUNT(*) FROM entry_sources s JOIN entries e ON e.seq = s.entry_seq"
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
