package cc.microsolidarity.tributary.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.fetch.FetchResult.Reason;
import java.io.IOException;
import java.net.URI;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FeedFetcherRedirectTest {

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

  private void redirect(int status, String path) {
    server.enqueue(new MockResponse.Builder().code(status)
        .setHeader("Location", server.url(path).toString()).build());
  }

  private void feed() {
    server.enqueue(new MockResponse.Builder().body("<rss/>").build());
  }

  private FetchResult fetch(String path) {
    URI url = server.url(path).uri();
    return fetcher.fetch(new FetchRequest("src", url, null, url));
  }

  private URI at(String path) {
    return server.url(path).uri();
  }

  @Test
  void aRedirectChainIsFollowedToTheFeed() {
    redirect(302, "/b");
    redirect(307, "/c");
    redirect(303, "/d");
    feed();

    FetchResult.Fetched fetched = (FetchResult.Fetched) fetch("/a");

    assertThat(fetched.finalUrl()).isEqualTo(at("/d"));
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @ParameterizedTest(name = "{0} is persisted")
  @ValueSource(ints = {301, 308})
  void aPermanentRedirectIsReported(int status) {
    redirect(status, "/new");
    feed();

    FetchResult.Fetched fetched = (FetchResult.Fetched) fetch("/old");

    assertThat(fetched.permanentRedirect()).isEqualTo(at("/new"));
    assertThat(fetched.finalUrl()).isEqualTo(at("/new"));
  }

  @ParameterizedTest(name = "{0} is not persisted")
  @ValueSource(ints = {302, 303, 307})
  void aTemporaryRedirectIsFollowedButNotReported(int status) {
    redirect(status, "/elsewhere");
    feed();

    FetchResult.Fetched fetched = (FetchResult.Fetched) fetch("/feed");

    assertThat(fetched.permanentRedirect()).isNull();
    assertThat(fetched.finalUrl()).isEqualTo(at("/elsewhere"));
  }

  @Test
  void thePermanentRedirectIsTheLastOneBeforeAnyTemporaryHop() {
    redirect(301, "/b");
    redirect(308, "/c");
    redirect(302, "/d");
    redirect(301, "/e");
    feed();

    FetchResult.Fetched fetched = (FetchResult.Fetched) fetch("/a");

    assertThat(fetched.permanentRedirect()).isEqualTo(at("/c"));
    assertThat(fetched.finalUrl()).isEqualTo(at("/e"));
  }

  @Test
  void aPermanentRedirectBehindATemporaryOneIsNotReported() {
    redirect(302, "/b");
    redirect(301, "/c");
    feed();

    assertThat(fetch("/a").permanentRedirect()).isNull();
  }

  @Test
  void aPermanentRedirectIsReportedWithANotModified() {
    redirect(301, "/new");
    server.enqueue(new MockResponse.Builder().code(304).build());

    FetchResult result = fetch("/old");

    assertThat(result).isInstanceOf(FetchResult.NotModified.class);
    assertThat(result.permanentRedirect()).isEqualTo(at("/new"));
  }

  @Test
  void aRelativeLocationIsResolvedAgainstTheCurrentUrl() {
    server.enqueue(new MockResponse.Builder().code(301).setHeader("Location", "../feeds/main.xml")
        .build());
    feed();

    FetchResult.Fetched fetched = (FetchResult.Fetched) fetch("/blog/rss");

    assertThat(fetched.finalUrl()).isEqualTo(at("/feeds/main.xml"));
  }

  @Test
  void fiveRedirectsAreFollowed() {
    for (int i = 1; i <= 5; i++) {
      redirect(302, "/hop" + i);
    }
    feed();

    assertThat(fetch("/start")).isInstanceOf(FetchResult.Fetched.class);
  }

  @Test
  void aSixthRedirectIsTooMany() {
    for (int i = 1; i <= 6; i++) {
      redirect(302, "/hop" + i);
    }
    feed();

    FetchResult.Failed failed = (FetchResult.Failed) fetch("/start");

    assertThat(failed.reason()).isEqualTo(Reason.TOO_MANY_REDIRECTS);
    assertThat(server.getRequestCount()).isEqualTo(6);
  }

  @Test
  void aRedirectLoopIsDetectedAtTheFirstRepeat() {
    redirect(301, "/b");
    redirect(301, "/a");

    FetchResult.Failed failed = (FetchResult.Failed) fetch("/a");

    assertThat(failed.reason()).isEqualTo(Reason.TOO_MANY_REDIRECTS);
    assertThat(failed.detail()).startsWith("redirect loop");
    assertThat(failed.permanentRedirect()).isNull();
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aRedirectWithoutLocationIsAnHttpError() {
    server.enqueue(new MockResponse.Builder().code(302).build());

    FetchResult.Failed failed = (FetchResult.Failed) fetch("/a");

    assertThat(failed.reason()).isEqualTo(Reason.HTTP_ERROR);
    assertThat(failed.status()).isEqualTo(302);
  }

  @Test
  void aRedirectToANonHttpSchemeIsRefused() {
    server.enqueue(new MockResponse.Builder().code(301)
        .setHeader("Location", "file:///etc/passwd").build());

    FetchResult.Failed failed = (FetchResult.Failed) fetch("/a");

    assertThat(failed.reason()).isEqualTo(Reason.REDIRECT_REFUSED);
    assertThat(failed.permanentRedirect()).isNull();
  }

  @Test
  void aPermanentRedirectToAGoneFeedIsStillReported() {
    redirect(301, "/new");
    server.enqueue(new MockResponse.Builder().code(410).build());

    FetchResult.Failed failed = (FetchResult.Failed) fetch("/old");

    assertThat(failed.reason()).isEqualTo(Reason.GONE);
    assertThat(failed.permanentRedirect()).isEqualTo(at("/new"));
  }
}
