package cc.microsolidarity.tributary.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cc.microsolidarity.tributary.testing.OldSchema;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
  @TempDir Path dir;

  @Test
  void createsParentFoldersMigratesAndUsesWal() {
    Path file = dir.resolve("a/b/t.db");
    try (Database db = Database.open(file)) {
      assertThat(file).exists();
      assertThat(db.schemaVersion()).isEqualTo(Database.MIGRATIONS.size());
      String mode = db.read(c -> {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
          rs.next();
          return rs.getString(1);
        }
      });
      assertThat(mode).isEqualToIgnoringCase("wal");
      int fk = db.read(c -> {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA foreign_keys")) {
          rs.next();
          return rs.getInt(1);
        }
      });
      assertThat(fk).isEqualTo(1);
    }
  }

  @Test
  void aDatabaseMadeByAnOlderVersionUpgradesInPlace() throws Exception {
    Path file = dir.resolve("old.db");
    writeVersion2(file);
    try (Database db = Database.open(file)) {
      assertThat(db.schemaVersion()).isEqualTo(Database.MIGRATIONS.size()).isGreaterThan(2);
      // V003 made entries_live; V008 numbered the entries and made it unneeded.
      long indexes = db.read(c -> {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'entries_live'")) {
          rs.next();
          return rs.getLong(1);
        }
      });
      assertThat(indexes).isZero();
      java.util.Map<String, Long> counts =
          db.read(c -> new EntryStore(java.time.Clock.systemUTC()).countsBySource(c));
      assertThat(counts).containsExactly(java.util.Map.entry("blog", 1L));
      // V006 indexed the tombstone the old version left; V008 kept it, by number.
      String tombstone = db.read(c -> {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
            "SELECT id FROM entries INDEXED BY entries_merged"
                + " WHERE merged_into = (SELECT seq FROM entries WHERE id = 'live')")) {
          return rs.next() ? rs.getString(1) : null;
        }
      });
      assertThat(tombstone).isEqualTo("gone");
    }
  }

  /** What version 2 of the schema left on disk: its own scripts, two entries, one merged. */
  static void writeVersion2(Path file) throws Exception {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      OldSchema.write(s, Database.MIGRATIONS.subList(0, 2));
      s.execute("INSERT INTO entries VALUES ('live', '{}', 'h1', 'blog', 1, 1, 1, NULL)");
      s.execute("INSERT INTO entries VALUES ('gone', '{}', 'h2', 'blog', 1, 1, 1, 'live')");
      s.execute("INSERT INTO entry_sources VALUES ('live', 'blog', 1, 1), ('gone', 'blog', 1, 1)");
    }
  }

  @Test
  void reopeningKeepsDataAndDoesNotRemigrate() {
    Path file = dir.resolve("t.db");
    SourceStateStore states = new SourceStateStore();
    SourceState s = SourceState.fresh("a", URI.create("https://example.org/feed"))
        .toBuilder().consecutiveFailures(3).nextDue(Instant.parse("2026-11-27T12:00:00Z"))
        .validators("\"e1\"", "Thu, 12 Nov 2026 10:00:00 GMT").build();
    try (Database db = Database.open(file)) {
      db.transaction(c -> {
        states.save(c, s);
        return null;
      });
    }
    try (Database db = Database.open(file)) {
      java.util.Optional<SourceState> read = db.read(c -> states.get(c, "a"));
      assertThat(read).contains(s);
    }
  }

  @Test
  void aTransactionThatFailsLeavesNothingBehind() {
    try (Database db = Database.open(dir.resolve("t.db"))) {
      SourceStateStore states = new SourceStateStore();
      assertThatThrownBy(() -> db.transaction(c -> {
        states.save(c, SourceState.fresh("a", URI.create("https://example.org/a")));
        throw new IllegalStateException("boom");
      })).hasMessage("boom");
      java.util.Map<String, SourceState> all = db.read(c -> states.all(c));
      assertThat(all).isEmpty();
    }
  }

  @Test
  void aTransactionThatRunsOutOfMemoryIsRolledBackAndTheNextOneCommits() {
    try (Database db = Database.open(dir.resolve("t.db"))) {
      SourceStateStore states = new SourceStateStore();
      assertThatThrownBy(() -> db.transaction(c -> {
        states.save(c, SourceState.fresh("a", URI.create("https://example.org/a")));
        throw new OutOfMemoryError("Java heap space"); // as a work's allocation can
      })).isInstanceOf(OutOfMemoryError.class);

      db.transaction(c -> {
        states.save(c, SourceState.fresh("b", URI.create("https://example.org/b")));
        return null;
      });

      java.util.Map<String, SourceState> all = db.read(c -> states.all(c));
      assertThat(all).containsOnlyKeys("b");
    }
  }

  @Test
  void transactionsFromManyThreadsAllRunOnTheWriterAndAllCommit() throws Exception {
    SourceStateStore states = new SourceStateStore();
    java.util.Set<String> ranOn = java.util.concurrent.ConcurrentHashMap.newKeySet();
    try (Database db = Database.open(dir.resolve("t.db"))) {
      java.util.concurrent.ExecutorService callers =
          java.util.concurrent.Executors.newFixedThreadPool(8);
      java.util.List<java.util.concurrent.Future<?>> calls = new java.util.ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        calls.add(callers.submit(() -> {
          for (int i = 0; i < 25; i++) {
            String id = thread + "-" + i;
            db.transaction(c -> {
              ranOn.add(Thread.currentThread().getName());
              states.save(c, SourceState.fresh(id, URI.create("https://example.org/" + id)));
              return null;
            });
          }
        }));
      }
      for (java.util.concurrent.Future<?> call : calls) {
        call.get();
      }
      callers.shutdown();
      java.util.Map<String, SourceState> all = db.read(c -> states.all(c));
      assertThat(all).hasSize(200);
    }
    assertThat(ranOn).containsExactly("database-writer");
  }

  @Test
  void anInterruptedCallerStillGetsItsCommittedResultAndKeepsTheInterrupt() throws Exception {
    SourceStateStore states = new SourceStateStore();
    try (Database db = Database.open(dir.resolve("t.db"))) {
      java.util.concurrent.atomic.AtomicReference<Object> result =
          new java.util.concurrent.atomic.AtomicReference<>();
      java.util.concurrent.atomic.AtomicBoolean stillInterrupted =
          new java.util.concurrent.atomic.AtomicBoolean();
      Thread caller = new Thread(() -> {
        Thread.currentThread().interrupt();
        result.set(db.transaction(c -> {
          states.save(c, SourceState.fresh("a", URI.create("https://example.org/a")));
          return "committed";
        }));
        stillInterrupted.set(Thread.currentThread().isInterrupted());
      });
      caller.start();
      caller.join();
      assertThat(result.get()).isEqualTo("committed");
      assertThat(stillInterrupted).isTrue();
      java.util.Optional<SourceState> saved = db.read(c -> states.get(c, "a"));
      assertThat(saved).isPresent();
    }
  }

  @Test
  void aSpanIsToldAroundEveryTransactionOnTheWriterEvenAFailedOne() {
    try (Database db = Database.open(dir.resolve("t.db"))) {
      java.util.List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
      Database.Span span = new Database.Span() {
        @Override
        public long begin() {
          told.add("begin on " + Thread.currentThread().getName());
          return 7;
        }

        @Override
        public void end(long begun) {
          told.add("end " + begun + " on " + Thread.currentThread().getName());
        }
      };
      db.transaction(c -> null, span);
      assertThatThrownBy(() -> db.transaction(c -> {
        throw new IllegalStateException("boom");
      }, span)).isInstanceOf(IllegalStateException.class).hasMessage("boom");
      assertThat(told).containsExactly("begin on database-writer", "end 7 on database-writer",
          "begin on database-writer", "end 7 on database-writer");
    }
  }

  @Test
  void aTransactionAskedFromInsideOneFailsAsSqliteSaysRatherThanWaitingForever() {
    try (Database db = Database.open(dir.resolve("t.db"))) {
      org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
          () -> assertThatThrownBy(() -> db.transaction(c -> db.transaction(inner -> null)))
              .isInstanceOf(StoreException.class));
      String after = db.transaction(c -> "usable after");
      assertThat(after).isEqualTo("usable after");
    }
  }

  @Test
  void aTransactionAskedAfterCloseIsAStoreException() {
    Database db = Database.open(dir.resolve("t.db"));
    db.close();
    assertThatThrownBy(() -> db.transaction(c -> null))
        .isInstanceOf(StoreException.class).hasMessageContaining("closed");
  }

  @Test
  void aFileThatIsNotADatabaseIsRefusedAndLeftUntouched() throws Exception {
    Path file = dir.resolve("t.db");
    byte[] notes = "my notes, not a database".getBytes();
    Files.write(file, notes);
    assertThatThrownBy(() -> Database.open(file)).isInstanceOf(StoreException.class)
        .hasMessageContaining("not an SQLite database (left untouched)");
    assertThat(Files.readAllBytes(file)).isEqualTo(notes);
  }

  @Test
  void aCorruptDatabaseIsRefusedAndLeftUntouched() throws Exception {
    Path file = dir.resolve("t.db");
    byte[] bytes = corruptDatabase(file);
    assertThatThrownBy(() -> Database.open(file)).isInstanceOf(StoreException.class)
        .hasMessageContaining("cannot use database");
    assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
  }

  @Test
  void checkedAlongsideACorruptDatabaseRefusesEveryWriteAndIsLeftUntouched() throws Exception {
    Path file = dir.resolve("t.db");
    byte[] bytes = corruptDatabase(file);
    SourceStateStore states = new SourceStateStore();
    try (Database db = Database.open(file, Database.Integrity.CHECK_ALONGSIDE)) {
      assertThatThrownBy(() -> db.transaction(c -> {
        states.save(c, SourceState.fresh("new", URI.create("https://example.org/new")));
        return null;
      })).isInstanceOf(StoreException.class).hasMessageContaining("cannot use database")
          .hasMessageContaining("corrupt");
      assertThatThrownBy(db::requireIntact).isInstanceOf(StoreException.class);
    }
    assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
  }

  @Test
  void checkedAlongsideASoundDatabaseWorksAsUsual() {
    Path file = dir.resolve("t.db");
    SourceStateStore states = new SourceStateStore();
    try (Database db = Database.open(file)) {
      db.transaction(c -> {
        states.save(c, SourceState.fresh("a", URI.create("https://example.org/a")));
        return null;
      });
    }
    try (Database db = Database.open(file, Database.Integrity.CHECK_ALONGSIDE)) {
      db.transaction(c -> {
        states.save(c, SourceState.fresh("b", URI.create("https://example.org/b")));
        return null;
      });
      db.requireIntact();
      java.util.Map<String, SourceState> all = db.read(c -> states.all(c));
      assertThat(all).containsOnlyKeys("a", "b");
    }
  }

  /** A database with a few hundred rows, then scribbled over after its first page. */
  static byte[] corruptDatabase(Path file) throws Exception {
    try (Database db = Database.open(file)) {
      db.transaction(c -> {
        SourceStateStore states = new SourceStateStore();
        for (int i = 0; i < 200; i++) {
          states.save(c, SourceState.fresh("s" + i, URI.create("https://example.org/" + i))
              .toBuilder().lastError("x".repeat(500)).build());
        }
        return null;
      });
      db.read(c -> {
        try (Statement s = c.createStatement()) {
          s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        return null;
      });
    }
    byte[] bytes = Files.readAllBytes(file);
    // Scribble over the second half, where the rows are: the file still looks like SQLite and
    // its schema (the first pages) still reads, but the data is broken.
    for (int i = bytes.length / 2 / 4096 * 4096; i < bytes.length; i += 7) {
      bytes[i] = (byte) 0xA5;
    }
    Files.write(file, bytes);
    return bytes;
  }

  @Test
  void aDatabaseFromANewerVersionIsRefused() throws Exception {
    Path file = dir.resolve("t.db");
    try (Database db = Database.open(file)) {
      db.read(c -> {
        try (Statement s = c.createStatement()) {
          s.execute("PRAGMA user_version = 999");
        }
        return null;
      });
    }
    assertThatThrownBy(() -> Database.open(file)).isInstanceOf(StoreException.class)
        .hasMessageContaining("schema version 999, newer than this Tributary understands");
  }

  @Test
  void committedPagesReachTheFileInTheBackgroundAndTheWalStartsAfresh() throws Exception {
    Path file = dir.resolve("t.db");
    Path wal = dir.resolve("t.db-wal");
    try (Database db = Database.open(file)) {
      long before = Files.size(file);
      writeMegabytes(db, "a", 5);
      // The writer's own threshold (pages) is far above the ~1,300 pages written: only the
      // background checkpoint can copy them into the file while the database is open.
      int threshold = db.read(c -> {
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("PRAGMA wal_autocheckpoint")) {
          rs.next();
          return rs.getInt(1);
        }
      });
      assertThat(threshold).isGreaterThan(10_000);
      awaitCheckpoints(db, 1);
      assertThat(Files.size(file)).isGreaterThan(before + 4_000_000);
      long walAfterFirst = Files.size(wal);

      // Fully copied, so the next write reuses the WAL from its start instead of growing it.
      writeMegabytes(db, "b", 5);
      awaitCheckpoints(db, 2);
      assertThat(Files.size(wal)).isLessThan(walAfterFirst * 3 / 2);
      assertThat(DatabaseFaultTest.count(db)).isEqualTo(100L);
    }
    assertThat(wal).doesNotExist(); // closed cleanly: the last connection checkpointed it
  }

  private static void writeMegabytes(Database db, String prefix, int megabytes) {
    for (int i = 0; i < megabytes * 10; i++) {
      String id = prefix + i;
      db.transaction(c -> {
        DatabaseFaultTest.insertBlob(c, id, 100_000);
        return null;
      });
    }
  }

  private static void awaitCheckpoints(Database db, long n) throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
    while (db.checkpoints() < n && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(db.checkpoints()).isGreaterThanOrEqualTo(n);
  }
}
