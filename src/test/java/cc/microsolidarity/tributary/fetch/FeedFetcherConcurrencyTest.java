package cc.microsolidarity.tributary.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Politeness is enforced inside the fetcher: 40 callers at once never put more than 2 requests
 * on one host, nor more than the overall limit (8) on all hosts together.
 */
class FeedFetcherConcurrencyTest {

  private static final int CALLERS = 40;

  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private MockWebServer server;
  private FakeDns dns;
  private FeedFetcher fetcher;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.setDispatcher(new CountingDispatcher(150));
    server.start();
    dns = new FakeDns();
    for (int i = 0; i < CALLERS; i++) {
      dns.map("host" + i + ".test", "127.0.0.1"); // distinct names, one loopback server
    }
    fetcher = new FeedFetcher(TestSettings.quick(), dns);
  }

  @AfterEach
  void stop() {
    fetcher.close();
    server.close();
  }

  @Test
  void oneHostNeverSeesMoreThanTwoRequestsAtOnce() throws Exception {
    List<FetchResult> results = fetchAllAtOnce(i -> url("host0.test", "/feed" + i));

    assertThat(results).allMatch(r -> r instanceof FetchResult.Fetched);
    assertThat(maxInFlight.get()).isEqualTo(2);
  }

  @Test
  void manyHostsReachButNeverExceedTheOverallLimit() throws Exception {
    List<FetchResult> results = fetchAllAtOnce(i -> url("host" + i + ".test", "/feed"));

    assertThat(results).allMatch(r -> r instanceof FetchResult.Fetched);
    assertThat(maxInFlight.get()).isEqualTo(TestSettings.quick().maxConcurrency());
  }

  /**
   * A pass comes back to each host only after all the others: the connection it used is still
   * there, for more hosts than one shared pool could hold (OkHttp's default pool of 5 idle
   * connections kept none of them; one pool holding 256 kept none past 256 hosts).
   */
  @Test
  void aPassOverManyHostsReusesEachHostsConnectionTheNextTime() throws Exception {
    int hosts = 300;
    server.setDispatcher(new CountingDispatcher(0));
    List<URI> feeds = new ArrayList<>();
    for (int i = 0; i < hosts; i++) {
      dns.map("many" + i + ".test", "127.0.0.1");
      feeds.add(url("many" + i + ".test", "/feed"));
    }
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < hosts; i++) {
        URI feed = feeds.get(i);
        FetchResult r = fetcher.fetch(new FetchRequest("s" + i, feed, Validators.NONE, feed));
        assertThat(r).isInstanceOf(FetchResult.Fetched.class);
      }
    }
    List<Integer> secondRound = new ArrayList<>();
    for (int i = 0; i < 2 * hosts; i++) {
      RecordedRequest request = server.takeRequest();
      if (i >= hosts) {
        secondRound.add(request.getExchangeIndex());
      }
    }
    assertThat(server.getRequestCount()).isEqualTo(2 * hosts);
    assertThat(secondRound).as("requests on a connection used before").allMatch(n -> n == 1);
  }

  private URI url(String host, String path) {
    return URI.create("http://" + host + ":" + server.getPort() + path);
  }

  private List<FetchResult> fetchAllAtOnce(IntFunction<URI> urls) throws Exception {
    return assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
      try {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<FetchResult>> futures = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
          URI url = urls.apply(i);
          futures.add(pool.submit(() -> {
            go.await();
            return fetcher.fetch(new FetchRequest("s", url, null, url));
          }));
        }
        go.countDown();
        List<FetchResult> results = new ArrayList<>();
        for (Future<FetchResult> f : futures) {
          results.add(f.get());
        }
        return results;
      } finally {
        pool.shutdownNow();
      }
    });
  }

  /** Answers every request after a pause, recording how many were being answered at once. */
  private final class CountingDispatcher extends Dispatcher {
    private final long pauseMillis;

    CountingDispatcher(long pauseMillis) {
      this.pauseMillis = pauseMillis;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      try {
        Thread.sleep(pauseMillis);
      } finally {
        inFlight.decrementAndGet();
      }
      return new MockResponse.Builder().body("<rss/>").build();
    }
  }
}
