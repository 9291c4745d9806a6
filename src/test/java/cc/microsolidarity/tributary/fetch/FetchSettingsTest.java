package cc.microsolidarity.tributary.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FetchSettingsTest {

  @Test
  void keepsOneIdleConnectionPerHostUpToTheLimit() {
    assertThat(FetchSettings.idleConnectionsFor(hosts(40))).isEqualTo(40);
    assertThat(FetchSettings.idleConnectionsFor(hosts(FetchSettings.MAX_IDLE_CONNECTIONS)))
        .isEqualTo(FetchSettings.MAX_IDLE_CONNECTIONS);
  }

  @Test
  void hostsDifferingOnlyInCaseOrPathAreOneHost() {
    List<URI> urls = List.of(URI.create("https://Medium.com/feed/a"),
        URI.create("https://medium.com/feed/b"), URI.create("http://MEDIUM.COM/c"),
        URI.create("https://anchor.fm/s/1/podcast/rss"));
    assertThat(FetchSettings.idleConnectionsFor(urls))
        .as("two hosts, but never fewer than OkHttp's default").isEqualTo(5);
  }

  @Test
  void pastTheLimitOkHttpsDefaultSinceItsPoolIsSearchedLinearly() {
    assertThat(FetchSettings.idleConnectionsFor(hosts(FetchSettings.MAX_IDLE_CONNECTIONS + 1)))
        .isEqualTo(FetchSettings.DEFAULT_IDLE_CONNECTIONS);
    assertThat(FetchSettings.idleConnectionsFor(hosts(2_504)))
        .isEqualTo(FetchSettings.DEFAULT_IDLE_CONNECTIONS);
  }

  private static List<URI> hosts(int n) {
    return IntStream.range(0, n)
        .mapToObj(i -> URI.create("http://host" + i + ".example/feed")).toList();
  }
}
