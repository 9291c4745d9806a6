package cc.microsolidarity.tributary.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * Keeps SQLite's JNI library in a per-user cache folder and points sqlite-jdbc at it.
 *
 * <p>Left to itself, sqlite-jdbc copies its 1 MB library out of the jar into the temporary
 * folder at every start, reads the copy back to compare it, and deletes it at exit: ~30 ms of
 * each start. A process killed with SIGKILL leaves its copy behind for good, beside a lock
 * file that stops sqlite-jdbc's own clean-up from ever removing it, and a temporary folder
 * mounted {@code noexec} cannot load it at all.
 *
 * <p>Here the library is written once per driver version and platform, under {@code
 * $CACHE_DIRECTORY} (systemd's {@code CacheDirectory=}), {@code $XDG_CACHE_HOME/tributary} or
 * {@code ~/.cache/tributary}, and every start loads it from there. Best effort: when no
 * folder is usable (unwritable, or mounted {@code noexec}), or the operator set sqlite-jdbc's
 * own properties, sqlite-jdbc does as it always did.
 */
final class NativeLibraryCache {
  static final String LIB_PATH = "org.sqlite.lib.path";
  static final String LIB_NAME = "org.sqlite.lib.name";
  /** Where the operator wants sqlite-jdbc's own copies: then we leave it to sqlite-jdbc. */
  static final String TEMP_DIR = "org.sqlite.tmpdir";
  /** As sqlite-jdbc finds its own version: the first has all four parts (3.50.3.0). */
  private static final List<String> VERSION_RESOURCES = List.of(
      "/META-INF/maven/org.xerial/sqlite-jdbc/pom.properties",
      "/META-INF/maven/org.xerial/sqlite-jdbc/VERSION");
  /** A half-written copy older than this was left by a killed process, not one at work. */
  private static final Duration ABANDONED = Duration.ofMinutes(1);
  private static final String FOLDER_PREFIX = "sqlite-jdbc-";
  private static final String PARTIAL = ".part";

  private NativeLibraryCache() {}

  /**
   * {@link #install} for this process's environment, once, on first use: {@link Database}
   * calls it before it opens a connection, so commands that never open a database never load
   * the library (loading it starts sqlite-jdbc and its logging: ~70 ms of a {@code --version}).
   */
  static void installOnce() {
    OnFirstUse.run();
  }

  private static final class OnFirstUse {
    static {
      install(System.getenv(), System.getProperty("user.home"));
    }

    static void run() {
      // the class's initialisation, which the JVM runs once, did the work
    }
  }

  private static void install(Map<String, String> env, String userHome) {
    if (System.getProperty(LIB_PATH) != null || System.getProperty(TEMP_DIR) != null) {
      return;
    }
    folder(env, userHome).flatMap(root -> prepare(root, Clock.systemUTC()))
        .filter(NativeLibraryCache::loads)
        .ifPresent(lib -> {
          System.setProperty(LIB_PATH, lib.getParent().toString());
          System.setProperty(LIB_NAME, lib.getFileName().toString());
        });
  }

  /**
   * Loads the copy now: a folder mounted {@code noexec} (or a copy that does not fit this
   * system) fails here, quietly, and sqlite-jdbc then extracts its own as it always did,
   * rather than logging the failure at every start. Loaded by this class's loader, which is
   * sqlite-jdbc's, so its own load of the same file is then a no-op.
   */
  private static boolean loads(Path lib) {
    try {
      System.load(lib.toAbsolutePath().toString());
      return true;
    } catch (UnsatisfiedLinkError | SecurityException e) {
      return false;
    }
  }

  /** The cache folder for this user or service, if one is named. */
  static Optional<Path> folder(Map<String, String> env, String userHome) {
    try {
      String systemd = env.get("CACHE_DIRECTORY");
      if (present(systemd)) {
        return Optional.of(Path.of(systemd.split(":")[0])); // it may list several
      }
      String xdg = env.get("XDG_CACHE_HOME");
      if (present(xdg) && Path.of(xdg).isAbsolute()) { // the spec ignores a relative one
        return Optional.of(Path.of(xdg, "tributary"));
      }
      if (present(userHome) && !"?".equals(userHome)) { // "?": the user has no home entry
        return Optional.of(Path.of(userHome, ".cache", "tributary"));
      }
    } catch (InvalidPathException e) {
      // fall through: no usable folder
    }
    return Optional.empty();
  }

  /**
   * This driver's library for this platform in {@code root}, written there first if absent;
   * empty when that cannot be done (no driver version, unwritable folder, no library fits).
   */
  static Optional<Path> prepare(Path root, Clock clock) {
    Optional<String> version = driverVersion();
    if (version.isEmpty()) {
      return Optional.empty();
    }
    String platform = (System.getProperty("os.name") + "-" + System.getProperty("os.arch"))
        .replaceAll("[^A-Za-z0-9._-]", "");
    Path folder = root.resolve(FOLDER_PREFIX + version.get() + "-" + platform);
    Path lib = folder.resolve(LibraryLoaderUtil.getNativeLibName());
    try {
      // Written whole and renamed into place, so a file under this name is complete.
      if (Files.isRegularFile(lib) && Files.size(lib) > 0) {
        return Optional.of(lib);
      }
      Files.createDirectories(folder);
      removeStale(root, folder, clock.instant().minus(ABANDONED));
      return extract(LibraryLoaderUtil.getNativeLibResourcePath() + "/" + lib.getFileName(),
          lib) ? Optional.of(lib) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static boolean extract(String resource, Path lib) throws IOException {
    Path partial = Files.createTempFile(lib.getParent(), lib.getFileName().toString(), PARTIAL);
    try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
      if (in == null) {
        return false; // no library for this platform: sqlite-jdbc will say so
      }
      try (FileChannel out = FileChannel.open(partial, StandardOpenOption.WRITE)) {
        in.transferTo(Channels.newOutputStream(out));
        out.force(true);
      }
      Files.move(partial, lib, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      return true;
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  /** Other versions' folders, and copies a killed extraction left half written. */
  private static void removeStale(Path root, Path current, Instant abandonedBefore) {
    try (DirectoryStream<Path> all = Files.newDirectoryStream(root, FOLDER_PREFIX + "*")) {
      for (Path folder : all) {
        boolean old = !folder.equals(current);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
          for (Path f : files) {
            if (old || f.getFileName().toString().endsWith(PARTIAL)
                && Files.getLastModifiedTime(f).toInstant().isBefore(abandonedBefore)) {
              Files.deleteIfExists(f);
            }
          }
          if (old) {
            Files.deleteIfExists(folder);
          }
        } catch (IOException | RuntimeException e) {
          // Tidying only: a leftover costs disk, never correctness.
        }
      }
    } catch (IOException | RuntimeException e) {
      // as above
    }
  }

  private static Optional<String> driverVersion() {
    for (String resource : VERSION_RESOURCES) {
      try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
        if (in != null) {
          Properties p = new Properties();
          p.load(in);
          String v = p.getProperty("version", "").replaceAll("[^0-9.]", "");
          if (!v.isEmpty()) {
            return Optional.of(v);
          }
        }
      } catch (IOException | IllegalArgumentException e) {
        // try the next
      }
    }
    return Optional.empty();
  }

  private static boolean present(String s) {
    return s != null && !s.isBlank();
  }
}
