package cc.microsolidarity.tributary.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database Tributary closed cleanly after finding it intact is not read whole at the next
 * open, and only while nothing else has touched it.
 */
class IntegritySealTest {
  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

  @TempDir Path dir;

  private final SourceStateStore states = new SourceStateStore();

  @Test
  void aCleanlyClosedDatabaseIsNotReadWholeAtTheNextOpen() {
    Path file = dir.resolve("t.db");
    closeWithRows(file, T0);
    assertThat(dir.resolve("t.db-checked")).exists();

    try (Database db = Database.open(file, Database.Integrity.CHECK_FIRST, at(T0))) {
      assertThat(db.sealTrusted()).isTrue();
      db.requireIntact();
      assertThat(db.read(states::all)).hasSize(20);
    }
    try (Database db = Database.open(file, Database.Integrity.CHECK_ALONGSIDE, at(T0))) {
      assertThat(db.sealTrusted()).as("the previous open left the seal in place").isTrue();
    }
  }

  @Test
  void aWriteByAnotherProgramMakesTheNextOpenReadTheFileWhole() throws Exception {
    Path file = dir.resolve("t.db");
    closeWithRows(file, T0);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(72); // the header's reserved zeros: the file stays intact and the same size
      int reserved = raf.read();
      raf.seek(72);
      raf.write(reserved);
    }
    assertThat(nextOpenTrustsSeal(file, T0)).isFalse();
  }

  @Test
  void settingTheModificationTimeBackAfterAWriteDoesNotFoolIt() throws Exception {
    Path file = dir.resolve("t.db");
    closeWithRows(file, T0);
    FileTime before = Files.getLastModifiedTime(file);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, bytes);
    Files.setLastModifiedTime(file, before);
    assertThat(nextOpenTrustsSeal(file, T0)).as("the inode's change time moved").isFalse();
  }

  @Test
  void aFileDamagedRightAfterTheCloseIsStillRefused() throws Exception {
    Path file = dir.resolve("t.db");
    closeWithRows(file, T0);
    // At once, in the same tick of the file system's clock as the close, same size.
    byte[] bytes = Files.readAllBytes(file);
    for (int i = 4096; i < bytes.length; i += 7) {
      bytes[i] = (byte) 0xA5;
    }
    Files.write(file, bytes);
    assertThatThrownBy(() -> Database.open(file, Database.Integrity.CHECK_FIRST, at(T0)))
        .isInstanceOf(StoreException.class).hasMessageContaining("cannot use database")
        .hasMessageContaining("malformed");
    assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
  }

  @Test
  void aSealNoYoungerThanTheFilesLastChangeIsNotTrusted() throws Exception {
    Path file = dir.resolve("t.db");
    closeWithRows(file, T0);
    // As on a file system stamping times in coarse ticks, when the seal was written in the
    // tick of the file's last write: a later write in that tick would leave the same times.
    FileTime changed = (FileTime) Files.getAttribute(file, "unix:ctime");
    Files.setLastModifiedTime(dir.resolve("t.db-checked"), changed);
    assertThat(nextOpenTrustsSeal(file, T0)).isFalse();
  }

  @Test
  void aWriteAheadLogLeftByACrashMeansTheFileIsReadWhole() throws Exception {
    Path file = dir.resolve("t.db");
    closeWithRows(file, T0);
    // What a kill -9 leaves: commits in the log that the main file does not have yet.
    Files.write(dir.resolve("t.db-wal"), new byte[] {1, 2, 3});
    assertThat(nextOpenTrustsSeal(file, T0)).isFalse();
  }

  @Test
  void aCheckOlderThanAWeekIsMadeAgainAndCarriedUntilThen() {
    Path file = dir.resolve("t.db");
    closeWithRows(file, T0);
    Instant sixDays = T0.plus(Duration.ofDays(6));
    assertThat(nextOpenTrustsSeal(file, sixDays)).isTrue();
    Instant eightDays = T0.plus(Duration.ofDays(8));
    assertThat(nextOpenTrustsSeal(file, eightDays))
        .as("the seal carries the check of day 0, not the open of day 6").isFalse();
    assertThat(nextOpenTrustsSeal(file, eightDays.plusSeconds(60)))
        .as("checked again on day 8").isTrue();
  }

  @Test
  void aSealFromTheFutureOrTornOrForeignIsNotTrusted() throws Exception {
    Path file = dir.resolve("t.db");
    Path seal = dir.resolve("t.db-checked");
    closeWithRows(file, T0);
    assertThat(nextOpenTrustsSeal(file, T0.minusSeconds(3600))).as("checked after now").isFalse();
    closeWithRows(file, T0);
    String text = Files.readString(seal);
    Files.writeString(seal, text.substring(0, text.length() / 2));
    assertThat(nextOpenTrustsSeal(file, T0)).as("torn").isFalse();
    closeWithRows(file, T0);
    Files.writeString(seal, "hello\n");
    assertThat(nextOpenTrustsSeal(file, T0)).as("foreign").isFalse();
  }

  @Test
  void aDatabaseOnWhichSqliteReportedDamageIsNotSealed() {
    Path file = dir.resolve("t.db");
    closeWithRows(file, T0);
    try (Database db = Database.open(file, Database.Integrity.CHECK_FIRST, at(T0))) {
      assertThat(db.sealTrusted()).isTrue();
      // What SQLite answers when a read meets a damaged page (SQLITE_CORRUPT).
      assertThatThrownBy(() -> db.read(c -> {
        throw new SQLException("database disk image is malformed", null, 11);
      })).isInstanceOf(StoreException.class);
    }
    assertThat(dir.resolve("t.db-checked")).doesNotExist();
    assertThat(nextOpenTrustsSeal(file, T0)).isFalse();
  }

  @Test
  void noSealWhileAnotherProcessStillHasCommitsInTheLog() throws Exception {
    Path file = dir.resolve("t.db");
    closeWithRows(file, T0);
    try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = other.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA wal_autocheckpoint=0");
      s.execute("INSERT INTO source_counts(source_id, entries) VALUES ('other', 1)");
      try (Database db = Database.open(file, Database.Integrity.CHECK_FIRST, at(T0))) {
        assertThat(db.sealTrusted()).isFalse();
      }
      assertThat(dir.resolve("t.db-checked")).doesNotExist();
    }
  }

  /** Opens {@code file} as a poll would at {@code now} and closes it again. */
  private static boolean nextOpenTrustsSeal(Path file, Instant now) {
    try (Database db = Database.open(file, Database.Integrity.CHECK_FIRST, at(now))) {
      return db.sealTrusted();
    }
  }

  /** Creates or reopens {@code file}, writes twenty source states, closes. */
  private void closeWithRows(Path file, Instant now) {
    try (Database db = Database.open(file, Database.Integrity.CHECK_FIRST, at(now))) {
      db.transaction(c -> {
        for (int i = 0; i < 20; i++) {
          states.save(c, SourceState.fresh("s" + i, URI.create("https://example.org/" + i)));
        }
        return null;
      });
    }
  }

  private static Clock at(Instant now) {
    return Clock.fixed(now, ZoneOffset.UTC);
  }
}
