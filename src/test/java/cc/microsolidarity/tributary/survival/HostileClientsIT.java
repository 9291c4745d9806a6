package cc.microsolidarity.tributary.survival;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.testing.SyntheticFarm;
import cc.microsolidarity.tributary.testing.TributaryProcess;
import cc.microsolidarity.tributary.testing.Workspace;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile clients against one running daemon: slowloris, oversized headers, path traversal,
 * odd methods, garbage paging, and a thousand connections at once. Raw sockets, so nothing
 * normalises the request on the way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class HostileClientsIT {
  static final String SECRET = "survival-secret-file";

  @TempDir static Path dir;
  SyntheticFarm farm;
  TributaryProcess daemon;
  final OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(20))
      .build();

  @BeforeAll
  void start() throws Exception {
    farm = new SyntheticFarm(3);
    new Workspace(dir).settings("").feeds(Workspace.farmSources(farm, 5), 5);
    // A file beside the out folder that no request may ever reach.
    Files.writeString(dir.resolve("secret.txt"), SECRET);
    Files.createDirectories(dir.resolve("public"));
    daemon = TributaryProcess.run(dir, "256m").awaitServing(http, Duration.ofSeconds(30));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!RawHttp.get(daemon.port(), "/feed.atom").body().contains("Source 4")) {
      assertThat(System.nanoTime()).as("feeds published").isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (daemon != null) {
      assertThat(daemon.isAlive()).as(daemon.logTail(3000)).isTrue();
      assertThat(daemon.log()).doesNotContain(" ERROR ");
      assertThat(daemon.terminate(Duration.ofSeconds(20))).isZero();
    }
    farm.close();
  }

  @Test
  void slowHeaderClientsDoNotStarveRealRequests() throws Exception {
    List<Socket> slow = new ArrayList<>();
    ExecutorService dripper = Executors.newSingleThreadExecutor();
    try {
      for (int i = 0; i < 200; i++) {
        Socket s = RawHttp.connect(daemon.port(), 5_000);
        RawHttp.send(s, "GET /feed.atom HTTP/1.1\r\n");
        slow.add(s);
      }
      // One more header byte per socket per second, for as long as the test runs.
      Future<?> drip = dripper.submit(() -> {
        try {
          while (!Thread.currentThread().isInterrupted()) {
            for (Socket s : slow) {
              try {
                s.getOutputStream().write('X');
                s.getOutputStream().flush();
              } catch (IOException closedByServer) {
                // a server may drop a slow client: that is allowed
              }
            }
            Thread.sleep(1000);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      Thread.sleep(1500);
      long worst = 0;
      for (int i = 0; i < 50; i++) {
        long t0 = System.nanoTime();
        RawHttp.Reply r = RawHttp.get(daemon.port(), i % 2 == 0 ? "/feed.atom" : "/health");
        worst = Math.max(worst, System.nanoTime() - t0);
        assertThat(r.status()).isEqualTo(200);
      }
      drip.cancel(true);
      System.out.printf("slowloris: 200 slow sockets, 50 real requests, slowest %d ms%n",
          TimeUnit.NANOSECONDS.toMillis(worst));
    } finally {
      dripper.shutdownNow();
      for (Socket s : slow) {
        s.close();
      }
    }
  }

  @Test
  void oversizedHeadersAre431() throws Exception {
    RawHttp.Reply r = RawHttp.exchange(daemon.port(), "GET /feed.atom HTTP/1.1\r\n"
        + "Host: 127.0.0.1\r\nX-Big: " + "a".repeat(20_000) + "\r\nConnection: close\r\n\r\n");
    assertThat(r.status()).isEqualTo(431);
    RawHttp.Reply many = RawHttp.exchange(daemon.port(), "GET /feed.atom HTTP/1.1\r\n"
        + "Host: 127.0.0.1\r\n" + "X-Many: 0123456789abcdef0123456789\r\n".repeat(600)
        + "Connection: close\r\n\r\n");
    assertThat(many.status()).isEqualTo(431);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/../secret.txt", "/../../../../etc/passwd", "/%2e%2e/secret.txt",
      "/%2E%2E/%2E%2E/etc/passwd", "/..%2fsecret.txt", "/..%2Fsecret.txt",
      "/%2e%2e%2fsecret.txt", "/public/../secret.txt", "/feed.atom/../../secret.txt",
      "//etc/passwd", "/..\\secret.txt", "/%5c..%5csecret.txt", "/.%2e/secret.txt",
      "/%252e%252e/secret.txt", "/..;/secret.txt", "/%c0%ae%c0%ae/secret.txt",
      "/data/t.db", "/../data/t.db", "/%2e%2e/data/t.db", "/config/tributary.yaml",
      "/../feeds.yaml", "/secret.txt", "/etc/passwd%00.atom", "/feed.atom%00",
      "/./././../secret.txt", "file:///etc/passwd", "http://127.0.0.1/../secret.txt"})
  void pathTraversalNeverReachesAFile(String target) throws Exception {
    RawHttp.Reply r = RawHttp.get(daemon.port(), target);
    assertThat(r.status()).as(target).isIn(400, 404);
    assertThat(r.body()).doesNotContain(SECRET).doesNotContain("root:x:0")
        .doesNotContain("SQLite format").doesNotContain("sources:");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND", "MKCOL",
      "FOO"})
  void otherMethodsAre405(String method) throws Exception {
    for (String path : List.of("/feed.atom", "/", "/health", "/metrics", "/feed.json")) {
      String req = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Content-Length: 3\r\nConnection: close\r\n\r\nabc";
      RawHttp.Reply r = RawHttp.exchange(daemon.port(), req);
      assertThat(r.status()).as(method + " " + path).isEqualTo(405);
      assertThat(r.head()).containsIgnoringCase("Allow: GET, HEAD");
    }
  }

  @Test
  void traceAndConnectAreNeverServed() throws Exception {
    assertThat(RawHttp.exchange(daemon.port(), RawHttp.request("TRACE", "/feed.atom")).status())
        .isIn(400, 405);
    assertThat(RawHttp.exchange(daemon.port(),
        "CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\nConnection: close\r\n\r\n")
        .status()).isIn(400, 405);
  }

  @ParameterizedTest(name = "page={0}")
  @ValueSource(strings = {"abc", "-1", "0", "00", "1.5", "1e3", "0x10", "+1", "%20%31",
      "99999999999999999999", "2147483648", "1%00", "%zz", "%", "1&page=2", "",
      "%D9%A3", "１", "1;2", "[1]", "1%0d%0aX-Injected:%201", "..%2f..%2f"})
  void garbagePagingIs400NeverA500(String value) throws Exception {
    RawHttp.Reply r = RawHttp.get(daemon.port(), "/feed.atom?page=" + value);
    assertThat(r.status()).as(value).isEqualTo(400);
    assertThat(r.head()).doesNotContainIgnoringCase("X-Injected");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/feed.atom?page=1000000", "/feed.atom?page=7", "/feed.atom?x=%zz",
      "/feed.json?page=abc", "/health?page=-1", "/?page=%00"})
  void otherOddQueriesAreAnsweredWithoutAServerError(String target) throws Exception {
    assertThat(RawHttp.get(daemon.port(), target).status()).as(target).isLessThan(500);
  }

  @Test
  void aQueryOfAThousandParametersIsAnsweredWithoutAServerError() throws Exception {
    assertThat(RawHttp.get(daemon.port(), "/feed.atom?" + "a=1&".repeat(1000)).status())
        .isLessThan(500);
  }

  @Test
  void aThousandConnectionsAtOnceAreAllServed() throws Exception {
    int n = 1000;
    List<Socket> sockets = new ArrayList<>(n);
    ExecutorService readers = Executors.newFixedThreadPool(32);
    try {
      for (int i = 0; i < n; i++) {
        sockets.add(RawHttp.connect(daemon.port(), 30_000));
      }
      // Every connection is open before any request is sent: 1,000 at once.
      for (int i = 0; i < n; i++) {
        RawHttp.send(sockets.get(i), RawHttp.request("GET",
            i % 3 == 0 ? "/feed.atom" : i % 3 == 1 ? "/feed.json" : "/health"));
      }
      List<Future<Integer>> statuses = new ArrayList<>();
      for (Socket s : sockets) {
        statuses.add(readers.submit(() -> RawHttp.read(s).status()));
      }
      int ok = 0;
      for (Future<Integer> f : statuses) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(200);
        ok++;
      }
      System.out.printf("concurrency: %d connections open at once, %d answered 200%n", n, ok);
    } finally {
      readers.shutdownNow();
      for (Socket s : sockets) {
        s.close();
      }
    }
    // And the daemon still answers normally afterwards.
    assertThat(RawHttp.get(daemon.port(), "/feed.atom").status()).isEqualTo(200);
  }
}
