package cc.microsolidarity.tributary.store;

import static cc.microsolidarity.tributary.testing.Digests.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Database.Integrity#FOR_READING}: what `sources` and `opml export` open with. */
class DatabaseForReadingTest {
  @TempDir Path dir;
  final SourceStateStore states = new SourceStateStore();

  @Test
  void aDamagedFileIsNeitherReadWholeNorWrittenNorSealed() throws Exception {
    Path file = dir.resolve("t.db");
    String bytes = sha256(DatabaseTest.corruptDatabase(file));
    try (Database db = Database.open(file, Database.Integrity.FOR_READING)) {
      // Opening read the first pages only; a full check would have refused the file here.
      assertThat(db.schemaVersion()).isEqualTo(Database.MIGRATIONS.size());
      assertThatThrownBy(() -> db.read(states::all)).isInstanceOf(StoreException.class)
          .hasMessageContaining("malformed");
    }
    assertThat(sha256(file)).as("the database file").isEqualTo(bytes);
    assertThat(seal(file)).doesNotExist();
  }

  @Test
  void writesAreRefusedAndTheFileAndItsSealStayAsTheyWere() throws Exception {
    Path file = dir.resolve("t.db");
    save(file, "a");
    String bytes = sha256(file);
    String sealed = Files.readString(seal(file));
    try (Database db = Database.open(file, Database.Integrity.FOR_READING)) {
      assertThat(db.read(states::all)).containsOnlyKeys("a");
      assertThatThrownBy(() -> write(db, "b"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("opened for reading only");
    }
    assertThat(sha256(file)).as("the database file").isEqualTo(bytes);
    assertThat(Files.readString(seal(file))).isEqualTo(sealed);
    try (Database db = Database.open(file)) {
      assertThat(db.sealTrusted()).isTrue();
    }
  }

  @Test
  void besideAWriterItSeesEachCommitAndTheWriterSealsAsUsual() {
    Path file = dir.resolve("t.db");
    save(file, "a");
    try (Database writer = Database.open(file)) {
      write(writer, "b");
      try (Database reader = Database.open(file, Database.Integrity.FOR_READING)) {
        assertThat(reader.read(states::all)).containsOnlyKeys("a", "b");
        write(writer, "c");
        assertThat(reader.read(states::all)).containsOnlyKeys("a", "b", "c");
      }
      write(writer, "d");
    }
    try (Database db = Database.open(file)) {
      assertThat(db.sealTrusted()).isTrue();
      assertThat(db.read(states::all)).containsOnlyKeys("a", "b", "c", "d");
    }
  }

  @Test
  void aCrashedWritersLogIsReadButNotReplayedIntoTheFile() throws Exception {
    Path live = dir.resolve("live.db");
    save(live, "a");
    Path file = dir.resolve("crashed.db");
    Path wal = dir.resolve("crashed.db-wal");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + live);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA wal_autocheckpoint = 0");
      s.execute("INSERT INTO source_state(source_id, configured_url) VALUES ('b', 'https://b')");
      // What a kill -9 leaves: the file, and a log holding the last commit.
      Files.copy(live, file);
      Files.copy(dir.resolve("live.db-wal"), wal);
    }
    String bytes = sha256(file);
    String log = sha256(wal);
    assertThat(wal).isNotEmptyFile();
    try (Database db = Database.open(file, Database.Integrity.FOR_READING)) {
      assertThat(db.read(states::all)).containsOnlyKeys("a", "b");
    }
    assertThat(sha256(file)).as("the database file").isEqualTo(bytes);
    assertThat(sha256(wal)).as("the log").isEqualTo(log);
  }

  @Test
  void anOlderSchemaIsCheckedAndMigratedFirst() throws Exception {
    Path file = dir.resolve("old.db");
    DatabaseTest.writeVersion2(file);
    try (Database db = Database.open(file, Database.Integrity.FOR_READING)) {
      assertThat(db.schemaVersion()).isEqualTo(Database.MIGRATIONS.size());
      Map<String, Long> counts =
          db.read(c -> new EntryStore(java.time.Clock.systemUTC()).countsBySource(c));
      assertThat(counts).isEqualTo(Map.of("blog", 1L));
    }
    assertThat(seal(file)).exists();
  }

  @Test
  void aNewerSchemaIsRefused() throws Exception {
    Path file = dir.resolve("t.db");
    save(file, "a");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA user_version = 999");
    }
    assertThatThrownBy(() -> Database.open(file, Database.Integrity.FOR_READING))
        .isInstanceOf(StoreException.class).hasMessageContaining("newer than this Tributary");
  }

  @Test
  void aMissingFileIsCreatedAsOnAnyOpen() {
    Path file = dir.resolve("new/t.db");
    try (Database db = Database.open(file, Database.Integrity.FOR_READING)) {
      assertThat(db.read(states::all)).isEmpty();
      assertThat(db.schemaVersion()).isEqualTo(Database.MIGRATIONS.size());
    }
    assertThat(file).exists();
  }

  private void save(Path file, String id) {
    try (Database db = Database.open(file)) {
      write(db, id);
    }
  }

  private void write(Database db, String id) {
    db.transaction(c -> {
      states.save(c, fresh(id));
      return null;
    });
  }

  private static SourceState fresh(String id) {
    return SourceState.fresh(id, URI.create("https://example.org/" + id));
  }

  private static Path seal(Path file) {
    return file.resolveSibling(file.getFileName() + "-checked");
  }
}
