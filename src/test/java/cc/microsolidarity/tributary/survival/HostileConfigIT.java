package cc.microsolidarity.tributary.survival;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.testing.SyntheticFarm;
import cc.microsolidarity.tributary.testing.TributaryProcess;
import cc.microsolidarity.tributary.testing.Workspace;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile configuration files: {@code validate} answers each with a clear error and exit 1
 * within a bounded time, and a running daemon keeps its last good configuration through all of
 * them, including a file that vanishes while being reloaded.
 */
class HostileConfigIT {
  static final Duration LIMIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  final OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(20))
      .build();

  static String aliasBomb() {
    StringBuilder b = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    char prev = 'a';
    for (char c = 'b'; c <= 'j'; c++) {
      b.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 9; i++) {
        b.append(i == 0 ? "" : ",").append('*').append(prev);
      }
      b.append("]\n");
      prev = c;
    }
    return b.append("feed: *j\nsources: *j\n").toString();
  }

  static byte[] garbage(boolean withNul) {
    byte[] b = new byte[64 * 1024];
    new Random(8).nextBytes(b);
    if (!withNul) {
      for (int i = 0; i < b.length; i++) {
        b[i] = b[i] == 0 ? (byte) 0xff : b[i];
      }
    }
    return b;
  }

  static void write50Mb(Path file) throws Exception {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("feed:\n  title: big\nsources:\n");
      String line = "  - id: s%07d\n    url: \"https://example.org/%07d.xml\"\n";
      for (int i = 0; Files.size(file) < 50L * 1024 * 1024 && i < 2_000_000; i++) {
        w.write(line.formatted(i, i));
        if (i % 10_000 == 0) {
          w.flush();
        }
      }
    }
  }

  /** What each hostile feeds.yaml must be answered with. */
  record Case(String name, String message) {}

  static final List<Case> CASES = List.of(
      new Case("alias-bomb", "aliases"),
      new Case("fifty-mb", "at most 4 MiB"),
      new Case("binary", "binary data"),
      new Case("not-utf8", "not UTF-8"),
      new Case("deep", "nesting depth"),
      new Case("long-scalar", ""));

  static void writeCase(Path file, String name) throws Exception {
    switch (name) {
      case "alias-bomb" -> Files.writeString(file, aliasBomb());
      case "fifty-mb" -> write50Mb(file);
      case "binary" -> Files.write(file, garbage(true));
      case "not-utf8" -> Files.write(file, garbage(false));
      case "deep" -> Files.writeString(file, "feed: " + "[".repeat(10_000) + "]".repeat(10_000)
          + "\n");
      case "long-scalar" -> Files.writeString(file, "feed:\n  title: \"" + "x".repeat(3_000_000)
          + "\"\nsources: []\n");
      default -> throw new IllegalArgumentException(name);
    }
  }

  @Test
  @Timeout(150)
  void validateAnswersEveryHostileFileWithAMessageAndExit1() throws Exception {
    new Workspace(dir).settings("");
    for (Case c : CASES) {
      Path file = dir.resolve(c.name() + ".yaml");
      writeCase(file, c.name());
      long t0 = System.nanoTime();
      TributaryProcess.Exit exit = TributaryProcess.exec(dir, LIMIT, "validate", "--feeds",
          file.toString());
      long ms = (System.nanoTime() - t0) / 1_000_000;
      System.out.printf("hostile config %-11s exit %d in %d ms: %s%n", c.name(), exit.code(), ms,
          exit.output().lines().findFirst().orElse(""));
      assertThat(exit.code()).as(c.name() + ": " + exit.output()).isEqualTo(1);
      assertThat(exit.output()).as(c.name()).contains(file.getFileName().toString() + ":")
          .contains(c.message()).doesNotContain("\tat ").doesNotContain("Exception");
      assertThat(exit.output().length()).as(c.name() + " message size").isLessThan(10_000);
      Files.delete(file);
    }
    // The daemon settings file gets the same treatment.
    Files.write(dir.resolve("config/tributary.yaml"), garbage(true));
    Files.writeString(dir.resolve("feeds.yaml"), "feed:\n  title: t\n  id: \"tag:x,2026:y\"\n"
        + "  link: \"https://x.example\"\nsources: []\n");
    TributaryProcess.Exit exit = TributaryProcess.exec(dir, LIMIT, "validate");
    assertThat(exit.code()).as(exit.output()).isEqualTo(1);
    assertThat(exit.output()).contains("tributary.yaml:").contains("binary data");
  }

  @Test
  @Timeout(60)
  void runRefusesAnInvalidFeedsYamlAtStartWithItsPositionAndFreesThePort() throws Exception {
    // run listens before it reads feeds.yaml (the first byte comes sooner): an invalid file
    // must still end it with the operator's message, and leave the port to the next start.
    new Workspace(dir).settings("").writeFeeds("feed:\n  title: t\n  id: \"tag:x,2026:y\"\n"
        + "  link: \"https://x.example\"\nsources:\n  - id: a\n    url: \"https://x.example/a\"\n"
        + "    intervall: 1h\n");
    int port = TributaryProcess.freePort();
    TributaryProcess.Exit exit = TributaryProcess.exec(dir, LIMIT, "run", "--port",
        Integer.toString(port));
    assertThat(exit.code()).as(exit.output()).isEqualTo(1);
    assertThat(exit.output()).contains("feeds.yaml:8:5:").contains("intervall")
        .doesNotContain("\tat ").doesNotContain("Exception");
    try (java.net.ServerSocket again = new java.net.ServerSocket()) {
      again.bind(new java.net.InetSocketAddress("127.0.0.1", port));
    }
  }

  @Test
  @Timeout(60)
  void runOnAPortAlreadyTakenSaysSoWithoutAStackTrace() throws Exception {
    new Workspace(dir).settings("").writeFeeds("feed:\n  title: t\n  id: \"tag:x,2026:y\"\n"
        + "  link: \"https://x.example\"\nsources:\n  - id: a\n    url: \"https://x.example/a\"\n");
    try (java.net.ServerSocket taken = new java.net.ServerSocket()) {
      taken.bind(new java.net.InetSocketAddress(0)); // every address, so any bind of it fails
      int port = taken.getLocalPort();
      TributaryProcess.Exit exit = TributaryProcess.exec(dir, LIMIT, "run", "--port",
          Integer.toString(port));
      assertThat(exit.code()).as(exit.output()).isEqualTo(4);
      assertThat(exit.output()).contains("error: port " + port + " is in use")
          .doesNotContain("\tat ").doesNotContain("Exception");
    }
  }

  /** A feeds.yaml of valid sources just under the 4 MiB a config file may be. */
  static void writeNearly4Mb(Path file) throws Exception {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("feed:\n  title: big\n  id: \"tag:x,2026:y\"\n  link: \"https://x.example\"\n"
          + "sources:\n");
      String line = "  - id: s%06d\n    url: \"https://example.org/%06d.xml\"\n";
      for (int i = 0; i < 70_000; i++) {
        w.write(line.formatted(i, i));
      }
    }
    assertThat(Files.size(file)).isLessThan(4L * 1024 * 1024);
  }

  @Test
  @Timeout(90)
  void runThatRunsOutOfMemoryWhileStartingExitsWithAMessage() throws Exception {
    // The server listens before feeds.yaml is read, so its threads outlive a main thread that
    // dies: an Error there used to leave a process serving 503 that ignored SIGTERM.
    new Workspace(dir).settings("");
    writeNearly4Mb(dir.resolve("feeds.yaml"));
    int port = TributaryProcess.freePort();
    TributaryProcess.Exit exit = TributaryProcess.exec(dir, LIMIT, List.of("-Xmx24m"), "run",
        "--port", Integer.toString(port));
    assertThat(exit.code()).as(exit.output()).isEqualTo(4);
    assertThat(exit.output()).contains("error: out of memory (Java heap space): give the JVM"
        + " more heap (-Xmx)").doesNotContain("\tat ");
    try (java.net.ServerSocket again = new java.net.ServerSocket()) {
      again.bind(new java.net.InetSocketAddress("127.0.0.1", port));
    }
  }

  @Test
  @Timeout(150)
  void aRunningDaemonKeepsItsLastGoodConfigurationThroughEveryHostileFile() throws Exception {
    try (SyntheticFarm farm = new SyntheticFarm(2)) {
      Map<String, String> sources = new LinkedHashMap<>(Workspace.farmSources(farm, 3));
      Workspace ws = new Workspace(dir).settings("").feeds(sources, 50);
      Path feeds = dir.resolve("feeds.yaml");
      try (TributaryProcess daemon = TributaryProcess.run(dir, "256m")) {
        daemon.awaitServing(http, Duration.ofSeconds(30));
        awaitFeed(daemon, "Source 2 item 1", true);
        String good = get(daemon, "/feed.atom");
        int invalid = 0;
        for (Case c : CASES) {
          Path tmp = dir.resolve(".hostile.tmp");
          writeCase(tmp, c.name());
          Files.move(tmp, feeds, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          invalid++;
          awaitInvalid(daemon, invalid, c);
          assertThat(daemon.isAlive()).isTrue();
          assertThat(get(daemon, "/feed.atom")).isEqualTo(good);
          ws.feeds(sources, 50); // back to good (unchanged: no reload needed, nor done)
          awaitConfigStatus(daemon, "ok");
        }
        // Vanishing: deleted outright, then flickering in and out while being reloaded.
        Files.delete(feeds);
        awaitConfigStatus(daemon, "invalid");
        assertThat(get(daemon, "/feed.atom")).isEqualTo(good);
        Map<String, String> more = new LinkedHashMap<>(sources);
        more.put("late", farm.sourceUrl(7));
        for (int i = 0; i < 30; i++) {
          ws.feeds(i % 2 == 0 ? more : sources, 50);
          Thread.sleep(i * 17 % 350);
          Files.deleteIfExists(feeds);
          Thread.sleep(i * 31 % 200);
        }
        assertThat(daemon.isAlive()).isTrue();
        ws.feeds(more, 50);
        awaitConfigStatus(daemon, "ok");
        awaitFeed(daemon, "Source 7 item 1", true);
        assertThat(daemon.log()).doesNotContain(" ERROR ").doesNotContain("\tat ");
        assertThat(daemon.terminate(Duration.ofSeconds(20))).as(daemon.logTail(3000)).isZero();
      }
    }
  }

  String get(TributaryProcess daemon, String path) throws Exception {
    try (Response r = http.newCall(new Request.Builder().url(daemon.url(path)).build())
        .execute()) {
      assertThat(r.code()).as(path).isEqualTo(200);
      return r.body().string();
    }
  }

  JsonNode health(TributaryProcess daemon) throws Exception {
    return new ObjectMapper().readTree(get(daemon, "/health"));
  }

  void awaitInvalid(TributaryProcess daemon, int count, Case c) throws Exception {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    String metric = "tributary_config_reloads_total{result=\"invalid\"} " + count;
    while (!get(daemon, "/metrics").contains(metric)) {
      if (System.nanoTime() > deadline || !daemon.isAlive()) {
        throw new AssertionError(c.name() + " not rejected within " + LIMIT + "\n"
            + daemon.logTail(4000));
      }
      Thread.sleep(100);
    }
    awaitConfigStatus(daemon, "invalid");
    assertThat(health(daemon).path("config").path("last_error").asText()).as(c.name())
        .contains("feeds.yaml:").contains(c.message());
  }

  void awaitConfigStatus(TributaryProcess daemon, String status) throws Exception {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (!health(daemon).path("config").path("status").asText().equals(status)) {
      if (System.nanoTime() > deadline || !daemon.isAlive()) {
        throw new AssertionError("config status not " + status + "\n" + daemon.logTail(4000));
      }
      Thread.sleep(100);
    }
  }

  void awaitFeed(TributaryProcess daemon, String text, boolean present) throws Exception {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (get(daemon, "/feed.atom").contains(text) != present) {
      if (System.nanoTime() > deadline || !daemon.isAlive()) {
        throw new AssertionError("feed " + (present ? "without " : "with ") + text + "\n"
            + daemon.logTail(4000));
      }
      Thread.sleep(200);
    }
  }
}
