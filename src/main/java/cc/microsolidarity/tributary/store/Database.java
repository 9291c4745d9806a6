package cc.microsolidarity.tributary.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The one SQLite file: WAL, foreign keys, busy timeout, versioned migrations run at open.
 *
 * <p>Thread-safety: one connection guarded by a fair lock. SQLite has a single writer anyway,
 * and a fetch's items are written in one short transaction, so serialising is the simplest
 * correct thing. Transactions run one after another on a thread of their own, the writer,
 * while their callers wait: handing the lock from one polling thread to the next left the
 * database idle while the next woke up, ~40 % of a cold ingest on two busy cores. An unusable
 * file (not a database, newer schema, corrupt) is reported as a {@link StoreException} and
 * never modified.
 */
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("tributary.store");
  /** Applied in order; a database records the highest it has seen. Never edit a shipped one. */
  static final List<String> MIGRATIONS = List.of(
      "V001__source_state.sql",
      "V002__entries.sql",
      "V003__live_entries_index.sql",
      "V004__entry_change_token.sql",
      "V005__source_counts.sql",
      "V006__merged_entries_index.sql",
      "V007__refresh_hint.sql",
      "V008__entry_numbers.sql",
      "V009__identity_rules.sql");

  private static final String OK = "ok";
  /** The verdict of a file opened {@link Integrity#FOR_READING}: not checked, never written. */
  private static final String READ_ONLY = "opened for reading only";
  private static final int SQLITE_CORRUPT = 11;
  private static final int SQLITE_NOTADB = 26;
  /** How long commits gather before the background checkpoint copies them. */
  private static final java.time.Duration CHECKPOINT_GAP = java.time.Duration.ofSeconds(1);

  private final Path file;
  private final Connection raw;
  private final StatementCache statements;
  private final Connection connection;
  private final ReentrantLock lock = new ReentrantLock(true);
  /** Runs every transaction, in the order asked; see the class comment. */
  private final ExecutorService writer;
  private volatile Thread writerThread;
  private final Checkpointer checkpointer;
  /** SQLite's integrity verdict on the file as opened: "ok", or what is wrong with it. */
  private final CompletableFuture<String> integrity;
  /** When the file was last read whole and found intact (this open, or an earlier one). */
  private final Instant checked;
  private final IntegritySeal seal;
  private final boolean sealTrusted;
  /** SQLite reported a damaged page while in use: the file gets no seal at close. */
  private volatile boolean sawCorruption;

  /**
   * When an existing file's integrity is checked (a full read of it: O(size)). Neither reads
   * a file that Tributary closed cleanly after a check and nothing has touched since: see
   * {@link IntegritySeal}.
   */
  public enum Integrity {
    /** Before {@link #open} returns: an unusable file is refused at once. */
    CHECK_FIRST,
    /**
     * Alongside the caller's first work (a poll's fetches), on a second connection; every
     * write waits for the verdict, so a corrupt file is still never written. For a one-shot
     * {@code poll}, whose fetches take longer than reading the file does.
     */
    CHECK_ALONGSIDE,
    /**
     * For commands that only read ({@code sources}, {@code opml export}): not read whole,
     * since the check guards writes and there are none. The connection is SQLite's read-only
     * one, which never writes the file, not even to replay a crashed writer's log (it reads
     * the log instead), so a damaged file is still left as it was. Beside a running daemon
     * the file has no seal, and reading 2 GB to show 10,000 rows took seconds, minutes from a
     * cold disk. A schema that needs migrating is checked first and migrated, as on any open.
     */
    FOR_READING
  }

  private Database(Path file, Connection raw, CompletableFuture<String> integrity,
      Instant checked, IntegritySeal seal, boolean sealTrusted) {
    this.file = file;
    this.raw = raw;
    this.statements = new StatementCache(raw);
    this.connection = statements.connection();
    this.integrity = integrity;
    this.checked = checked;
    this.seal = seal;
    this.sealTrusted = sealTrusted;
    this.checkpointer = new Checkpointer(file, lock, CHECKPOINT_GAP);
    this.writer = Executors.newSingleThreadExecutor(task -> {
      Thread thread = new Thread(task, "database-writer");
      thread.setDaemon(true); // a caller that never closes must not keep the JVM alive
      writerThread = thread;
      return thread;
    });
  }

  /** Opens (creating parent folders and the file when absent), checks and migrates. */
  public static Database open(Path file) {
    return open(file, Integrity.CHECK_FIRST);
  }

  /** Opens (creating parent folders and the file when absent), checks and migrates. */
  public static Database open(Path file, Integrity when) {
    return open(file, when, Clock.systemUTC());
  }

  /**
   * Opens (creating parent folders and the file when absent), checks and migrates; {@code
   * clock} dates integrity checks.
   */
  public static Database open(Path file, Integrity when, Clock clock) {
    NativeLibraryCache.installOnce();
    Path absolute = file.toAbsolutePath();
    boolean existed = Files.exists(absolute);
    if (existed && when == Integrity.FOR_READING) {
      Optional<Database> reader = openForReading(file, absolute, clock);
      if (reader.isPresent()) {
        return reader.get();
      }
      when = Integrity.CHECK_FIRST; // an older schema: migrating writes
    }
    IntegritySeal seal = new IntegritySeal(absolute, clock);
    // Before SQLite opens it: opening creates the write-ahead log the seal looks for.
    Optional<Instant> sealed = existed ? seal.vouchedCheck() : Optional.empty();
    try {
      if (absolute.getParent() != null) {
        Files.createDirectories(absolute.getParent());
      }
      if (existed) {
        checkHeader(absolute);
      }
    } catch (IOException e) {
      throw new StoreException("cannot use database " + file + ": " + e.getMessage(), e);
    }
    Connection c = null;
    try {
      c = connect(absolute, false);
      CompletableFuture<String> integrity;
      Instant checked = sealed.orElseGet(clock::instant);
      if (!existed || sealed.isPresent()) {
        integrity = CompletableFuture.completedFuture(OK);
      } else if (when == Integrity.CHECK_FIRST || userVersion(c) != MIGRATIONS.size()) {
        // A migration writes at once: it must know first.
        quickCheck(c, file);
        integrity = CompletableFuture.completedFuture(OK);
      } else {
        integrity = checkAlongside(absolute);
      }
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        // Checkpoints are what fsync in WAL mode with synchronous=NORMAL. The Checkpointer does
        // them off the writer's path; this one only bounds the WAL should it fall behind. A
        // crash loses nothing either way: a committed transaction is in the WAL, which is
        // replayed at the next open.
        s.execute("PRAGMA wal_autocheckpoint=65536");
        s.execute("PRAGMA temp_store=MEMORY");
      }
      Database db = new Database(absolute, c, integrity, checked, seal, sealed.isPresent());
      db.migrate();
      return db;
    } catch (SQLException e) {
      closeQuietly(c);
      throw cannotOpen(file, absolute, e);
    } catch (StoreException e) {
      closeQuietly(c);
      throw e;
    }
  }

  /**
   * A read-only connection to an existing file whose schema is current; empty when the schema
   * is older and must be migrated first.
   */
  private static Optional<Database> openForReading(Path file, Path absolute, Clock clock) {
    Connection c = null;
    try {
      checkHeader(absolute);
      c = connect(absolute, true);
      int version = userVersion(c);
      if (version < MIGRATIONS.size()) {
        c.close();
        return Optional.empty();
      }
      requireKnown(version, file);
      return Optional.of(new Database(absolute, c, CompletableFuture.completedFuture(READ_ONLY),
          clock.instant(), new IntegritySeal(absolute, clock), false));
    } catch (IOException e) {
      throw new StoreException("cannot use database " + file + ": " + e.getMessage(), e);
    } catch (SQLException e) {
      closeQuietly(c);
      throw cannotOpen(file, absolute, e);
    } catch (StoreException e) {
      closeQuietly(c);
      throw e;
    }
  }

  private static StoreException cannotOpen(Path file, Path absolute, SQLException e) {
    return new StoreException("cannot use database " + file + ": " + describe(e)
        + readOnlyHint(absolute), e);
  }

  private static Connection connect(Path absolute, boolean readOnly) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(readOnly);
    config.enforceForeignKeys(true);
    config.setBusyTimeout(10_000);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    // Nothing reads generated keys, and fetching them ran a query after every INSERT.
    config.setGetGeneratedKeys(false);
    return DriverManager.getConnection("jdbc:sqlite:" + absolute, config.toProperties());
  }

  public Path file() {
    return file;
  }

  /**
   * Runs {@code work} in one transaction: all of it is committed, or none.
   *
   * <p>The transaction is begun {@code IMMEDIATE}, taking the write lock first: a deferred one
   * that reads and then writes cannot wait for another process's lock (SQLite answers BUSY at
   * once rather than risk a deadlock), while an immediate one waits up to the busy timeout.
   * Transactions are driven with plain SQL rather than JDBC's auto-commit switch, because
   * sqlite-jdbc begins a new transaction after every commit and rollback: after a disk-full
   * error (which makes SQLite roll back by itself) that masked the real cause with "cannot
   * commit - no transaction is active".
   */
  public <T> T transaction(SqlWork<T> work) {
    return transaction(work, null);
  }

  /**
   * Told on the writer, around each transaction it is given to, when it begins and when it
   * has ended (committed or not): to measure the transaction where it runs.
   */
  public interface Span {
    long begin();

    void end(long begun);
  }

  /** {@link #transaction(SqlWork)}, with {@code span} told around it on the writer. */
  public <T> T transaction(SqlWork<T> work, Span span) {
    if (Thread.currentThread() == writerThread) {
      return transactionHere(work, span); // asked from a transaction's own work
    }
    Future<T> done;
    try {
      done = writer.submit(() -> transactionHere(work, span));
    } catch (RejectedExecutionException e) {
      throw new StoreException("database " + file.getFileName() + " is closed", e);
    }
    return awaitUninterruptibly(done);
  }

  /**
   * The transaction's result or exception, as if run here. An interrupt does not stop the
   * wait, as it never stopped a caller waiting for the lock: the work may have committed.
   */
  private static <T> T awaitUninterruptibly(Future<T> done) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return done.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException r) {
            throw r;
          }
          if (e.getCause() instanceof Error r) {
            throw r;
          }
          throw new IllegalStateException(e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private <T> T transactionHere(SqlWork<T> work, Span span) {
    long begun = span == null ? 0 : span.begin();
    try {
      return transactionHere(work);
    } finally {
      if (span != null) {
        span.end(begun);
      }
    }
  }

  private <T> T transactionHere(SqlWork<T> work) {
    requireIntact();
    lock.lock();
    try {
      execute("BEGIN IMMEDIATE");
      T result;
      try {
        result = work.run(connection);
        execute("COMMIT");
      } catch (SQLException | RuntimeException | Error e) {
        // An Error too (a work that ran out of memory): left open, the transaction would make
        // every later BEGIN fail, "cannot start a transaction within a transaction".
        rollbackQuietly();
        throw e;
      }
      checkpointer.committed();
      return result;
    } catch (SQLException e) {
      noteCorruption(e);
      throw new StoreException("database " + file.getFileName() + ": " + describe(e), e);
    } finally {
      lock.unlock();
    }
  }

  private void execute(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
  }

  /** Runs read-only {@code work} (autocommit; sees the last committed state). */
  public <T> T read(SqlWork<T> work) {
    lock.lock();
    try {
      return work.run(connection);
    } catch (SQLException e) {
      noteCorruption(e);
      statements.closeAll();
      throw new StoreException("database " + file.getFileName() + ": " + describe(e), e);
    } finally {
      lock.unlock();
    }
  }

  /** Whether this open trusted the file's seal instead of reading it whole (for tests). */
  boolean sealTrusted() {
    return sealTrusted;
  }

  /** Background checkpoints completed so far (for tests). */
  long checkpoints() {
    return checkpointer.checkpoints();
  }

  /**
   * SQLite's {@code data_version}: it changes when another connection (another process: a
   * {@code poll} run by hand beside the daemon) commits to the file, and not for this
   * connection's own commits.
   */
  public long dataVersion() {
    return read(Database::dataVersion);
  }

  /** {@link #dataVersion()} as {@code c} sees it. */
  static long dataVersion(Connection c) throws SQLException {
    try (java.sql.PreparedStatement ps = c.prepareStatement("PRAGMA data_version");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  public int schemaVersion() {
    return read(Database::userVersion);
  }

  /**
   * Waits for the integrity verdict (at once unless opened {@link Integrity#CHECK_ALONGSIDE});
   * a {@link StoreException} if the file is corrupt, an {@link IllegalStateException} if it
   * was opened {@link Integrity#FOR_READING}.
   */
  public void requireIntact() {
    String verdict;
    try {
      verdict = integrity.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while checking database " + file, e);
    } catch (ExecutionException e) {
      verdict = e.getCause() instanceof SQLException sql ? describe(sql)
          : String.valueOf(e.getCause());
    }
    if (READ_ONLY.equals(verdict)) {
      throw new IllegalStateException("database " + file + " was " + READ_ONLY);
    }
    if (!OK.equals(verdict)) {
      throw new StoreException("cannot use database " + file + ": corrupt (" + verdict
          + "); left untouched", null);
    }
  }

  /**
   * Closes, then seals the file (see {@link IntegritySeal}) when it was found intact and
   * SQLite met no damaged page since, so the next open need not read it whole. A file opened
   * {@link Integrity#FOR_READING} keeps the seal it had, unless SQLite met a damaged page.
   */
  @Override
  public void close() {
    String verdict = integrity.exceptionally(e -> null).join(); // closed by its own thread
    writer.shutdown(); // transactions already asked for still run, and are waited for
    boolean interrupted = false;
    while (!writer.isTerminated()) {
      try {
        writer.awaitTermination(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    checkpointer.close(); // before taking the lock: its last pass may be waiting for it
    lock.lock();
    try {
      statements.closeAll();
      raw.close();
    } catch (SQLException e) {
      seal.remove();
      throw new StoreException("closing database: " + describe(e), e);
    } finally {
      lock.unlock();
    }
    if (sawCorruption) {
      seal.remove();
    } else if (OK.equals(verdict)) {
      seal.write(checked);
    } else if (!READ_ONLY.equals(verdict)) {
      seal.remove();
    } // read only: the file is as it was, and so is whatever seal it has
  }

  private void noteCorruption(SQLException e) {
    int primary = e.getErrorCode() & 0xff;
    if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) {
      sawCorruption = true;
    }
  }

  private void migrate() throws SQLException {
    int current = userVersion(connection);
    requireKnown(current, file);
    if (current > 0 && current < MIGRATIONS.size()) {
      // An upgrade may copy tables (V008 copies every entry once: ~5 s for 200 MB): say why
      // the start waits.
      log.info("upgrading database {} from schema version {} to {}", file, current,
          MIGRATIONS.size());
    }
    for (int v = current + 1; v <= MIGRATIONS.size(); v++) {
      String sql = load(MIGRATIONS.get(v - 1));
      final int version = v;
      transaction(c -> {
        try (Statement s = c.createStatement()) {
          for (String statement : sql.split(";\\s*(\\r?\\n|$)")) {
            if (!statement.isBlank()) {
              s.execute(statement);
            }
          }
          s.execute("PRAGMA user_version = " + version);
        }
        return null;
      });
    }
  }

  private static void requireKnown(int version, Path file) {
    if (version > MIGRATIONS.size()) {
      throw new StoreException("database " + file + " has schema version " + version
          + ", newer than this Tributary understands (" + MIGRATIONS.size()
          + "); upgrade Tributary", null);
    }
  }

  private static int userVersion(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  private static String load(String name) {
    try (InputStream in = Database.class.getResourceAsStream("/db/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing migration " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read migration " + name, e);
    }
  }

  /** Why SQLite could not open a file it can read: it must write beside it (WAL). */
  private static String readOnlyHint(Path file) {
    Path folder = file.getParent();
    if ((folder != null && !Files.isWritable(folder))
        || (Files.exists(file) && !Files.isWritable(file))) {
      return " (read-only: the database and its folder must be writable for its journal)";
    }
    return "";
  }

  /** An existing non-empty file must start with SQLite's magic, or we refuse to touch it. */
  private static void checkHeader(Path file) throws IOException {
    if (Files.size(file) == 0) {
      return;
    }
    byte[] magic = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    byte[] head = new byte[magic.length];
    try (InputStream in = Files.newInputStream(file)) {
      int n = in.readNBytes(head, 0, head.length);
      if (n < magic.length || !java.util.Arrays.equals(head, magic)) {
        throw new StoreException("cannot use database " + file
            + ": not an SQLite database (left untouched)", null);
      }
    }
  }

  private static void quickCheck(Connection c, Path file) throws SQLException {
    String result = quickCheck(c);
    if (!OK.equals(result)) {
      throw new StoreException("cannot use database " + file + ": corrupt (" + result
          + "); left untouched", null);
    }
  }

  private static String quickCheck(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA quick_check")) {
      return rs.next() ? rs.getString(1) : "no answer";
    }
  }

  /** quick_check on a read-only connection of its own, on a thread of its own. */
  private static CompletableFuture<String> checkAlongside(Path file) {
    CompletableFuture<String> verdict = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      SQLiteConfig config = new SQLiteConfig();
      config.setReadOnly(true);
      config.setBusyTimeout(10_000);
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file,
          config.toProperties())) {
        verdict.complete(quickCheck(c));
      } catch (SQLException | RuntimeException e) {
        verdict.completeExceptionally(e);
      }
    }, "database-check");
    t.setDaemon(true);
    t.start();
    return verdict;
  }

  private void rollbackQuietly() {
    // A statement that failed mid-step (disk full, I/O error) is unusable afterwards
    // ("statement is not executing"): drop every cached one so the next use prepares afresh.
    statements.closeAll();
    try {
      execute("ROLLBACK");
    } catch (SQLException ignored) {
      // Already rolled back by SQLite itself (disk full, I/O error); the original failure is
      // the one worth reporting.
    }
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // already failing
      }
    }
  }

  static String describe(SQLException e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m.replaceAll("\\s+", " ").trim();
  }

  /** A unit of SQL work on the shared connection. */
  @FunctionalInterface
  public interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }
}
