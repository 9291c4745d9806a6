package cc.microsolidarity.tributary.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRulesTest {
  /** Rules of version 2 in small: a campaign tag is no part of a link. */
  private static final UnaryOperator<String> UNTAGGED = v -> v.replaceFirst("\\?tag=.*$", "");
  private static final KeyRules VERSION_2 = new KeyRules(2, UNTAGGED, UNTAGGED);

  @TempDir Path dir;

  @Test
  void rewritesLinkAndEnclosureKeysOnceAndLeavesGuidsAlone() {
    try (Database db = Database.open(dir.resolve("t.db"))) {
      db.transaction(c -> {
        entry(c, 1);
        key(c, "LINK", "https://a.example/1?tag=rss", 1);
        key(c, "ENCLOSURE", "https://cdn.example/1.mp3?tag=rss", 1);
        key(c, "GUID", "https://a.example/1?tag=rss", 1);
        key(c, "LINK", "https://a.example/plain", 1);
        return null;
      });

      KeyRules.Rewrite first = VERSION_2.apply(db);
      KeyRules.Rewrite second = VERSION_2.apply(db);

      assertThat(first).isEqualTo(new KeyRules.Rewrite(1, 2, 3, 2, 0));
      assertThat(keys(db)).containsExactlyInAnyOrder(
          "LINK https://a.example/1 1", "ENCLOSURE https://cdn.example/1.mp3 1",
          "GUID https://a.example/1?tag=rss 1", "LINK https://a.example/plain 1");
      assertThat(second).as("nothing left to do").isEqualTo(new KeyRules.Rewrite(2, 2, 0, 0, 0));
    }
  }

  @Test
  void twoOldKeysThatBecomeOneStayWithTheEntryStoredFirst() {
    try (Database db = Database.open(dir.resolve("t.db"))) {
      db.transaction(c -> {
        entry(c, 1);
        entry(c, 2);
        entry(c, 3);
        // stored apart under the old rules: the same story from its RDF and its Atom feed
        key(c, "LINK", "https://a.example/1?tag=atom", 2);
        key(c, "LINK", "https://a.example/1?tag=rdf", 1);
        // the new form of this one is stored already, for entry 3
        key(c, "LINK", "https://a.example/2", 3);
        key(c, "LINK", "https://a.example/2?tag=rdf", 1);
        return null;
      });

      KeyRules.Rewrite r = VERSION_2.apply(db);

      assertThat(r.rewritten()).isEqualTo(1);
      assertThat(r.heldElsewhere()).isEqualTo(2);
      assertThat(keys(db)).containsExactlyInAnyOrder(
          "LINK https://a.example/1 1", "LINK https://a.example/2 3");
    }
  }

  @Test
  void keysKnownToNameSeveralItemsStaySoInTheirNewForm() {
    try (Database db = Database.open(dir.resolve("t.db"))) {
      db.transaction(c -> {
        exec(c, "INSERT INTO ambiguous_keys(kind, value) VALUES"
            + " ('LINK', 'https://pod.example/?tag=rss'), ('GUID', 'x?tag=1'),"
            + " ('LINK', 'https://pod.example/home?tag=rss'), ('LINK', 'https://pod.example/home')");
        return null;
      });

      VERSION_2.apply(db);

      assertThat(query(db, "SELECT kind || ' ' || value FROM ambiguous_keys"))
          .containsExactlyInAnyOrder("LINK https://pod.example/", "GUID x?tag=1",
              "LINK https://pod.example/home");
    }
  }

  @Test
  void rulesNewerThanTheseAreLeftAlone() {
    try (Database db = Database.open(dir.resolve("t.db"))) {
      db.transaction(c -> {
        entry(c, 1);
        key(c, "LINK", "https://a.example/1?tag=rss", 1);
        exec(c, "UPDATE identity_rules SET version = 3");
        return null;
      });

      assertThat(VERSION_2.apply(db).rewritten()).isZero();

      assertThat(keys(db)).containsExactly("LINK https://a.example/1?tag=rss 1");
      assertThat(query(db, "SELECT version FROM identity_rules"))
          .containsExactly("3");
    }
  }

  @Test
  void aNewDatabaseIsUnderTheFirstRulesUntilItIsBroughtUp() {
    try (Database db = Database.open(dir.resolve("t.db"))) {
      assertThat(query(db, "SELECT version FROM identity_rules"))
          .containsExactly("1");
      assertThat(VERSION_2.apply(db)).isEqualTo(new KeyRules.Rewrite(1, 2, 0, 0, 0));
      assertThat(query(db, "SELECT version FROM identity_rules"))
          .containsExactly("2");
    }
  }

  private static void entry(Connection c, long seq) throws SQLException {
    exec(c, "INSERT INTO entries(seq, id, content_hash, content_source, published, updated,"
        + " first_seen, data) VALUES (" + seq + ", 'urn:uuid:" + seq + "', 'h', 's', 0, 0, "
        + seq + ", '{}')");
  }

  private static void key(Connection c, String kind, String value, long seq)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO identity_keys(kind, value, entry_seq) VALUES (?, ?, ?)")) {
      ps.setString(1, kind);
      ps.setString(2, value);
      ps.setLong(3, seq);
      ps.executeUpdate();
    }
  }

  private static List<String> keys(Database db) {
    return query(db, "SELECT kind || ' ' || value || ' ' || entry_seq FROM identity_keys");
  }

  private static List<String> query(Database db, String sql) {
    Database.SqlWork<List<String>> work = c -> strings(c, sql);
    return db.read(work);
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (var s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static List<String> strings(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
