package cc.microsolidarity.tributary.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Remembers that a database file passed SQLite's integrity check, so that the next open need
 * not read the whole file again. On a 2 GB database that read took 2.5 s from the page cache
 * and 7 minutes from a cold disk, before every cron {@code poll}.
 *
 * <p>The seal is a sidecar, {@code <db>-checked}, written at a clean close. It records the
 * file as Tributary left it: size, modification and change times, and the file's identity
 * (device and inode). It vouches for the file only while all of these are unchanged, no
 * write-ahead log is waiting to be replayed, and its check is under {@link #MAX_AGE} old.
 * Any other write to the file, a copy, or a restore changes one of them, and the next open
 * reads the whole file again.
 *
 * <p>File systems stamp times in ticks (1–10 ms on some), so a write in the tick of our own
 * last write would keep the recorded times. As git does for its index, the seal vouches only
 * when its own file is younger than the database's last change: it is written again until
 * a tick has passed, and not kept if none passes.
 */
final class IntegritySeal {
  /** A check older than this is done again even on an unchanged file (silent disk rot). */
  static final Duration MAX_AGE = Duration.ofDays(7);

  private static final String MAGIC = "tributary-integrity-seal 1";
  private static final int RACY_RETRIES = 50;

  private final Path database;
  private final Path seal;
  private final Path wal;
  private final Clock clock;

  IntegritySeal(Path database, Clock clock) {
    this.database = database;
    this.seal = database.resolveSibling(database.getFileName() + "-checked");
    this.wal = database.resolveSibling(database.getFileName() + "-wal");
    this.clock = clock;
  }

  /** When the check it carries was made, if the seal vouches for the file as it is now. */
  Optional<Instant> vouchedCheck() {
    try {
      if (Files.exists(wal) && Files.size(wal) > 0) {
        return Optional.empty(); // a crashed writer's commits, replayed at open
      }
      String[] fields = Files.readString(seal, StandardCharsets.US_ASCII).strip().split("\n");
      if (fields.length != 3 || !MAGIC.equals(fields[0])) {
        return Optional.empty();
      }
      Instant checked = Instant.ofEpochMilli(Long.parseLong(fields[2]));
      Instant now = clock.instant();
      if (checked.isAfter(now) || Duration.between(checked, now).compareTo(MAX_AGE) > 0) {
        return Optional.empty();
      }
      Stamp recorded = Stamp.parse(fields[1]);
      Stamp current = Stamp.of(database);
      if (!current.equals(recorded) || !sealYoungerThan(recorded)) {
        return Optional.empty();
      }
      return Optional.of(checked);
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // missing, torn or foreign: check the file
    }
  }

  /**
   * Seals the file as it is now, carrying the time of its last full check; after the last
   * connection to it closed. Drops the seal instead when a write-ahead log remains (another
   * process still has the database open). Best effort: on failure the next open checks the
   * file.
   */
  void write(Instant checked) {
    try {
      if (Files.exists(wal) && Files.size(wal) > 0) {
        remove();
        return;
      }
      Stamp stamp = Stamp.of(database);
      String text = MAGIC + "\n" + stamp + "\n" + checked.toEpochMilli() + "\n";
      Path temp = seal.resolveSibling(seal.getFileName() + ".tmp");
      for (int i = 0; i < RACY_RETRIES; i++) {
        Files.writeString(temp, text, StandardCharsets.US_ASCII);
        Files.move(temp, seal, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
        if (sealYoungerThan(stamp)) {
          return;
        }
        Thread.sleep(1);
      }
      remove();
    } catch (IOException e) {
      remove();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      remove();
    }
  }

  /** Drops the seal: the next open checks the whole file. */
  void remove() {
    try {
      Files.deleteIfExists(seal);
    } catch (IOException ignored) {
      // A seal that cannot be deleted no longer matches a file that was written to; one that
      // still matches vouches for a file Tributary last saw intact.
    }
  }

  private boolean sealYoungerThan(Stamp stamp) throws IOException {
    long sealed = Files.getLastModifiedTime(seal).to(TimeUnit.NANOSECONDS);
    return sealed > Math.max(stamp.modified(), stamp.changed());
  }

  /** What identifies a file's bytes without reading them. */
  record Stamp(long size, long modified, long changed, String identity) {
    static Stamp of(Path file) throws IOException {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      long modified = a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
      long changed = modified;
      try {
        // The inode's change time also moves when the modification time is set back.
        changed = ((FileTime) Files.getAttribute(file, "unix:ctime")).to(TimeUnit.NANOSECONDS);
      } catch (UnsupportedOperationException | IllegalArgumentException e) {
        // not a Unix file system: the modification time alone
      }
      Object key = a.fileKey();
      return new Stamp(a.size(), modified, changed,
          key == null ? "-" : key.toString().replace(' ', '_'));
    }

    static Stamp parse(String line) {
      String[] f = line.split(" ");
      if (f.length != 4) {
        throw new IllegalArgumentException("not a stamp: " + line);
      }
      return new Stamp(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), f[3]);
    }

    @Override
    public String toString() {
      return size + " " + modified + " " + changed + " " + identity;
    }
  }
}
