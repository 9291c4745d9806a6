package cc.microsolidarity.tributary.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import cc.microsolidarity.tributary.model.Entry;
import cc.microsolidarity.tributary.publish.Publisher;
import cc.microsolidarity.tributary.publish.RenderedFeed;
import cc.microsolidarity.tributary.publish.Samples;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class SnapshotSwapTest {
  private static final int REQUESTS = 200;

  @Test
  void concurrentReadersAlwaysGetOneWholeSnapshotWhileSnapshotsSwap() {
    assertTimeoutPreemptively(Duration.ofSeconds(60), this::run);
  }

  private void run() throws Exception {
    Publisher publisher = new Publisher();
    List<Map<String, RenderedFeed>> snapshots = new ArrayList<>();
    for (int n = 1; n <= 4; n++) {
      List<Entry> entries = Samples.mixed(10 * n);
      snapshots.add(publisher.render(Samples.feed(), Samples.sources(), entries));
    }
    Map<String, byte[]> bodyByEtag = new java.util.HashMap<>();
    snapshots.forEach(s -> bodyByEtag.put(s.get("/feed.atom").etag(), s.get("/feed.atom").body()));

    FeedServer server = new FeedServer(ServerSettings.of("127.0.0.1", 0),
        () -> new HealthSource.Health(true, "{}".getBytes(StandardCharsets.UTF_8)),
        () -> new byte[0]);
    server.publish(snapshots.get(0));
    int port = server.start();
    OkHttpClient client = new OkHttpClient.Builder()
        .connectionPool(new ConnectionPool(16, 1, java.util.concurrent.TimeUnit.SECONDS)).build();
    ExecutorService readers = Executors.newFixedThreadPool(16);
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger swaps = new AtomicInteger();
    Thread swapper = new Thread(() -> {
      while (!done.get()) {
        server.publish(snapshots.get(swaps.incrementAndGet() % snapshots.size()));
        java.util.concurrent.locks.LockSupport.parkNanos(200_000); // leave the CPUs to readers
      }
    });
    try {
      swapper.start();
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        boolean gzip = i % 2 == 0;
        results.add(readers.submit(() -> {
          Request req = new Request.Builder().url("http://127.0.0.1:" + port + "/feed.atom")
              .build(); // OkHttp asks for gzip itself and inflates transparently
          if (!gzip) {
            req = req.newBuilder().header("Accept-Encoding", "identity").build();
          }
          try (Response r = client.newCall(req).execute()) {
            assertThat(r.code()).isEqualTo(200);
            byte[] body = r.body().bytes();
            String etag = r.header("ETag");
            // Headers and body come from the same snapshot.
            assertThat(bodyByEtag).containsKey(etag);
            assertThat(body).isEqualTo(bodyByEtag.get(etag));
            SyndFeed feed = new SyndFeedInput().build(
                new StringReader(new String(body, StandardCharsets.UTF_8)));
            assertThat(feed.getEntries()).isNotEmpty();
            return etag;
          }
        }));
      }
      for (Future<String> f : results) {
        f.get();
      }
    } finally {
      done.set(true);
      swapper.join();
      readers.shutdownNow();
      client.connectionPool().evictAll();
      client.dispatcher().executorService().shutdown();
      server.stop();
    }
    assertThat(swaps.get()).isGreaterThan(1);
  }
}
