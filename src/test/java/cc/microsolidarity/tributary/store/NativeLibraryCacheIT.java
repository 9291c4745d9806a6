package cc.microsolidarity.tributary.store;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.testing.SyntheticFarm;
import cc.microsolidarity.tributary.testing.Tmpfs;
import cc.microsolidarity.tributary.testing.TributaryProcess;
import cc.microsolidarity.tributary.testing.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real jar loads SQLite's library from the cache folder: no copy in the temporary folder
 * while it runs, none left there by kill -9, and the next start reuses the cached file.
 */
class NativeLibraryCacheIT {
  @TempDir Path dir;
  final OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(10))
      .build();

  @Test
  void theDaemonLoadsSqliteFromTheCacheAndAKillLeavesNoCopyBehind() throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Path cache = dir.resolve("cache");
    Path work = Files.createDirectories(dir.resolve("work"));
    List<String> jvm = List.of("-Djava.io.tmpdir=" + tmp);
    Map<String, String> env = Map.of("CACHE_DIRECTORY", cache.toString());
    try (SyntheticFarm farm = new SyntheticFarm(3)) {
      new Workspace(work).settings("").feeds(Workspace.farmSources(farm, 2), 10);

      Path lib;
      Object identity;
      try (TributaryProcess first = TributaryProcess.run(work, "128m", jvm, env)) {
        first.awaitServing(http, Duration.ofSeconds(30));
        lib = cachedLibrary(cache);
        identity = fileKey(lib);
        assertThat(Files.readString(Path.of("/proc", String.valueOf(first.pid()), "maps")))
            .contains(lib.toString());
        assertThat(sqliteFiles(tmp)).isEmpty(); // sqlite-jdbc alone keeps its copy here
        first.kill();
      }
      assertThat(sqliteFiles(tmp)).isEmpty();

      try (TributaryProcess second = TributaryProcess.run(work, "128m", jvm, env)) {
        second.awaitServing(http, Duration.ofSeconds(30));
        assertThat(cachedLibrary(cache)).isEqualTo(lib);
        assertThat(fileKey(lib)).as("the same file, not written again").isEqualTo(identity);
        assertThat(second.terminate(Duration.ofSeconds(20))).isZero();
      }
    }
  }

  @Test
  void aCommandThatOpensNoDatabaseDoesNotLoadTheLibrary() throws Exception {
    Path cache = dir.resolve("cache");

    TributaryProcess.Exit validate = runWithCache(cache, "validate");

    assertThat(validate.code()).as(validate.output()).isZero();
    assertThat(cache).doesNotExist();
  }

  @Test
  void withNoUsableCacheFolderSqliteStillLoadsAsBefore() throws Exception {
    Path notAFolder = Files.writeString(dir.resolve("cache"), "a file");

    TributaryProcess.Exit poll = runWithCache(notAFolder, "poll");

    assertThat(poll.code()).as(poll.output()).isZero();
    assertThat(poll.output()).contains("2 sources");
  }

  @Test
  void aCacheFolderThatCannotHoldProgramsFallsBackToTheTemporaryFolder() throws Exception {
    try (Tmpfs noexec = Tmpfs.mount(dir.resolve("cache"), "8m", "noexec")) {
      TributaryProcess.Exit poll = runWithCache(noexec.path(), "poll");

      assertThat(poll.code()).as(poll.output()).isZero();
      assertThat(poll.output()).contains("2 sources")
          .as("quietly: no failed load logged").doesNotContain("UnsatisfiedLinkError");
    }
  }

  /** A one-shot {@code command} over two farm sources, with {@code cache} as CACHE_DIRECTORY. */
  private TributaryProcess.Exit runWithCache(Path cache, String command) throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    try (SyntheticFarm farm = new SyntheticFarm(3)) {
      new Workspace(work).settings("").feeds(Workspace.farmSources(farm, 2), 10);
      return TributaryProcess.exec(work, Duration.ofSeconds(60), List.of(),
          Map.of("CACHE_DIRECTORY", cache.toString()), command);
    }
  }

  private static Path cachedLibrary(Path cache) throws IOException {
    try (Stream<Path> files = Files.walk(cache)) {
      List<Path> found = files.filter(Files::isRegularFile).toList();
      assertThat(found).hasSize(1);
      assertThat(found.get(0).getFileName().toString()).contains("sqlitejdbc");
      return found.get(0);
    }
  }

  private static Object fileKey(Path p) throws IOException {
    return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
  }

  private static List<Path> sqliteFiles(Path tmp) throws IOException {
    try (Stream<Path> files = Files.list(tmp)) {
      return files.filter(f -> f.getFileName().toString().contains("sqlite")).toList();
    }
  }
}
