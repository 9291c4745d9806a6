package cc.microsolidarity.tributary.survival;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.testing.Sql;
import cc.microsolidarity.tributary.testing.SyntheticFarm;
import cc.microsolidarity.tributary.testing.TributaryProcess;
import cc.microsolidarity.tributary.testing.Workspace;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thousand sources, their first polls spread over the first round, while clients hammer the
 * feeds: heap after a full GC, open file descriptors and threads are sampled throughout and
 * must level off; every source is polled; nothing is logged at ERROR. After the round, a
 * quiet tail of client traffic alone must hold all three steady: what the polls left behind
 * is bounded, and serving leaks nothing. The round length is
 * {@code -Dsoak.seconds} (default 30; the minimum interval of 5 minutes means each source is
 * polled once in a run this short, so the round is spread to keep polls running all along).
 */
class SoakIT {
  static final int SOURCES = 1000;

  @TempDir Path dir;

  record Sample(long atMillis, long heapKb, int fds, int threads, long polled, long requests) {}

  @Test
  @Timeout(300)
  void aThousandSourcesAndBusyClientsLeaveMemoryFilesAndThreadsFlat() throws Exception {
    int round = Integer.getInteger("soak.seconds", 30);
    OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(20)).build();
    try (SyntheticFarm farm = new SyntheticFarm(2)) {
      Workspace ws = new Workspace(dir).settings("fetch: { per_host: 8, concurrency: 8 }\n")
          .feeds(Workspace.farmSources(farm, SOURCES), 50);
      // The first round spread over the whole soak, so polls run all along.
      Files.writeString(dir.resolve("config/tributary.yaml"), Files.readString(
          dir.resolve("config/tributary.yaml")).replace("first_round: 0s",
          "first_round: " + round + "s"));
      List<Sample> samples = new ArrayList<>();
      AtomicBoolean hammering = new AtomicBoolean(true);
      AtomicLong requests = new AtomicLong();
      AtomicLong failures = new AtomicLong();
      ExecutorService clients = Executors.newFixedThreadPool(4);
      try (TributaryProcess daemon = TributaryProcess.run(dir, "256m")) {
        daemon.awaitServing(http, Duration.ofSeconds(30));
        long t0 = System.nanoTime();
        for (int i = 0; i < 4; i++) {
          String path = List.of("/feed.atom", "/feed.json", "/", "/feed.atom?page=3").get(i);
          clients.submit(() -> {
            while (hammering.get()) {
              try (Response r = http.newCall(new Request.Builder().url(daemon.url(path))
                  .build()).execute()) {
                r.body().bytes();
                if (r.code() != 200 && r.code() != 404) {
                  failures.incrementAndGet();
                }
              } catch (Exception e) {
                failures.incrementAndGet();
              }
              requests.incrementAndGet();
            }
          });
        }
        long end = System.nanoTime() + Duration.ofSeconds(round).toNanos();
        int tailStart = -1;
        long tailEnd = Long.MAX_VALUE;
        while (System.nanoTime() < tailEnd) {
          assertThat(System.nanoTime() - end).as("every source polled")
              .isLessThan(Duration.ofSeconds(90).toNanos());
          assertThat(daemon.isAlive()).as(daemon.logTail(3000)).isTrue();
          long polled = polled(ws.db());
          samples.add(new Sample(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0),
              heapAfterGcKb(daemon.pid()), fds(daemon.pid()), threads(daemon.pid()),
              polled, requests.get()));
          if (tailStart < 0 && polled == SOURCES && System.nanoTime() > end) {
            Thread.sleep(1500); // the last republish
            tailStart = samples.size();
            tailEnd = System.nanoTime() + Duration.ofSeconds(15).toNanos();
          }
          Thread.sleep(2000);
        }
        hammering.set(false);
        clients.shutdown();
        assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        System.out.println("soak: t(ms) heapAfterGC(KiB) fds threads polled requests");
        samples.forEach(s -> System.out.printf("soak: %6d %8d %5d %4d %5d %7d%n", s.atMillis(),
            s.heapKb(), s.fds(), s.threads(), s.polled(), s.requests()));

        assertThat(failures.get()).as("failed client requests").isZero();
        assertThat(farm.sourcesRequested()).isEqualTo(SOURCES);
        assertThat(daemon.log()).doesNotContain(" ERROR ").doesNotContain("Exception");
        // Bounded overall; steady through the tail (client traffic only).
        assertThat(samples).allSatisfy(x -> {
          assertThat(x.heapKb()).as("heap after GC (KiB)").isLessThan(160 * 1024);
          assertThat(x.fds()).as("open file descriptors").isLessThan(200);
          assertThat(x.threads()).as("threads").isLessThan(120);
        });
        List<Sample> tail = samples.subList(tailStart, samples.size());
        assertThat(tail).hasSizeGreaterThanOrEqualTo(3);
        Sample first = tail.get(0);
        // Heap after GC is sampled while clients keep allocating, so single samples jitter by
        // several MiB; serving alone must never need more than the ingest peak did.
        long ingestPeak = samples.subList(0, tailStart).stream().mapToLong(Sample::heapKb).max()
            .orElseThrow();
        assertThat(tail).allSatisfy(x -> {
          assertThat(x.heapKb()).as("tail heap after GC (KiB)")
              .isLessThanOrEqualTo(Math.max(ingestPeak, first.heapKb() + 8 * 1024));
          assertThat(x.fds()).as("tail fds").isLessThanOrEqualTo(first.fds() + 4);
          assertThat(x.threads()).as("tail threads").isLessThanOrEqualTo(first.threads() + 4);
        });
        assertThat(daemon.terminate(Duration.ofSeconds(20))).as(daemon.logTail(3000)).isZero();
      } finally {
        hammering.set(false);
        clients.shutdownNow();
      }
      try (Sql sql = new Sql(ws.db())) {
        assertThat(sql.integrityCheck()).isEqualTo("ok");
        assertThat(sql.count("SELECT COUNT(*) FROM source_state WHERE last_error IS NULL"
            + " AND last_success IS NOT NULL")).isEqualTo(SOURCES);
      }
    }
  }

  static long polled(Path db) throws Exception {
    if (!Files.exists(db)) {
      return 0;
    }
    try (Sql sql = new Sql(db)) {
      sql.execute("PRAGMA busy_timeout = 5000");
      return sql.count("SELECT COUNT(*) FROM source_state WHERE last_success IS NOT NULL");
    }
  }

  /** Forces a full GC in the daemon, then reads the heap in use (KiB) with jstat. */
  static long heapAfterGcKb(long pid) throws Exception {
    String jdk = System.getProperty("java.home") + File.separator + "bin" + File.separator;
    exec(jdk + "jcmd", String.valueOf(pid), "GC.run");
    List<String> lines = exec(jdk + "jstat", "-gc", String.valueOf(pid)).lines().toList();
    String[] head = lines.get(0).trim().split("\\s+");
    String[] vals = lines.get(1).trim().split("\\s+");
    double used = 0;
    for (int i = 0; i < head.length; i++) {
      if (List.of("S0U", "S1U", "EU", "OU").contains(head[i])) {
        used += Double.parseDouble(vals[i]);
      }
    }
    return (long) used;
  }

  static int fds(long pid) throws Exception {
    try (var s = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
      return (int) s.count();
    }
  }

  static int threads(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
      if (line.startsWith("Threads:")) {
        return Integer.parseInt(line.substring(8).trim());
      }
    }
    return -1;
  }

  static String exec(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", cmd) + " hung");
    }
    return out;
  }
}
