package cc.microsolidarity.tributary.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLockTest {
  static final Instant STARTED = Instant.parse("2026-12-07T22:51:31.888297169Z");

  @TempDir Path dir;

  @Test
  void theHolderIsWrittenBesideTheDatabaseWhoseFolderIsMade() throws Exception {
    Path db = dir.resolve("data/t.db");
    try (RunLock lock = RunLock.take(db, 4242, STARTED)) {
      assertThat(Files.readString(dir.resolve("data/t.db.run-lock")))
          .isEqualTo("pid 4242, started 2026-12-07T22:51:31Z\n");
      assertThat(db).doesNotExist();
    }
  }

  @Test
  void aSecondDaemonIsRefusedNamingTheFirst() {
    Path db = dir.resolve("t.db");
    try (RunLock first = RunLock.take(db, 4242, STARTED)) {
      assertThatThrownBy(() -> RunLock.take(db, 5151, STARTED.plusSeconds(60)))
          .isInstanceOf(StoreException.class)
          .hasMessage(db + " is in use by another 'tributary run' (pid 4242, started"
              + " 2026-12-07T22:51:31Z): two daemons on one database would poll every source"
              + " twice. Stop that one first, or give this one its own --db");
    }
  }

  @Test
  void aReleasedLockOrOneLeftByAnEndedProcessIsTakenOver() throws Exception {
    Path db = dir.resolve("t.db");
    // What a daemon killed with -9 leaves: the file, with no lock on it.
    Files.writeString(RunLock.fileFor(db), "pid 1, started 2026-12-01T00:00:00Z\n");
    RunLock.take(db, 4242, STARTED).close();

    try (RunLock again = RunLock.take(db, 5151, STARTED)) {
      assertThat(Files.readString(RunLock.fileFor(db))).startsWith("pid 5151,");
    }
  }
}
