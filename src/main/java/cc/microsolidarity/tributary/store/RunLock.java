package cc.microsolidarity.tributary.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One daemon per database, and one {@code poll --due-only}. A second {@code run} on the same
 * file (a copy started by hand beside the service, on another port) would poll every source
 * twice and fight the first for the write lock; it is refused, naming the holder. A cron
 * {@code poll --due-only} that starts while the last is still running would fetch the same
 * due sources again; it finds the lock taken and leaves the work to that one. The lock is the
 * operating system's on a file beside the database, so it ends with its process however that
 * ends (kill -9 included); the file itself stays and is taken over by the next. A {@code poll}
 * by hand takes none: beside a daemon, or beside cron, it is asked for and fine.
 */
public final class RunLock implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("tributary.store");

  /** Null when the process runs unguarded (see {@link #unguarded}). */
  private final FileChannel channel;

  private RunLock(FileChannel channel) {
    this.channel = channel;
  }

  /** The lock file of this database's daemon: its name with {@code .run-lock} added. */
  public static Path fileFor(Path database) {
    return beside(database, ".run-lock");
  }

  /** The lock file of this database's {@code poll --due-only}: {@code .poll-lock}. */
  public static Path pollFileFor(Path database) {
    return beside(database, ".poll-lock");
  }

  private static Path beside(Path database, String suffix) {
    Path absolute = database.toAbsolutePath();
    return absolute.resolveSibling(absolute.getFileName() + suffix);
  }

  /**
   * Takes the lock for a daemon started at {@code started}, creating the database's folder
   * when absent; when the lock file cannot be made or locked, says so and runs unguarded.
   *
   * @throws StoreException when another daemon holds it (the message names it)
   */
  public static RunLock take(Path database, long pid, Instant started) {
    Attempt attempt = attempt(fileFor(database), pid, started);
    if (attempt.lock() == null) {
      throw new StoreException(database + " is in use by another 'tributary run'"
          + attempt.holderInParentheses() + ": two daemons"
          + " on one database would poll every source twice. Stop that one first, or give this"
          + " one its own --db", null);
    }
    return attempt.lock();
  }

  /** The lock taken, or, when another process holds it, what it wrote of itself. */
  public record Attempt(RunLock lock, String holder) {
    /** " (pid 4242, started …)" for a message, or nothing when the holder wrote nothing. */
    public String holderInParentheses() {
      return holder.isEmpty() ? "" : " (" + holder + ")";
    }
  }

  /**
   * Takes the lock on {@code file} for a process started at {@code started}, creating its
   * folder; unguarded (a lock that locks nothing) when the file cannot be made or locked.
   */
  public static Attempt attempt(Path file, long pid, Instant started) {
    FileChannel channel;
    FileLock lock;
    try {
      Files.createDirectories(file.getParent());
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      return new Attempt(unguarded(file, e), "");
    }
    try {
      lock = tryLock(channel);
    } catch (IOException e) {
      closeQuietly(channel);
      return new Attempt(unguarded(file, e), "");
    }
    if (lock == null) {
      String holder = holder(channel);
      closeQuietly(channel);
      return new Attempt(null, holder);
    }
    try {
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(("pid " + pid + ", started "
          + started.truncatedTo(ChronoUnit.SECONDS) + "\n").getBytes(StandardCharsets.UTF_8)), 0);
    } catch (IOException e) {
      // A full disk: the lock holds all the same, only another process cannot name this one.
    }
    return new Attempt(new RunLock(channel), "");
  }

  /**
   * Without the lock file (a read-only disk, a file system without locks) the process runs
   * on, unguarded: the guard is a convenience, and a daemon that can still serve its feeds
   * must not be kept from starting by it.
   */
  private static RunLock unguarded(Path file, IOException e) {
    log.warn("cannot lock {} ({}): a second process like this one would not be refused",
        file, e.getMessage());
    return new RunLock(null);
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException sameProcess) {
      return null;
    }
  }

  /** What the holder wrote: its pid and start, or nothing when it has not (yet, or could not). */
  private static String holder(FileChannel channel) {
    ByteBuffer buf = ByteBuffer.allocate(200);
    try {
      channel.read(buf, 0);
    } catch (IOException e) {
      return "";
    }
    return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip();
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // already failing
      }
    }
  }

  /** Releases the lock (closing the file releases it too, as does the process ending). */
  @Override
  public void close() {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
