package cc.microsolidarity.tributary.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cc.microsolidarity.tributary.testing.LogLines;
import cc.microsolidarity.tributary.testing.Tmpfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run lock never keeps a daemon that could serve its feeds from starting. */
class RunLockFullDiskIT {
  static final Instant STARTED = Instant.parse("2026-12-08T00:15:00Z");

  @TempDir Path dir;

  @Test
  void onAFullDiskTheLockHoldsWithoutItsHoldersName() throws Exception {
    try (Tmpfs data = Tmpfs.mount(dir.resolve("data"), "1m")) {
      Path db = data.path().resolve("t.db");
      data.fillUp();

      try (RunLock first = RunLock.take(db, 4242, STARTED)) {
        assertThat(Files.size(RunLock.fileFor(db))).isZero();
        assertThatThrownBy(() -> RunLock.take(db, 5151, STARTED))
            .hasMessageStartingWith(db + " is in use by another 'tributary run': two daemons");
      }
    }
  }

  @Test
  void onAReadOnlyDiskTheDaemonRunsUnguardedAndSaysSo() throws Exception {
    try (Tmpfs data = Tmpfs.mount(dir.resolve("data"), "1m")) {
      Path db = data.path().resolve("t.db");
      data.remountReadOnly();

      try (LogLines log = LogLines.of("tributary.store");
          RunLock unguarded = RunLock.take(db, 4242, STARTED)) {
        assertThat(log.lines()).singleElement().asString().startsWith("WARN cannot lock "
            + RunLock.fileFor(db) + " (").endsWith(
            "): a second process like this one would not be refused");
      }
    }
  }
}
