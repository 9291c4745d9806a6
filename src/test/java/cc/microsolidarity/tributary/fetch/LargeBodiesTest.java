package cc.microsolidarity.tributary.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LargeBodiesTest {
  private static final long CAP = 1_000_000;
  private final LargeBodies large = new LargeBodies(1_000);
  private final ExecutorService threads = Executors.newFixedThreadPool(2);

  @AfterEach
  void stop() {
    threads.shutdownNow();
  }

  @Test
  void aSecondLargeBodyWaitsUntilTheFirstPollIsDoneWithItsBody() throws Exception {
    CompletableFuture<Void> firstDone = new CompletableFuture<>();
    CompletableFuture<byte[]> first = CompletableFuture.supplyAsync(() -> {
      byte[] b = read(body(5_000, true));
      firstDone.join(); // the poll is still parsing it
      large.release();
      return b;
    }, threads);
    Thread.sleep(100); // the first has its turn (it read the whole body)

    CompletableFuture<byte[]> second = CompletableFuture.supplyAsync(() -> {
      byte[] b = read(body(7_000, false)); // no declared length: waits past the threshold
      large.release();
      return b;
    }, threads);

    Thread.sleep(300);
    assertThat(second).as("waiting for its turn").isNotDone();
    assertThat(read(body(800, true))).as("a small body never waits").hasSize(800);
    firstDone.complete(null);
    assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(bytes(7_000));
    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(bytes(5_000));
  }

  @Test
  void bodiesAreReadWholeOrRefusedAtTheCapEitherSideOfTheThreshold() throws Exception {
    assertThat(read(body(1_000, false))).isEqualTo(bytes(1_000));
    assertThat(read(body(1_001, false))).isEqualTo(bytes(1_001));
    large.release();
    assertThat(read(body((int) CAP, false))).isEqualTo(bytes((int) CAP));
    assertThat(read(body((int) CAP + 1, false))).isNull();
    assertThat(read(body((int) CAP + 1, true))).isNull();
    large.release();
  }

  @Test
  void releasingWithoutATurnIsANoOpAndATurnIsTakenOncePerThread() {
    large.release();
    read(body(2_000, true));
    read(body(3_000, false)); // the same thread again: no deadlock on its own turn
    large.release();
    assertThat(CompletableFuture.supplyAsync(() -> read(body(2_000, true)), threads)
        .orTimeout(5, TimeUnit.SECONDS).join()).as("free again").hasSize(2_000);
  }

  private byte[] read(ResponseBody body) {
    try {
      return CappedBody.read(body, CAP, large);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) 'x');
    for (int i = 0; i < n; i += 97) {
      b[i] = (byte) ('a' + i % 26);
    }
    return b;
  }

  /** A body of {@code n} bytes, with its length declared or (chunked) not. */
  private static ResponseBody body(int n, boolean declared) {
    BufferedSource source = new Buffer().write(bytes(n));
    return ResponseBody.create(source, MediaType.get("application/rss+xml"),
        declared ? n : -1);
  }
}
