package cc.microsolidarity.tributary.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnclosureCanonicalizerTest {
  private final EnclosureCanonicalizer enclosures =
      new EnclosureCanonicalizer(new LinkCanonicalizer());

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "https://dts.podtrac.com/redirect.mp3/cdn.example.com/ep1.mp3",
      "https://dts.podtrac.com/redirect.aac/cdn.example.com/ep1.mp3",
      "https://dts.podtrac.com/redirect.m4a/https://cdn.example.com/ep1.mp3",
      "http://www.podtrac.com/pts/redirect.mp3/cdn.example.com/ep1.mp3",
      "https://chtbl.com/track/ABC12/cdn.example.com/ep1.mp3",
      "https://chrt.fm/track/9EE2G/cdn.example.com/ep1.mp3",
      "https://claritaspod.com/measure/cdn.example.com/ep1.mp3",
      "https://tracking.swap.fm/track/xyz123/cdn.example.com/ep1.mp3",
      "https://pdst.fm/e/cdn.example.com/ep1.mp3",
      "https://op3.dev/e/cdn.example.com/ep1.mp3",
      "https://op3.dev/e/https://cdn.example.com/ep1.mp3",
      "https://op3.dev/e,pg=5a1f0c3e-7f4b-5e2a-9c0d-123456789abc/cdn.example.com/ep1.mp3",
      "https://pfx.vpixl.com/6qj4J/cdn.example.com/ep1.mp3",
      "https://arttrk.com/p/ABCD1/cdn.example.com/ep1.mp3",
      "https://clrtpod.com/m/ABCD1/cdn.example.com/ep1.mp3",
      "https://prfx.byspotify.com/e/cdn.example.com/ep1.mp3",
      "https://pscrb.fm/rss/p/cdn.example.com/ep1.mp3",
      "https://verifi.podscribe.com/rss/p/cdn.example.com/ep1.mp3",
      "https://mgln.ai/e/123/cdn.example.com/ep1.mp3",
      "https://DTS.Podtrac.com/redirect.mp3/chrt.fm/track/9EE2G/pdst.fm/e/cdn.example.com/ep1.mp3",
      "https://op3.dev/e/dts.podtrac.com/redirect.mp3/prfx.byspotify.com/e/http://cdn.example.com/ep1.mp3",
      "https://cdn.example.com/ep1.mp3?utm_source=feed",
      "http://cdn.example.com:80/ep1.mp3",
      "https://anchor.fm/s/abc123/podcast/play/456789/https%3A%2F%2Fcdn.example.com%2Fep1.mp3",
  })
  void removesTrackingPrefixesAlsoChained(String url) {
    assertThat(enclosures.canonicalize(url)).isEqualTo("https://cdn.example.com/ep1.mp3");
  }

  @Test
  void dropsPerDownloadParametersButKeepsOthers() {
    assertThat(enclosures.canonicalize(
        "https://dts.podtrac.com/redirect.mp3/rss.art19.com/episodes/e1.mp3?rss_browser=BAh%3D"))
        .isEqualTo("https://rss.art19.com/episodes/e1.mp3");
    assertThat(enclosures.canonicalize("https://cdn.example.com/play?id=7"))
        .isEqualTo("https://cdn.example.com/play?id=7");
  }

  @Test
  void differentFilesStayDifferent() {
    assertThat(enclosures.canonicalize("https://pdst.fm/e/cdn.example.com/ep1.mp3"))
        .isNotEqualTo(enclosures.canonicalize("https://pdst.fm/e/cdn.example.com/ep2.mp3"));
  }

  @Test
  void keepsNonTrackingHostsThatLookSimilar() {
    assertThat(enclosures.canonicalize("https://podtrac.example/redirect.mp3/x.mp3"))
        .isEqualTo("https://podtrac.example/redirect.mp3/x.mp3");
  }

  @Test
  void nullForNothingComparable() {
    assertThat(enclosures.canonicalize(null)).isNull();
    assertThat(enclosures.canonicalize(" ")).isNull();
    assertThat(enclosures.canonicalize("episode.mp3")).isNull();
  }
}
