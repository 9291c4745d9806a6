package cc.microsolidarity.tributary.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Makes the jar's class-data-sharing archive ({@code target/tributary.jsa}) as part of
 * {@code mvn package}: starts the real jar's {@code run}, lets it poll one source of each kind
 * from a loopback farm, requests every output and stops it with SIGTERM, then runs a
 * {@code poll} of the same sources, both with {@code -XX:DumpLoadedClassList}; then
 * {@code java -Xshare:dump} writes every class those two loaded into the archive. A later start
 * with {@code -XX:SharedArchiveFile} maps those classes instead of reading, verifying and
 * linking them from the jar: most of a start's time to its first served byte.
 *
 * <p>A static archive, not one written at exit ({@code -XX:ArchiveClassesAtExit}): on Java 17
 * that one leaves out classes compiled for Java 5, such as picocli's 170 (read and verified on
 * every start, ~50 ms). The archive is only an optimisation, so a failed training says why and
 * leaves no archive rather than failing the build; {@code ClassArchiveIT} then says so too.
 *
 * <p>Usage: {@code ClassArchiveTraining ARCHIVE WORK_DIR}; the jar is {@link TributaryProcess#jar()}.
 * The class list goes beside the archive ({@code tributary.classlist}): with it, one
 * {@code java -Xshare:dump} makes the archive for the same jar installed elsewhere.
 */
public final class ClassArchiveTraining {
  private static final Duration LIMIT = Duration.ofSeconds(90);
  private static final List<String> OUTPUTS = List.of("/", "/feed.atom", "/feed.atom?page=2",
      "/podcast.rss", "/feed.json", "/sources.opml", "/health", "/metrics");

  private ClassArchiveTraining() {}

  public static void main(String[] args) throws Exception {
    Path archive = Path.of(args[0]).toAbsolutePath();
    Path work = Path.of(args[1]).toAbsolutePath();
    // Beside the archive, to make one in place for an installed jar (README, "Class archive").
    Path classes = archive.resolveSibling(
        archive.getFileName().toString().replaceFirst("\\.jsa$", "") + ".classlist");
    Files.deleteIfExists(archive);
    Files.deleteIfExists(classes);
    try {
      train(archive, classes, work);
      System.out.println("[class archive] wrote " + archive + " (" + Files.size(archive) / 1024
          + " KiB)");
    } catch (Exception | AssertionError e) {
      Files.deleteIfExists(archive);
      System.out.println("[class archive] WARNING: no class archive (starts will be slower): "
          + e);
    }
  }

  private static void train(Path archive, Path classes, Path work) throws Exception {
    deleteTree(work);
    Files.createDirectories(work);
    Path runClasses = work.resolve("run.classlist");
    Path pollClasses = work.resolve("poll.classlist");
    OkHttpClient http = new OkHttpClient();
    try (SyntheticFarm farm = new SyntheticFarm(30)) {
      farm.route("/podcast.xml", resource("/e2e/podcast.xml", "application/rss+xml"))
          .route("/blog.atom", resource("/e2e/blog.atom", "application/atom+xml"))
          .route("/tag.xml", resource("/e2e/tag.xml", "application/rss+xml"))
          .route("/feed.json", resource("/parse/json-feed.json", "application/feed+json"));
      new Workspace(work).settings("").writeFeeds("""
          feed:
            title: "Training"
            id: "tag:training.example,2026:merged"
            link: "https://training.example"
            hashtag: microsolidarity
            author: { name: "Crew", email: "crew@example.org" }
            image: "https://training.example/logo.png"
            max_entries: 20
          sources:
            - { id: blog, url: "%s" }
            - { id: podcast, kind: podcast, url: "%s" }
            - { id: atom, url: "%s" }
            - { id: tag, kind: search, url: "%s" }
            - { id: json, url: "%s" }
          """.formatted(farm.sourceUrl(1), farm.url("/podcast.xml"), farm.url("/blog.atom"),
          farm.url("/tag.xml"), farm.url("/feed.json")));
      try (TributaryProcess daemon = TributaryProcess.run(work, "96m",
          List.of("-XX:DumpLoadedClassList=" + runClasses))) {
        daemon.awaitServing(http, LIMIT);
        awaitFirstRound(http, daemon, 5);
        awaitPublished(http, daemon.url("/feed.atom?page=2"));
        for (String path : OUTPUTS) {
          get(http, daemon.url(path), null);
          get(http, daemon.url(path), "gzip");
        }
        int exit = daemon.terminate(LIMIT);
        if (exit != 0) {
          throw new IllegalStateException("daemon exited with " + exit + ":\n"
              + daemon.logTail(2000));
        }
      }
      // A cold poll into a database of its own: the one-shot path's classes too.
      TributaryProcess.Exit poll = TributaryProcess.exec(work, LIMIT,
          List.of("-XX:DumpLoadedClassList=" + pollClasses), "poll",
          "--db", work.resolve("poll/tributary.db").toString(),
          "--out", work.resolve("poll/public").toString());
      if (poll.code() != 0) {
        throw new IllegalStateException("poll exited with " + poll.code() + ":\n"
            + poll.output());
      }
    }
    Files.write(classes, union(runClasses, pollClasses));
    dump(classes, archive, work.resolve("dump.log"));
    if (!Files.isRegularFile(archive) || Files.size(archive) == 0) {
      throw new IllegalStateException("the JVM wrote no archive at " + archive);
    }
  }

  /** The lines of both class lists, each once, in the order first seen. */
  private static List<String> union(Path first, Path second) throws IOException {
    Set<String> lines = new LinkedHashSet<>(Files.readAllLines(first));
    lines.addAll(Files.readAllLines(second));
    return List.copyOf(lines);
  }

  private static void dump(Path classes, Path archive, Path log) throws Exception {
    Process p = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xshare:dump", "-XX:SharedClassListFile=" + classes,
        "-XX:SharedArchiveFile=" + archive,
        // the class path as a start with -jar sees it, which the archive must match
        "-cp", TributaryProcess.jar().toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("java -Xshare:dump did not finish within " + LIMIT);
    }
    if (p.exitValue() != 0) {
      String out = Files.readString(log);
      throw new IllegalStateException("java -Xshare:dump exited with " + p.exitValue() + ":\n"
          + out.substring(Math.max(0, out.length() - 2000)));
    }
  }

  /** Until /health lists every source with a last success: all kinds were parsed and stored. */
  private static void awaitFirstRound(OkHttpClient http, TributaryProcess daemon, int sources)
      throws Exception {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    String health = "";
    while (System.nanoTime() < deadline) {
      health = get(http, daemon.url("/health"), null);
      if (count(health, "\"last_success\":\"") == sources) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("first round not done within " + LIMIT + ": " + health);
  }

  /** Until the outputs hold the first round (a page 2 exists): publishing follows polls. */
  private static void awaitPublished(OkHttpClient http, String url) throws Exception {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      try (Response r = http.newCall(new Request.Builder().url(url).build()).execute()) {
        if (r.code() == 200) {
          return;
        }
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(url + " not published within " + LIMIT);
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  private static String get(OkHttpClient http, String url, String encoding) throws IOException {
    Request.Builder request = new Request.Builder().url(url);
    if (encoding != null) {
      request.header("Accept-Encoding", encoding); // OkHttp then leaves the body compressed
    }
    try (Response r = http.newCall(request.build()).execute()) {
      if (r.code() != 200) {
        throw new IllegalStateException(url + " answered " + r.code());
      }
      return encoding == null ? r.body().string() : "";
    }
  }

  private static MockResponse resource(String name, String type) throws IOException {
    try (InputStream in = ClassArchiveTraining.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("no test resource " + name);
      }
      return new MockResponse.Builder().code(200).addHeader("Content-Type", type)
          .body(new okio.Buffer().write(in.readAllBytes())).build();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
