package cc.microsolidarity.tributary.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Makes the jar's class-data-sharing archive ({@code target/tributary.jsa}) as part of
 * {@code mvn package}: starts the real jar's {@code run} with
 * {@code -XX:ArchiveClassesAtExit}, lets it poll one source of each kind from a loopback farm,
 * requests every output, and stops it with SIGTERM, at which the JVM writes every class it
 * loaded into the archive. A later start with {@code -XX:SharedArchiveFile} maps those classes
 * instead of reading, verifying and linking them from the jar: most of a start's time to its
 * first served byte. The archive is only an optimisation, so a failed training says why and
 * leaves no archive rather than failing the build; {@code ClassArchiveIT} then says so too.
 *
 * <p>Usage: {@code ClassArchiveTraining ARCHIVE WORK_DIR}; the jar is {@link TributaryProcess#jar()}.
 */
public final class ClassArchiveTraining {
  private static final Duration LIMIT = Duration.ofSeconds(90);
  private static final List<String> OUTPUTS = List.of("/", "/feed.atom", "/feed.atom?page=2",
      "/podcast.rss", "/feed.json", "/sources.opml", "/health", "/metrics");

  private ClassArchiveTraining() {}

  public static void main(String[] args) throws Exception {
    Path archive = Path.of(args[0]).toAbsolutePath();
    Path work = Path.of(args[1]).toAbsolutePath();
    Files.deleteIfExists(archive);
    try {
      train(archive, work);
      System.out.println("[class archive] wrote " + archive + " (" + Files.size(archive) / 1024
          + " KiB)");
    } catch (Exception | AssertionError e) {
      Files.deleteIfExists(archive);
      System.out.println("[class archive] WARNING: no class archive (starts will be slower): "
          + e);
    }
  }

  private static void train(Path archive, Path work) throws Exception {
    deleteTree(work);
    Files.createDirectories(work);
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
          List.of("-XX:ArchiveClassesAtExit=" + archive))) {
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
    }
    if (!Files.isRegularFile(archive) || Files.size(archive) == 0) {
      throw new IllegalStateException("the JVM wrote no archive at " + archive);
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
