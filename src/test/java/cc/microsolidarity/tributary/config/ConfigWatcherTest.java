package cc.microsolidarity.tributary.config;

import static cc.microsolidarity.tributary.testing.Eventually.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import cc.microsolidarity.tributary.model.FeedsConfig;
import cc.microsolidarity.tributary.model.Source;
import cc.microsolidarity.tributary.testing.LogLines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigWatcherTest {
  static final String HEAD = """
      feed:
        title: "T"
        id: "tag:example.org,2024:merged"
        link: "https://example.org"
      sources:
      """;

  @TempDir Path dir;
  Path file;
  final List<FeedsConfig> reloaded = new CopyOnWriteArrayList<>();
  final List<ConfigException> rejected = new CopyOnWriteArrayList<>();
  ConfigWatcher watcher;

  @BeforeEach
  void start() throws Exception {
    file = dir.resolve("feeds.yaml");
    Files.writeString(file, HEAD + source("a"));
    watcher = newWatcher();
    assertThat(watcher.loadFirst().sources()).extracting(Source::id).containsExactly("a");
    watcher.start(recorder());
  }

  ConfigWatcher newWatcher() {
    return new ConfigWatcher(file, new FeedsConfigLoader(), Duration.ofMillis(100),
        Duration.ofMillis(500));
  }

  ConfigWatcher.Listener recorder() {
    return new ConfigWatcher.Listener() {
      @Override
      public void reloaded(FeedsConfig config) {
        reloaded.add(config);
      }

      @Override
      public void rejected(ConfigException problems) {
        rejected.add(problems);
      }
    };
  }

  @AfterEach
  void stop() {
    watcher.close();
  }

  static String source(String id) {
    return "  - id: " + id + "\n    url: \"https://example.org/" + id + "\"\n";
  }

  /** SIGHUP: a look at once, however long the watch would take, and a word when unchanged. */
  @Test
  void aCheckAskedForLooksAtOnceAndSaysWhenNothingChanged() throws Exception {
    watcher.close();
    watcher = new ConfigWatcher(file, new FeedsConfigLoader(), Duration.ofHours(1),
        Duration.ofHours(1));
    watcher.loadFirst();
    watcher.start(recorder());
    try (LogLines log = LogLines.of("tributary.config")) {
      watcher.checkAt("SIGHUP");
      until(Duration.ofSeconds(5), () -> !log.lines().isEmpty());
      assertThat(log.lines()).containsExactly("INFO SIGHUP: " + file + " is unchanged");

      Files.writeString(file, HEAD + source("a") + source("b"));
      watcher.checkAt("SIGHUP");
      until(Duration.ofSeconds(5), () -> !reloaded.isEmpty());
      assertThat(reloaded.get(0).sources()).extracting(Source::id).containsExactly("a", "b");
    }
  }

  @Test
  void aReloadThatRunsOutOfMemoryIsRejectedWithAMessage() throws Exception {
    watcher.close();
    watcher = newWatcher();
    watcher.loadFirst();
    watcher.start(new ConfigWatcher.Listener() {
      @Override
      public void reloaded(FeedsConfig config) {
        throw new OutOfMemoryError("Java heap space"); // as scheduling 70,000 sources did
      }

      @Override
      public void rejected(ConfigException problems) {
        rejected.add(problems);
      }
    });
    try (LogLines log = LogLines.of("tributary.config")) {
      Files.writeString(file, HEAD + source("a") + source("b"));
      until(Duration.ofSeconds(5), () -> !rejected.isEmpty());
      String problem = file + ":1:1: too large for the JVM's heap: reloading it ran out of"
          + " memory; give the JVM more heap (-Xmx)";
      assertThat(rejected.get(0).problems()).singleElement().asString().isEqualTo(problem);
      assertThat(log.lines()).contains("ERROR " + problem
          + "; keeping the last good configuration");
    }
  }

  @Test
  void closingDoesNotWaitForAWatchThatNeverCloses() throws Exception {
    // The JDK's watch closes through its own thread; when that thread had died of
    // OutOfMemoryError, close() never returned and the daemon's stop hung.
    watcher.close();
    CountDownLatch never = new CountDownLatch(1);
    watcher = new ConfigWatcher(file, new FeedsConfigLoader(), Duration.ofMillis(100),
        Duration.ofMillis(500), folder -> new StuckWatch(ConfigWatcher.watch(folder), never));
    watcher.loadFirst();
    watcher.start(recorder());
    try (LogLines log = LogLines.of("tributary.config")) {
      assertTimeoutPreemptively(Duration.ofSeconds(10),
          watcher::close);
      assertThat(log.lines()).containsExactly("WARN the watch on " + file
          + " did not close within 2 s; going on without closing it");
    } finally {
      never.countDown();
    }
  }

  /** A watch whose close waits until {@code released}, as one whose thread died would. */
  record StuckWatch(WatchService real, CountDownLatch released)
      implements WatchService {
    @Override
    public void close() throws IOException {
      try {
        released.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      real.close();
    }

    @Override
    public WatchKey poll() {
      return real.poll();
    }

    @Override
    public WatchKey poll(long timeout, TimeUnit unit)
        throws InterruptedException {
      return real.poll(timeout, unit);
    }

    @Override
    public WatchKey take() throws InterruptedException {
      return real.take();
    }
  }

  @Test
  void anEditInPlaceIsReloaded() throws Exception {
    Files.writeString(file, HEAD + source("a") + source("b"));
    until(Duration.ofSeconds(5), () -> !reloaded.isEmpty());
    assertThat(reloaded.get(reloaded.size() - 1).sources()).extracting(Source::id)
        .containsExactly("a", "b");
  }

  @Test
  void anEditorThatSavesByRenameIsSeen() throws Exception {
    Path tmp = dir.resolve(".feeds.yaml.swp");
    Files.writeString(tmp, HEAD + source("c"));
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    until(Duration.ofSeconds(5), () -> !reloaded.isEmpty());
    assertThat(reloaded.get(reloaded.size() - 1).sources()).extracting(Source::id)
        .containsExactly("c");
  }

  @Test
  void anInvalidEditIsRejectedWithPositionsAndAFixIsTakenLater() throws Exception {
    try (LogLines log = LogLines.of("tributary.config")) {
      Files.writeString(file, HEAD + source("a") + "  - id: B!\n    url: nope\n");
      until(Duration.ofSeconds(5), () -> !rejected.isEmpty());
      assertThat(log.lines()).singleElement().asString()
          .startsWith("WARN " + file + " has 2 problems; keeping the last good configuration:\n"
              + file + ":8:");
    }
    assertThat(reloaded).isEmpty();
    assertThat(rejected.get(0).problems()).extracting(p -> p.mark().line())
        .containsExactly(8, 9);

    Files.writeString(file, HEAD + source("a") + source("b"));
    until(Duration.ofSeconds(5), () -> !reloaded.isEmpty());
  }

  @Test
  void oneProblemIsCountedInTheSingular() throws Exception {
    try (LogLines log = LogLines.of("tributary.config")) {
      Files.writeString(file, HEAD + source("a").replace("id: a", "id: A"));
      until(Duration.ofSeconds(5), () -> !rejected.isEmpty());
      assertThat(log.lines()).singleElement().asString()
          .startsWith("WARN " + file + " has 1 problem; keeping the last good configuration:\n");
    }
  }

  @Test
  void aVanishedFileIsRejectedNotFatal() throws Exception {
    Files.delete(file);
    until(Duration.ofSeconds(5), () -> !rejected.isEmpty());
    assertThat(rejected.get(0).problems().get(0).message()).isEqualTo("file not found");
    Files.writeString(file, HEAD + source("z"));
    until(Duration.ofSeconds(5), () -> !reloaded.isEmpty());
  }

  @Test
  void anEditBetweenTheFirstReadAndTheStartIsReloadedAtTheStart() throws Exception {
    watcher.close();
    Files.writeString(file, HEAD + source("a"));
    watcher = newWatcher();
    watcher.loadFirst();
    // A daemon opens its database and schedules its sources before it starts watching.
    Files.writeString(file, HEAD + source("a") + source("late"));
    watcher.start(recorder());
    until(Duration.ofSeconds(5), () -> !reloaded.isEmpty());
    assertThat(reloaded.get(0).sources()).extracting(Source::id).containsExactly("a", "late");
  }

  @Test
  void anUnchangedSaveIsNotAReload() throws Exception {
    Files.writeString(file, HEAD + source("a"));
    Thread.sleep(800);
    assertThat(reloaded).isEmpty();
    assertThat(rejected).isEmpty();
  }
}
