package cc.microsolidarity.tributary.publish;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PublicUrlTest {
  @Test
  void credentialParametersAreLeftOutAndTheRestKeptAsWritten() {
    assertThat(PublicUrl.of("https://forum.example/c/crew.rss?api_key=f00d&api_username=system"))
        .isEqualTo("https://forum.example/c/crew.rss?api_username=system");
    assertThat(PublicUrl.of("https://www.patreon.com/rss/crew?auth=s3cr3t"))
        .isEqualTo("https://www.patreon.com/rss/crew");
    assertThat(PublicUrl.of("https://x.example/feed?page=2&accessToken=abc&q=a%20b#top"))
        .isEqualTo("https://x.example/feed?page=2&q=a%20b#top");
    assertThat(PublicUrl.of("https://s3.example/f.xml?X-Amz-Credential=AK&X-Amz-Signature=9f"
        + "&X-Amz-Expires=60")).isEqualTo("https://s3.example/f.xml?X-Amz-Expires=60");
    assertThat(PublicUrl.of("https://x.example/feed?api%5Fkey=1")).isEqualTo(
        "https://x.example/feed");
  }

  @Test
  void urlsWithoutCredentialsAreUnchanged() {
    for (String url : new String[] {"https://x.example/feed",
        "https://x.example/search.rss?keyword=microsolidarity&author=anna&sort=new",
        "https://social.coop/tags/microsolidarity.rss", "https://x.example/feed?",
        "https://x.example/feed?a&&b=1", "https://x.example/p?id=1#token=x"}) {
      assertThat(PublicUrl.of(url)).isEqualTo(url);
    }
  }

  @Test
  void theCredentialNamesAreListedOnce() {
    assertThat(PublicUrl.credentialParameters(
        "https://forum.example/latest.rss?api_key=1&api_username=system&api_key=2&token=3"))
        .containsExactly("api_key", "token");
    assertThat(PublicUrl.credentialParameters("https://x.example/feed?keyword=k")).isEmpty();
  }
}
