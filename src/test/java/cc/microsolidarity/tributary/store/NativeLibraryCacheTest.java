package cc.microsolidarity.tributary.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

class NativeLibraryCacheTest {
  static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir Path dir;

  @Test
  void theCacheFolderIsSystemdsThenXdgsThenTheHomeFolders() {
    assertThat(NativeLibraryCache.folder(Map.of("CACHE_DIRECTORY", "/var/cache/tributary:/x",
        "XDG_CACHE_HOME", "/home/op/.xdg"), "/home/op"))
        .contains(Path.of("/var/cache/tributary"));
    assertThat(NativeLibraryCache.folder(Map.of("XDG_CACHE_HOME", "/home/op/.xdg"), "/home/op"))
        .contains(Path.of("/home/op/.xdg/tributary"));
    // The XDG spec says a relative path is to be ignored.
    assertThat(NativeLibraryCache.folder(Map.of("XDG_CACHE_HOME", "rel"), "/home/op"))
        .contains(Path.of("/home/op/.cache/tributary"));
    assertThat(NativeLibraryCache.folder(Map.of("CACHE_DIRECTORY", " "), "/home/op"))
        .contains(Path.of("/home/op/.cache/tributary"));
    // "?" is what Java says for a user with no home entry.
    assertThat(NativeLibraryCache.folder(Map.of(), "?")).isEmpty();
    assertThat(NativeLibraryCache.folder(Map.of(), null)).isEmpty();
  }

  @Test
  void theLibraryIsWrittenOnceWholeAndReusedAfterwards() throws Exception {
    Path lib = NativeLibraryCache.prepare(dir, CLOCK).orElseThrow();

    assertThat(lib.getParent().getParent()).isEqualTo(dir);
    assertThat(lib.getParent().getFileName().toString())
        .startsWith("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion() + "-");
    assertThat(Files.readAllBytes(lib)).isEqualTo(bundledLibrary());
    assertThat(Files.isReadable(lib)).isTrue();
    try (Stream<Path> files = Files.list(lib.getParent())) {
      assertThat(files).containsExactly(lib); // no half-written copy left
    }

    FileTime old = FileTime.from(NOW.minus(Duration.ofDays(30)));
    Files.setLastModifiedTime(lib, old);
    Object identity = Files.readAttributes(lib, BasicFileAttributes.class).fileKey();

    assertThat(NativeLibraryCache.prepare(dir, CLOCK)).contains(lib);
    assertThat(Files.getLastModifiedTime(lib)).isEqualTo(old);
    assertThat(Files.readAttributes(lib, BasicFileAttributes.class).fileKey())
        .isEqualTo(identity);
  }

  @Test
  void anEmptyCopyIsWrittenAgain() throws Exception {
    Path lib = NativeLibraryCache.prepare(dir, CLOCK).orElseThrow();
    Files.write(lib, new byte[0]);

    assertThat(NativeLibraryCache.prepare(dir, CLOCK)).contains(lib);
    assertThat(Files.readAllBytes(lib)).isEqualTo(bundledLibrary());
  }

  @Test
  void otherVersionsAndAbandonedHalfCopiesAreRemovedWhenTheLibraryIsWritten() throws Exception {
    Path older = Files.createDirectories(dir.resolve("sqlite-jdbc-3.40.0.0-Linux-amd64"));
    Files.write(older.resolve("libsqlitejdbc.so"), new byte[] {1, 2, 3});
    Path unrelated = Files.createDirectories(dir.resolve("other-tool"));
    Path current = NativeLibraryCache.prepare(dir, CLOCK).orElseThrow().getParent();
    Files.delete(current.resolve(LibraryLoaderUtil.getNativeLibName()));
    Path abandoned = Files.write(current.resolve("libsqlitejdbc.so123.part"), new byte[] {1});
    Files.setLastModifiedTime(abandoned, FileTime.from(NOW.minus(Duration.ofMinutes(5))));
    // Another process may be writing this one right now.
    Path fresh = Files.write(current.resolve("libsqlitejdbc.so456.part"), new byte[] {1});
    Files.setLastModifiedTime(fresh, FileTime.from(NOW.minusSeconds(5)));

    NativeLibraryCache.prepare(dir, CLOCK).orElseThrow();

    assertThat(older).doesNotExist();
    assertThat(unrelated).exists();
    assertThat(abandoned).doesNotExist();
    assertThat(fresh).exists();
  }

  @Test
  void aFolderThatCannotBeMadeMeansNoCacheAndNoError() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-folder"), "x");

    assertThat(NativeLibraryCache.prepare(file, CLOCK)).isEqualTo(Optional.empty());
    assertThat(NativeLibraryCache.prepare(file.resolve("below"), CLOCK)).isEmpty();
  }

  private static byte[] bundledLibrary() throws Exception {
    String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/"
        + LibraryLoaderUtil.getNativeLibName();
    try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
      return in.readAllBytes();
    }
  }
}
