package cc.microsolidarity.tributary.survival;

import static cc.microsolidarity.tributary.testing.Digests.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.testing.Sql;
import cc.microsolidarity.tributary.testing.SyntheticFarm;
import cc.microsolidarity.tributary.testing.Tmpfs;
import cc.microsolidarity.tributary.testing.TributaryProcess;
import cc.microsolidarity.tributary.testing.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database's storage turns hostile under a running daemon: its disk fills up, or another
 * process holds the write lock; or the file is corrupt at start. (A file system cannot be
 * remounted read-only while the daemon has the database open for writing, so a read-only
 * database is proven at start, in store/DatabaseFaultTest.) The
 * daemon reports it, keeps serving the last good feeds, and goes on once the fault is gone;
 * a corrupt file is never touched.
 */
class StorageFaultIT {
  @TempDir Path dir;
  final OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(20))
      .build();

  // ---- disk full / read-only (a small tmpfs under the database) ----

  @Test
  @Timeout(150)
  void aFullDiskFailsThePollsServesTheLastGoodFeedsAndRecovers() throws Exception {
    try (Tmpfs data = Tmpfs.mount(dir.resolve("data"), "16m");
        SyntheticFarm farm = new SyntheticFarm(3)) {
      for (String name : List.of("full1", "full2")) {
        farm.route("/big/" + name + ".xml", HostileFeeds.xml(bigFeed(name)));
      }
      Map<String, String> sources = new LinkedHashMap<>(Workspace.farmSources(farm, 20));
      Workspace ws = new Workspace(dir).settings("").feeds(sources, 50);
      try (TributaryProcess daemon = TributaryProcess.run(dir, "256m")) {
        daemon.awaitServing(http, Duration.ofSeconds(30));
        awaitFeedContains(daemon, "Source 19 item 2", Duration.ofSeconds(40));
        String goodFeed = get(daemon, "/feed.atom");

        // Disk full: new sources cannot be stored.
        Path filler = data.fillUp();
        sources.put("full1", farm.url("/big/full1.xml"));
        sources.put("full2", farm.url("/big/full2.xml"));
        ws.feeds(sources, 50);
        awaitLog(daemon, "full1 failed: storing failed", Duration.ofSeconds(40));
        awaitLog(daemon, "full2 failed: storing failed", Duration.ofSeconds(40));
        assertThat(daemon.log()).containsPattern("full1 failed: storing failed: .*FULL")
            .containsPattern("full2 failed: storing failed: .*FULL");
        assertThat(daemon.isAlive()).isTrue();
        assertThat(get(daemon, "/feed.atom")).isEqualTo(goodFeed);
        assertThat(get(daemon, "/health")).contains("\"s19\"");

        // Space returns: the same sources are stored on their next poll (a URL edit makes
        // that poll now instead of in five minutes).
        Files.delete(filler);
        sources.put("full1", farm.url("/big/full1.xml?retry=1"));
        sources.put("full2", farm.url("/big/full2.xml?retry=1"));
        ws.feeds(sources, 50);
        awaitFeedContains(daemon, "big full2 item 1999", Duration.ofSeconds(40));

        assertThat(daemon.log()).doesNotContain(" ERROR ");
        assertThat(daemon.terminate(Duration.ofSeconds(20))).as(daemon.logTail(3000)).isZero();
      }
      try (Sql sql = new Sql(ws.db())) {
        assertThat(sql.integrityCheck()).isEqualTo("ok");
        assertThat(sql.count("SELECT COUNT(*) FROM source_state WHERE last_error IS NULL"))
            .isEqualTo(sources.size());
      }
    }
  }

  /** About 1 MB of feed: 2,000 items, the newest numbered 1999. */
  static String bigFeed(String name) {
    StringBuilder items = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      items.append("<item><title>big ").append(name).append(" item ").append(i)
          .append("</title><guid>https://big.example/").append(name).append('/').append(i)
          .append("</guid><pubDate>").append(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
              .format(java.time.OffsetDateTime.parse("2026-01-01T00:00:00Z").plusMinutes(i)))
          .append("</pubDate><description>").append("filler text ".repeat(30))
          .append("</description></item>\n");
    }
    return HostileFeeds.rss("", items.toString());
  }

  // ---- locked by another process ----

  @Test
  @Timeout(120)
  void aLockedDatabaseIsWaitedForThenReportedAndTheDaemonGoesOn() throws Exception {
    try (SyntheticFarm farm = new SyntheticFarm(2)) {
      Map<String, String> sources = new LinkedHashMap<>(Workspace.farmSources(farm, 5));
      Workspace ws = new Workspace(dir).settings("").feeds(sources, 50);
      try (TributaryProcess daemon = TributaryProcess.run(dir, "256m")) {
        daemon.awaitServing(http, Duration.ofSeconds(30));
        awaitFeedContains(daemon, "Source 4 item 1", Duration.ofSeconds(40));

        // Held for 3 s: the poll waits (busy timeout 10 s) and then stores.
        try (Sql holder = new Sql(ws.db())) {
          holdExclusive(holder);
          sources.put("waits", farm.url("/s/50.xml"));
          ws.feeds(sources, 50);
          Thread.sleep(3000);
          assertThat(get(daemon, "/feed.atom")).doesNotContain("Source 50 item 1");
          holder.execute("ROLLBACK");
        }
        awaitFeedContains(daemon, "Source 50 item 1", Duration.ofSeconds(30));
        assertThat(daemon.log()).doesNotContain("waits failed");

        // Held for longer than the busy timeout: the poll is reported as locked.
        try (Sql holder = new Sql(ws.db())) {
          holdExclusive(holder);
          sources.put("refused", farm.url("/s/51.xml"));
          ws.feeds(sources, 50);
          awaitLog(daemon, "refused failed: storing failed", Duration.ofSeconds(40));
          assertThat(daemon.log()).containsPattern("refused failed: storing failed: .*locked");
          assertThat(get(daemon, "/feed.atom")).contains("Source 50 item 1");
          holder.execute("ROLLBACK");
        }
        sources.put("refused", farm.url("/s/51.xml?retry=1"));
        ws.feeds(sources, 50);
        awaitFeedContains(daemon, "Source 51 item 1", Duration.ofSeconds(30));
        assertThat(daemon.log()).doesNotContain(" ERROR ");
        assertThat(daemon.terminate(Duration.ofSeconds(20))).as(daemon.logTail(3000)).isZero();
      }
    }
  }

  static void holdExclusive(Sql holder) throws Exception {
    try (Statement s = holder.connection().createStatement()) {
      s.execute("PRAGMA busy_timeout = 10000");
    }
    holder.connection().setAutoCommit(true);
    holder.execute("BEGIN EXCLUSIVE");
  }

  // ---- corrupt at start ----

  @Test
  @Timeout(90)
  void runRefusesACorruptDatabaseWithAMessageAndNeverTouchesIt() throws Exception {
    try (SyntheticFarm farm = new SyntheticFarm(2)) {
      Workspace ws = new Workspace(dir).settings("").feeds(Workspace.farmSources(farm, 3), 50);
      // A real database made by poll, then damaged in the middle (header intact).
      TributaryProcess.Exit poll = TributaryProcess.exec(dir, Duration.ofSeconds(60), "poll");
      assertThat(poll.code()).as(poll.output()).isZero();
      Path db = ws.db();
      damageAfterTheFirstPage(db);
      expectRefused(dir, db, "corrupt|malformed|not a database");

      // Not a database at all.
      Files.write(db, "this is not a database, it is a shopping list\n".repeat(100).getBytes());
      expectRefused(dir, db, "not an SQLite database");

      // Truncated to half a header page.
      Files.write(db, java.util.Arrays.copyOf("SQLite format 3\0".getBytes(), 60));
      expectRefused(dir, db, "not a database");
    }
  }

  /**
   * {@code poll} checks the file's integrity while its fetches run: it still refuses a
   * corrupt one with exit 3 and a message, writes nothing to it, and leaves the published
   * files as they were, even when its sources have new items to store.
   */
  @Test
  @Timeout(90)
  void pollRefusesACorruptDatabaseWithAMessageAndNeverTouchesIt() throws Exception {
    try (SyntheticFarm farm = new SyntheticFarm(2)) {
      Workspace ws = new Workspace(dir).settings("").feeds(Workspace.farmSources(farm, 3), 50);
      TributaryProcess.Exit first = TributaryProcess.exec(dir, Duration.ofSeconds(60), "poll");
      assertThat(first.code()).as(first.output()).isZero();
      Path atom = dir.resolve("public/feed.atom");
      String published = sha256(atom);
      Path db = ws.db();
      damageAfterTheFirstPage(db);
      String before = sha256(db);
      farm.advance(); // every source now has a new item to store

      TributaryProcess.Exit poll = TributaryProcess.exec(dir, Duration.ofSeconds(60), "poll");

      assertThat(poll.code()).as(poll.output()).isEqualTo(3);
      assertThat(poll.output()).containsPattern("error: cannot use database .*(corrupt|malformed)")
          .doesNotContain("\tat ");
      assertThat(sha256(db)).as("database file bytes").isEqualTo(before);
      assertThat(db.resolveSibling("t.db-wal")).doesNotExist();
      assertThat(sha256(atom)).as("published feed").isEqualTo(published);
    }
  }

  /** Flips bits all through the file after its first page (header and schema intact). */
  static void damageAfterTheFirstPage(Path db) throws Exception {
    Files.deleteIfExists(db.resolveSibling("t.db-wal"));
    Files.deleteIfExists(db.resolveSibling("t.db-shm"));
    byte[] bytes = Files.readAllBytes(db);
    assertThat(bytes.length).isGreaterThan(8192);
    for (int i = 4096; i < bytes.length; i += 7) {
      bytes[i] = (byte) (bytes[i] ^ 0x5a);
    }
    Files.write(db, bytes);
  }

  void expectRefused(Path dir, Path db, String messagePattern) throws Exception {
    String before = sha256(db);
    try (TributaryProcess daemon = TributaryProcess.run(dir, "256m")) {
      int exit = daemon.awaitExit(Duration.ofSeconds(30));
      assertThat(exit).as(daemon.logTail(3000)).isEqualTo(3);
      assertThat(daemon.log()).containsPattern("error: cannot use database .*(" + messagePattern
          + ")").doesNotContain("\tat ");
    }
    assertThat(sha256(db)).as("database file bytes").isEqualTo(before);
    assertThat(db.resolveSibling("t.db-wal")).doesNotExist();
    Files.deleteIfExists(dir.resolve("daemon.log"));
  }

  // ---- helpers ----

  String get(TributaryProcess daemon, String path) throws Exception {
    try (Response r = http.newCall(new Request.Builder().url(daemon.url(path)).build())
        .execute()) {
      assertThat(r.code()).as(path).isEqualTo(200);
      return r.body().string();
    }
  }

  void awaitFeedContains(TributaryProcess daemon, String text, Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!get(daemon, "/feed.atom").contains(text)) {
      if (System.nanoTime() > deadline || !daemon.isAlive()) {
        throw new AssertionError("feed without '" + text + "' after " + limit + "\n"
            + daemon.logTail(5000));
      }
      Thread.sleep(200);
    }
  }

  static void awaitLog(TributaryProcess daemon, String text, Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!daemon.log().contains(text)) {
      if (System.nanoTime() > deadline || !daemon.isAlive()) {
        throw new AssertionError("log without '" + text + "' after " + limit + "\n"
            + daemon.logTail(5000));
      }
      Thread.sleep(200);
    }
  }

  static List<String> lines(String s) {
    return s.lines().toList();
  }
}
