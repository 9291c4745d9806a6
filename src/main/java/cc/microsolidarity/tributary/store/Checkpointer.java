package cc.microsolidarity.tributary.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * Copies committed WAL pages into the database file on a thread and connection of its own.
 *
 * <p>SQLite's automatic checkpoint runs inside the COMMIT that crosses its threshold, while
 * that connection holds the single writer: its fsyncs then stall every fetch waiting to
 * store. Measured on a cold ingest of 1,000 feeds, checkpoints were ~5 s of the writer's
 * ~28 s. Here the bulk of each checkpoint runs beside the writer (SQLite allows one
 * checkpointer alongside a writer), then a short second pass holds the writer off to copy what
 * was committed meanwhile, so the WAL is fully copied and the next write starts it afresh
 * rather than letting it grow.
 *
 * <p>Started by the first commit; a checkpoint follows each burst of commits after {@code
 * gap}. A failure (disk full) is logged and retried after the next commit; the writer's own
 * automatic checkpoint, left on at a high threshold, still bounds the WAL if this falls behind.
 */
final class Checkpointer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("tributary.store");

  private final Path file;
  private final Lock writer;
  private final Duration gap;
  private final ReentrantLock state = new ReentrantLock();
  private final Condition changed = state.newCondition();
  private boolean dirty;
  private boolean closed;
  private Thread thread;
  private String lastFailure;
  private long checkpoints;

  /** {@code writer}: held by whoever writes through the database's own connection. */
  Checkpointer(Path file, Lock writer, Duration gap) {
    this.file = file;
    this.writer = writer;
    this.gap = gap;
  }

  /** A transaction was committed: its pages wait in the WAL. */
  void committed() {
    state.lock();
    try {
      if (closed) {
        return;
      }
      dirty = true;
      if (thread == null) {
        thread = new Thread(this::loop, "database-checkpoint");
        thread.setDaemon(true);
        thread.start();
      }
      changed.signalAll();
    } finally {
      state.unlock();
    }
  }

  /** Checkpoints completed so far (for tests). */
  long checkpoints() {
    state.lock();
    try {
      return checkpoints;
    } finally {
      state.unlock();
    }
  }

  /** Stops the thread, waiting for a checkpoint in progress; the caller closes the database. */
  @Override
  public void close() {
    Thread t;
    state.lock();
    try {
      closed = true;
      changed.signalAll();
      t = thread;
    } finally {
      state.unlock();
    }
    if (t != null) {
      boolean interrupted = false;
      while (t.isAlive()) {
        try {
          t.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void loop() {
    Connection c = null;
    try {
      while (awaitWork()) {
        try {
          if (c == null) {
            c = open();
          }
          checkpoint(c);
          writer.lock();
          try {
            checkpoint(c);
          } finally {
            writer.unlock();
          }
          succeeded();
        } catch (SQLException e) {
          failed(Database.describe(e));
          closeQuietly(c);
          c = null;
        }
      }
    } finally {
      closeQuietly(c);
    }
  }

  /** Waits for a commit, then lets a burst of them gather; false once closed. */
  private boolean awaitWork() {
    state.lock();
    try {
      while (!dirty && !closed) {
        changed.awaitUninterruptibly();
      }
      long wait = gap.toNanos();
      while (wait > 0 && !closed) {
        wait = changed.awaitNanos(wait);
      }
      dirty = false;
      return !closed;
    } catch (InterruptedException e) {
      return false;
    } finally {
      state.unlock();
    }
  }

  private Connection open() throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(10_000);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA wal_autocheckpoint=0");
    }
    return c;
  }

  private static void checkpoint(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
      rs.next(); // busy, frames in the WAL, frames copied: nothing to act on
    }
  }

  private void succeeded() {
    state.lock();
    try {
      checkpoints++;
      if (lastFailure != null) {
        log.info("database checkpoint works again");
        lastFailure = null;
      }
    } finally {
      state.unlock();
    }
  }

  private void failed(String why) {
    state.lock();
    try {
      if (!why.equals(lastFailure)) {
        log.warn("database checkpoint failed ({}); committed data is safe in the WAL,"
            + " retrying after the next write", why);
        lastFailure = why;
      }
    } finally {
      state.unlock();
    }
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // closing anyway
      }
    }
  }
}
