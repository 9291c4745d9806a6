package cc.microsolidarity.tributary.survival;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.testing.Sql;
import cc.microsolidarity.tributary.testing.SyntheticFarm;
import cc.microsolidarity.tributary.testing.TributaryProcess;
import cc.microsolidarity.tributary.testing.Workspace;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
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
 * kill -9 at random moments while a few hundred sources are being ingested, again and again.
 * After every kill the database is checked directly: intact, no item stored twice, no half
 * item, no published id changed, nothing that was served lost. Between runs every source is
 * made due again and every feed changes (a new item each, an edited item 0), so each run has
 * real work to be killed in.
 */
class CrashIT {
  static final int SOURCES = 250;
  static final int ITEMS = 3;
  static final int KILLS = 20;

  @TempDir Path dir;
  final OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(10))
      .build();

  @Test
  @Timeout(400)
  void killNineDuringIngestNeverLosesOrDuplicatesAnything() throws Exception {
    long seed = Long.getLong("crash.seed", System.nanoTime());
    Random random = new Random(seed);
    Workspace ws = new Workspace(dir).settings("fetch: { per_host: 8, concurrency: 8 }\n");
    Map<String, String> guidToId = new HashMap<>();
    Map<String, String> servedIdToLink = new HashMap<>();
    int midIngest = 0;
    int duringStartup = 0;
    int servedChecked = 0;
    try (SyntheticFarm farm = new SyntheticFarm(ITEMS)) {
      ws.feeds(Workspace.farmSources(farm, SOURCES), 50);
      for (int cycle = 0; cycle <= KILLS; cycle++) {
        boolean last = cycle == KILLS;
        farm.advance();
        makeEverySourceDue(ws.db());
        long cycleStart = System.currentTimeMillis();
        TributaryProcess daemon = TributaryProcess.run(dir, "256m");
        try {
          if (!last && cycle % 5 == 4) {
            // Now and then, kill while the daemon is still opening and migrating.
            Thread.sleep(200 + random.nextInt(1500));
            duringStartup++;
          } else {
            daemon.awaitServing(http, Duration.ofSeconds(30));
            if (last) {
              awaitRoundComplete(ws.db(), cycleStart, Duration.ofSeconds(120));
              // Let the coalesced republish catch up before reading the feed.
              Thread.sleep(1500);
            } else {
              // Kill at a random point of progress (not of time: this machine's speed varies),
              // then a random few milliseconds later, so kills land inside transactions too.
              int target = 1 + random.nextInt(SOURCES / 3);
              awaitProgress(ws.db(), cycleStart, target, Duration.ofSeconds(60));
              Thread.sleep(random.nextInt(40));
            }
            servedChecked += recordServed(daemon, servedIdToLink);
          }
        } finally {
          if (last) {
            assertThat(daemon.terminate(Duration.ofSeconds(20))).as(daemon.logTail(3000))
                .isZero();
          } else {
            daemon.kill();
          }
        }
        int polled = checkDatabase(ws.db(), cycleStart, guidToId, servedIdToLink,
            "cycle " + cycle + " seed " + seed + "\n" + daemon.logTail(3000));
        if (!last && polled > 0 && polled < SOURCES) {
          midIngest++;
        }
        System.out.printf("crash cycle %d: %d/%d sources stored before the %s%n", cycle,
            polled, SOURCES, last ? "clean stop" : "kill");
      }
      // The final, uninterrupted run stored every item of every source exactly once.
      try (Sql sql = new Sql(ws.db())) {
        long expected = (long) SOURCES * farm.itemCount();
        assertThat(sql.count("SELECT COUNT(*) FROM entries WHERE merged_into IS NULL"))
            .isEqualTo(expected);
      }
      assertThat(daemonLogs(dir)).doesNotContain(" ERROR ");
    }
    System.out.printf("crash: %d kills (%d mid-ingest, %d during startup), %d ids tracked,"
        + " %d served ids checked, seed %d%n", KILLS, midIngest, duringStartup, guidToId.size(),
        servedChecked, seed);
    // Most kills must have landed in the middle of a round, or this proves little.
    assertThat(midIngest).as("kills that landed mid-ingest").isGreaterThanOrEqualTo(KILLS / 2);
  }

  static String daemonLogs(Path dir) throws Exception {
    return Files.readString(dir.resolve("daemon.log"));
  }

  /** As if every interval had passed while the daemon was down. */
  static void makeEverySourceDue(Path db) throws Exception {
    if (!Files.exists(db)) {
      return;
    }
    try (Sql sql = new Sql(db)) {
      if (sql.count("SELECT COUNT(*) FROM sqlite_master WHERE name = 'source_state'") == 1) {
        sql.execute("UPDATE source_state SET next_due = 0");
      }
    }
  }

  static void awaitRoundComplete(Path db, long since, Duration limit) throws Exception {
    awaitProgress(db, since, SOURCES, limit);
  }

  static void awaitProgress(Path db, long since, int sources, Duration limit)
      throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (polledSince(db, since) < sources) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("round not complete within " + limit + ": "
            + polledSince(db, since));
      }
      Thread.sleep(20);
    }
  }

  static int polledSince(Path db, long since) throws Exception {
    if (!Files.exists(db)) {
      return 0;
    }
    try (Sql sql = new Sql(db)) {
      sql.execute("PRAGMA busy_timeout = 5000");
      if (sql.count("SELECT COUNT(*) FROM sqlite_master WHERE name = 'source_state'") == 0) {
        return 0;
      }
      return (int) sql.count("SELECT COUNT(*) FROM source_state WHERE last_success >= " + since);
    }
  }

  /** Pages of /feed.atom as served right now: id → link. */
  int recordServed(TributaryProcess daemon, Map<String, String> idToLink) throws Exception {
    int n = 0;
    for (int page = 1; page <= 3; page++) {
      String xml;
      try (Response r = http.newCall(new Request.Builder()
          .url(daemon.url("/feed.atom?page=" + page)).build()).execute()) {
        if (r.code() == 404) {
          break; // fewer pages so far
        }
        assertThat(r.code()).isEqualTo(200);
        xml = r.body().string();
      }
      SyndFeed feed = new SyndFeedInput().build(new StringReader(xml));
      for (SyndEntry e : feed.getEntries()) {
        String before = idToLink.putIfAbsent(e.getUri(), e.getLink());
        assertThat(before == null || before.equals(e.getLink()))
            .as("id %s served for %s and earlier for %s", e.getUri(), e.getLink(), before)
            .isTrue();
        n++;
      }
    }
    return n;
  }

  /** The invariants; returns how many sources stored a success since {@code cycleStart}. */
  static int checkDatabase(Path db, long cycleStart, Map<String, String> guidToId,
      Map<String, String> servedIdToLink, String context) throws Exception {
    if (!Files.exists(db)) {
      return 0; // killed before the file was created
    }
    try (Sql sql = new Sql(db)) {
      assertThat(sql.integrityCheck()).as(context).isEqualTo("ok");
      if (sql.count("SELECT COUNT(*) FROM sqlite_master WHERE name = 'entries'") == 0) {
        return 0; // killed before the migrations were committed
      }
      assertThat(sql.rows("PRAGMA foreign_key_check")).as(context).isEmpty();
      // No item twice: one live entry per GUID and per link.
      assertThat(sql.rows("SELECT json_extract(data, '$.guid'), COUNT(*) FROM entries"
          + " WHERE merged_into IS NULL GROUP BY 1 HAVING COUNT(*) > 1")).as(context).isEmpty();
      assertThat(sql.rows("SELECT json_extract(data, '$.link'), COUNT(*) FROM entries"
          + " WHERE merged_into IS NULL GROUP BY 1 HAVING COUNT(*) > 1")).as(context).isEmpty();
      // No half item: every live entry has its keys and its source; every key an owner.
      assertThat(sql.count("SELECT COUNT(*) FROM entries e WHERE merged_into IS NULL AND ("
          + " NOT EXISTS (SELECT 1 FROM identity_keys k WHERE k.entry_seq = e.seq)"
          + " OR NOT EXISTS (SELECT 1 FROM entry_sources s WHERE s.entry_seq = e.seq))"))
          .as(context).isZero();
      assertThat(sql.count("SELECT COUNT(*) FROM identity_keys k WHERE NOT EXISTS"
          + " (SELECT 1 FROM entries e WHERE e.seq = k.entry_seq)")).as(context).isZero();
      // Ids never change: every GUID keeps the id it was first given.
      Map<String, String> now = sql.map("SELECT json_extract(data, '$.guid'), id FROM entries"
          + " WHERE merged_into IS NULL");
      for (Map.Entry<String, String> known : guidToId.entrySet()) {
        assertThat(now.get(known.getKey())).as("id of %s; %s", known.getKey(), context)
            .isEqualTo(known.getValue());
      }
      guidToId.putAll(now);
      // Whatever was served is still there, under the same id, for the same item.
      Map<String, String> links = sql.map("SELECT id, json_extract(data, '$.link') FROM entries"
          + " WHERE merged_into IS NULL");
      for (Map.Entry<String, String> served : servedIdToLink.entrySet()) {
        assertThat(links.get(served.getKey())).as("served %s; %s", served.getKey(), context)
            .isEqualTo(served.getValue());
      }
      return (int) sql.count("SELECT COUNT(*) FROM source_state WHERE last_success >= "
          + cycleStart);
    }
  }

  static List<String> lines(String s) {
    return s.lines().toList();
  }
}
