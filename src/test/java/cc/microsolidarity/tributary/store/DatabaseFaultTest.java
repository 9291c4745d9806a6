package cc.microsolidarity.tributary.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import cc.microsolidarity.tributary.testing.Tmpfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database under storage faults: another process holding the write lock, a full disk, a
 * read-only one. A failed transaction is reported with its real cause and leaves the
 * connection usable once the fault is gone.
 */
class DatabaseFaultTest {
  @TempDir Path dir;

  static void insertBlob(Connection c, String id, int bytes) throws java.sql.SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO source_state(source_id, configured_url, feed_title) VALUES (?, ?, ?)")) {
      ps.setString(1, id);
      ps.setString(2, "https://example.org/" + id);
      ps.setString(3, "x".repeat(bytes));
      ps.executeUpdate();
    }
  }

  static long count(Database db) {
    return db.read(DatabaseFaultTest::count);
  }


  @Test
  void aTransactionThatReadsThenWritesWaitsForAnotherProcesssLock() throws Exception {
    Path file = dir.resolve("t.db");
    try (Database db = Database.open(file);
        Connection other = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      try (Statement s = other.createStatement()) {
        s.execute("BEGIN EXCLUSIVE");
      }
      Thread release = new Thread(() -> {
        try {
          Thread.sleep(1500);
          try (Statement s = other.createStatement()) {
            s.execute("ROLLBACK");
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      release.start();
      // Reads first (as EntryStore does), then writes: must wait, not fail at once.
      assertTimeoutPreemptively(Duration.ofSeconds(20), () -> db.transaction(c -> {
        count(c);
        insertBlob(c, "a", 10);
        return null;
      }));
      release.join();
      assertThat(count(db)).isEqualTo(1);
    }
  }

  static long count(Connection c) throws java.sql.SQLException {
    try (Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT COUNT(*) FROM source_state")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void aFullDiskIsReportedAsSuchAndTheDatabaseWorksAgainWhenSpaceReturns() throws Exception {
    try (Tmpfs small = Tmpfs.mount(dir.resolve("small"), "2m");
        Database db = Database.open(small.path().resolve("t.db"))) {
      db.transaction(c -> {
        insertBlob(c, "before", 1000);
        return null;
      });
      Path filler = small.fillUp();

      assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
          assertThatThrownBy(() -> db.transaction(c -> {
            count(c);
            insertBlob(c, "big", 1_500_000);
            return null;
          })).isInstanceOf(StoreException.class)
              .hasMessageContaining("full").hasMessageNotContaining("no transaction"));

      Files.delete(filler);
      db.transaction(c -> {
        insertBlob(c, "after", 1000);
        return null;
      });
      assertThat(count(db)).isEqualTo(2);
    }
  }

  /**
   * Linux refuses to remount a file system read-only while a file on it is open for writing,
   * so "turns read-only under a running daemon" cannot be staged here; a database found on a
   * read-only file system at start is.
   */
  @Test
  void aDatabaseOnAReadOnlyFileSystemIsRefusedWithAMessageAndLeftUntouched() throws Exception {
    try (Tmpfs ro = Tmpfs.mount(dir.resolve("ro"), "4m")) {
      Path file = ro.path().resolve("t.db");
      try (Database db = Database.open(file)) {
        db.transaction(c -> {
          insertBlob(c, "before", 1000);
          return null;
        });
      }
      byte[] before = Files.readAllBytes(file);
      ro.remountReadOnly();
      assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
          assertThatThrownBy(() -> Database.open(file).close())
              .isInstanceOf(StoreException.class)
              .hasMessageContaining("cannot use database").hasMessageContaining("read"));
      assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }
  }
}
