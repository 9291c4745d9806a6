package cc.microsolidarity.tributary.store;

import static cc.microsolidarity.tributary.testing.Eventually.until;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommitsElsewhereTest {
  @TempDir Path dir;

  @Test
  void anotherConnectionsCommitIsSeenOnceAndItsOwnCommitsAndCheckpointsNot() throws Exception {
    Path file = dir.resolve("t.db");
    try (Database db = Database.open(file)) {
      CommitsElsewhere elsewhere = new CommitsElsewhere(db);
      assertThat(elsewhere.sinceLastLook()).isFalse();

      db.transaction(c -> {
        try (Statement s = c.createStatement()) {
          return s.executeUpdate("INSERT INTO source_state (source_id, configured_url)"
              + " VALUES ('own', 'https://a.example/feed')");
        }
      });
      // The database's own checkpoint (on a connection of its own) copies that commit.
      until(Duration.ofSeconds(10), () -> db.checkpoints() > 0);
      assertThat(elsewhere.sinceLastLook()).as("its own commit and checkpoint").isFalse();

      try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
          Statement s = other.createStatement()) {
        s.executeUpdate("INSERT INTO source_state (source_id, configured_url)"
            + " VALUES ('by-hand', 'https://b.example/feed')");
      }
      assertThat(elsewhere.sinceLastLook()).as("another process's commit").isTrue();
      assertThat(elsewhere.sinceLastLook()).as("told once").isFalse();
    }
  }
}
