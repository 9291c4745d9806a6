package cc.microsolidarity.tributary.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import cc.microsolidarity.tributary.fetch.FetchResult.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import okio.Buffer;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Body cap (counted after decompression) and timeouts; the test settings cap bodies at 64 KiB. */
class FeedFetcherBodyTest {

  private static final int CAP = (int) TestSettings.quick().maxBodyBytes();
  private static final Duration HANG_GUARD = Duration.ofSeconds(15);

  private MockWebServer server;
  private FeedFetcher fetcher;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    fetcher = new FeedFetcher(TestSettings.quick());
  }

  @AfterEach
  void stop() {
    fetcher.close();
    server.close();
  }

  private FetchResult fetch() {
    URI url = server.url("/feed.xml").uri();
    return assertTimeoutPreemptively(HANG_GUARD,
        () -> fetcher.fetch(new FetchRequest("src", url, null, url)));
  }

  @Test
  void aBodyExactlyAtTheCapIsAccepted() {
    server.enqueue(new MockResponse.Builder().body(new Buffer().write(new byte[CAP])).build());

    FetchResult.Fetched fetched = (FetchResult.Fetched) fetch();

    assertThat(fetched.body()).hasSize(CAP);
  }

  @Test
  void aBodyOneByteOverTheCapIsTooLarge() {
    server.enqueue(new MockResponse.Builder().body(new Buffer().write(new byte[CAP + 1])).build());

    FetchResult.Failed failed = (FetchResult.Failed) fetch();

    assertThat(failed.reason()).isEqualTo(Reason.TOO_LARGE);
    assertThat(failed.status()).isEqualTo(200);
    assertThat(failed.detail()).isEqualTo("body exceeds 64 KiB");
  }

  @Test
  void anEndlessChunkedBodyIsCutOffAtTheCap() {
    AtomicLong written = new AtomicLong();
    server.enqueue(new MockResponse.Builder().body(endless(written, false)).build());

    FetchResult.Failed failed = (FetchResult.Failed) fetch();

    assertThat(failed.reason()).isEqualTo(Reason.TOO_LARGE);
  }

  @Test
  void aGzipBodyIsDecompressed() throws IOException {
    byte[] feed = "<rss version=\"2.0\"><channel/></rss>".getBytes();
    server.enqueue(new MockResponse.Builder().setHeader("Content-Encoding", "gzip")
        .body(new Buffer().write(gzip(feed))).build());

    FetchResult.Fetched fetched = (FetchResult.Fetched) fetch();

    assertThat(fetched.body()).isEqualTo(feed);
  }

  @Test
  void aSmallGzipBodyThatInflatesPastTheCapIsTooLarge() throws IOException {
    byte[] compressed = gzip(new byte[4 * CAP]);
    assertThat(compressed.length).isLessThan(CAP / 16); // small on the wire

    server.enqueue(new MockResponse.Builder().setHeader("Content-Encoding", "gzip")
        .body(new Buffer().write(compressed)).build());

    FetchResult.Failed failed = (FetchResult.Failed) fetch();

    assertThat(failed.reason()).isEqualTo(Reason.TOO_LARGE);
  }

  @Test
  void anEndlessGzipBombIsCutOffAtTheCap() {
    // The server would inflate forever: only a reader that stops at the cap returns at all.
    AtomicLong written = new AtomicLong();
    server.enqueue(new MockResponse.Builder().setHeader("Content-Encoding", "gzip")
        .body(endless(written, true)).build());

    FetchResult.Failed failed = (FetchResult.Failed) fetch();

    assertThat(failed.reason()).isEqualTo(Reason.TOO_LARGE);
    assertThat(failed.detail()).isEqualTo("body exceeds 64 KiB");
  }

  @Test
  void aSlowBodyHitsTheReadTimeout() {
    server.enqueue(new MockResponse.Builder().body(new Buffer().write(new byte[100]))
        .throttleBody(1, 3, TimeUnit.SECONDS).build());

    FetchResult.Failed failed = (FetchResult.Failed) fetch();

    assertThat(failed.reason()).isEqualTo(Reason.TIMEOUT);
    assertThat(failed.detail()).isEqualTo("read timed out after 1 s");
  }

  @Test
  void slowHeadersHitTheReadTimeout() {
    server.enqueue(new MockResponse.Builder().body("<rss/>").headersDelay(3, TimeUnit.SECONDS)
        .build());

    FetchResult.Failed failed = (FetchResult.Failed) fetch();

    assertThat(failed.reason()).isEqualTo(Reason.TIMEOUT);
  }

  @Test
  void aTrickleWithinTheReadTimeoutStillHitsTheCallTimeout() {
    fetcher.close();
    fetcher = new FeedFetcher(TestSettings.withCallTimeout(Duration.ofSeconds(2)));
    server.enqueue(new MockResponse.Builder().body(new Buffer().write(new byte[100]))
        .throttleBody(1, 300, TimeUnit.MILLISECONDS).build());

    FetchResult.Failed failed = (FetchResult.Failed) fetch();

    assertThat(failed.reason()).isEqualTo(Reason.TIMEOUT);
    assertThat(failed.detail()).isEqualTo("call timed out after 2 s");
  }

  /** A chunked body that never ends (until the client hangs up or 1 GiB is written). */
  private static MockResponseBody endless(AtomicLong written, boolean gzip) {
    return new MockResponseBody() {
      @Override
      public long getContentLength() {
        return -1;
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        OutputStream out = gzip ? new GZIPOutputStream(sink.outputStream(), true)
            : sink.outputStream();
        byte[] block = new byte[8192];
        Arrays.fill(block, (byte) ' ');
        while (written.get() < (1L << 30)) {
          out.write(block);
          out.flush();
          written.addAndGet(block.length);
        }
        out.close();
      }
    };
  }

  private static byte[] gzip(byte[] plain) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(plain);
    }
    return bytes.toByteArray();
  }
}
