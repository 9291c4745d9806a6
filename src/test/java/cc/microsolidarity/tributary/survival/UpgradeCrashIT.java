package cc.microsolidarity.tributary.survival;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.testing.Eventually;
import cc.microsolidarity.tributary.testing.OldSchema;
import cc.microsolidarity.tributary.testing.Sql;
import cc.microsolidarity.tributary.testing.TributaryProcess;
import cc.microsolidarity.tributary.testing.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 while the daemon upgrades a database written by schema version 7 (version 8 copies
 * every entry): after each kill the file is intact and wholly one version or the other, with
 * every entry, key, link and tombstone; the next start finishes the upgrade.
 */
class UpgradeCrashIT {
  static final int ENTRIES = 30_000;
  /** The schema version this Tributary writes. */
  static final int LATEST = 9;
  /** Every hundredth entry was merged into the one before it. */
  static final int MERGE_EVERY = 100;
  /** The migrations version 7 shipped; a shipped migration never changes. */
  static final List<String> VERSION_7 = List.of("V001__source_state.sql", "V002__entries.sql",
      "V003__live_entries_index.sql", "V004__entry_change_token.sql", "V005__source_counts.sql",
      "V006__merged_entries_index.sql", "V007__refresh_hint.sql");

  @TempDir Path dir;

  @Test
  @Timeout(300)
  void killNineDuringTheUpgradeLosesNothingAndTheNextStartFinishesIt() throws Exception {
    // The stored entries belong to a source no longer configured: nothing fetches or shows
    // them, so what the file holds after each kill is the upgrade's doing alone.
    Workspace ws = new Workspace(dir).settings("")
        .feeds(Map.of("other", "http://127.0.0.1:9/feed.xml"), 50);
    writeVersion7(ws.db());
    List<Integer> versionsAfterKills = new ArrayList<>();
    for (int delayMs : new int[] {0, 150, 400, 900}) {
      TributaryProcess daemon = TributaryProcess.run(dir, "128m");
      try {
        Eventually.until(Duration.ofSeconds(60),
            () -> daemon.log().contains("upgrading database") || !daemon.isAlive());
        Thread.sleep(delayMs);
      } finally {
        daemon.kill();
      }
      int version = checkEverythingKept(ws.db(), "after a kill " + delayMs + " ms into it\n"
          + daemon.logTail(2000));
      versionsAfterKills.add(version);
      if (version == LATEST) {
        break; // finished before the kill: nothing left to interrupt
      }
    }
    System.out.println("upgrade kills left versions " + versionsAfterKills);
    assertThat(versionsAfterKills).as("at least one kill landed before the upgrade committed")
        .contains(7);

    TributaryProcess daemon = TributaryProcess.run(dir, "128m");
    try {
      daemon.awaitServing(new OkHttpClient(), Duration.ofSeconds(120));
      Eventually.until(Duration.ofSeconds(120), () -> userVersion(ws.db()) == LATEST);
    } finally {
      assertThat(daemon.terminate(Duration.ofSeconds(30))).as(daemon.logTail(3000)).isZero();
    }
    assertThat(checkEverythingKept(ws.db(), daemon.logTail(3000))).isEqualTo(LATEST);
  }

  /** The file is intact and holds every row, in either schema; its version. */
  private static int checkEverythingKept(Path db, String context) throws SQLException {
    try (Sql sql = new Sql(db)) {
      assertThat(sql.integrityCheck()).as(context).isEqualTo("ok");
      assertThat(sql.rows("PRAGMA foreign_key_check")).as(context).isEmpty();
      int version = (int) sql.count("PRAGMA user_version");
      assertThat(version).as(context).isBetween(7, LATEST);
      String entryOf = version == 7 ? "e.id = x.entry_id" : "e.seq = x.entry_seq";
      String survivor = version == 7 ? "m.id = e.merged_into" : "m.seq = e.merged_into";
      assertThat(sql.count("SELECT COUNT(*) FROM entries")).as(context).isEqualTo(ENTRIES);
      // every key and link still points at the entry it was written for
      assertThat(sql.count("SELECT COUNT(*) FROM identity_keys x JOIN entries e ON " + entryOf
          + " WHERE x.value = 'blog\n' || substr(e.id, 10)")).as(context).isEqualTo(ENTRIES);
      assertThat(sql.count("SELECT COUNT(*) FROM entry_sources x JOIN entries e ON " + entryOf
          + " WHERE x.first_seen = e.first_seen")).as(context).isEqualTo(ENTRIES);
      // every tombstone still names its survivor: the entry stored just before it
      assertThat(sql.count("SELECT COUNT(*) FROM entries e JOIN entries m ON " + survivor
          + " WHERE m.first_seen = e.first_seen - 1")).as(context)
          .isEqualTo(ENTRIES / MERGE_EVERY);
      assertThat(sql.count("SELECT COUNT(*) FROM entries WHERE merged_into IS NOT NULL"))
          .as(context).isEqualTo(ENTRIES / MERGE_EVERY);
      return version;
    }
  }

  private static int userVersion(Path db) {
    try (Sql sql = new Sql(db)) {
      return (int) sql.count("PRAGMA user_version");
    } catch (SQLException e) {
      return -1;
    }
  }

  /** As version 7 wrote it: ~1.5 KB of stored item per entry, so the upgrade takes a while. */
  private static void writeVersion7(Path file) throws Exception {
    Files.createDirectories(file.getParent());
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      try (Statement s = c.createStatement()) {
        OldSchema.write(s, VERSION_7);
      }
      c.setAutoCommit(false);
      String data = "{\"title\":\"" + "x".repeat(1500) + "\"}";
      try (PreparedStatement entry = c.prepareStatement("INSERT INTO entries VALUES"
              + " (?, ?, 'h', 'blog', ?, ?, ?, ?)");
          PreparedStatement key = c.prepareStatement(
              "INSERT INTO identity_keys(kind, value, entry_id) VALUES ('GUID', ?, ?)");
          PreparedStatement link = c.prepareStatement(
              "INSERT INTO entry_sources VALUES (?, 'blog', 1, ?)")) {
        for (int n = 0; n < ENTRIES; n++) {
          String id = "urn:uuid:" + Integer.toHexString(n);
          entry.setString(1, id);
          entry.setString(2, data);
          entry.setLong(3, 1_700_000_000_000L + n);
          entry.setLong(4, 1_700_000_000_000L + n);
          entry.setLong(5, n);
          entry.setString(6, n % MERGE_EVERY == MERGE_EVERY - 1
              ? "urn:uuid:" + Integer.toHexString(n - 1) : null);
          entry.executeUpdate();
          key.setString(1, "blog\n" + Integer.toHexString(n));
          key.setString(2, id);
          key.executeUpdate();
          link.setString(1, id);
          link.setLong(2, n);
          link.executeUpdate();
        }
      }
      c.commit();
    }
  }
}
