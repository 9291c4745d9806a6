package cc.microsolidarity.tributary.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class LinkCanonicalizerTest {
  private final LinkCanonicalizer links = new LinkCanonicalizer();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "http://Example.COM/a|https://example.com/a",
      "HTTPS://example.com:443/a|https://example.com/a",
      "http://example.com:80/a|https://example.com/a",
      "https://example.com:8443/a|https://example.com:8443/a",
      "https://example.com/a/|https://example.com/a",
      "https://example.com/|https://example.com",
      "https://example.com|https://example.com",
      "https://example.com/a#section|https://example.com/a",
      "https://example.com/a/./b/../c|https://example.com/a/c",
      "https://example.com/%7Euser/%2e%2e/x|https://example.com/x",
      "https://example.com/a%2fb|https://example.com/a%2Fb",
      "https://example.com/caf\u00e9|https://example.com/caf%C3%A9",
      "https://example.com/a b|https://example.com/a%20b",
      "https://example.com/100%|https://example.com/100%25",
      "https://b\u00fccher.example/|https://xn--bcher-kva.example",
      "https://example.com./a|https://example.com/a",
      "https://user:pw@example.com/a|https://example.com/a",
      "//example.com/a|https://example.com/a",
      "https://www.example.com/a|https://www.example.com/a",
      "https://example.com/a?utm_source=x&utm_medium=y&id=3|https://example.com/a?id=3",
      "https://example.com/a?b=2&a=1|https://example.com/a?b=2&a=1",
      "https://example.com/a?fbclid=1&gclid=2&mc_cid=3&mc_eid=4&ref=5|https://example.com/a",
      "https://example.com/a?UTM_Source=x|https://example.com/a",
      "https://example.com/a?&&x=1&|https://example.com/a?x=1",
      "https://example.com/?p=123|https://example.com?p=123",
      "https://medium.com/p/slug-abc?source=rss----d12c403d4976---4|https://medium.com/p/slug-abc",
      "https://medium.com/@liz/x-1?source=post_page|https://medium.com/@liz/x-1",
      "https://blog.example.org/x-1?source=rss----abc---4|https://blog.example.org/x-1",
      "https://shop.example.org/x?source=catalogue|https://shop.example.org/x?source=catalogue",
      "https://www.heise.de/newsticker/meldung/x-4205274.html?wt_mc=rss.ho.beitrag.rdf|https://www.heise.de/newsticker/meldung/x-4205274.html",
      "https://www.spiegel.de/a?wt_zmc=x&wt_mc=y&b=1|https://www.spiegel.de/a?b=1",
      "https://www.lemonde.fr/a.html?xtor=RSS-3208|https://www.lemonde.fr/a.html",
      "https://www.bbc.co.uk/news/x-1?at_medium=RSS&at_campaign=rss|https://www.bbc.co.uk/news/x-1",
      "https://www.bbc.co.uk/news/x-1?ns_mchannel=rss&ns_source=PublicRSS20-sa|https://www.bbc.co.uk/news/x-1",
      "https://www.dw.com/de/x/av-61170826?maca=de-DKpodcast_lgn_de-2288-xml-mrss|https://www.dw.com/de/x/av-61170826",
      "http://www.medscape.com/familymedicine?src=rss|https://www.medscape.com/familymedicine",
      "https://twitter.com/hashtag/x?src=hash|https://twitter.com/hashtag/x?src=hash",
      "https://medium.com/p/x?src=y|https://medium.com/p/x?src=y",
      "https://example.com/a?q=%7e%41|https://example.com/a?q=~A",
      "https://example.com/a?q=a%2bb|https://example.com/a?q=a%2Bb",
  })
  void canonicalizes(String in, String expected) {
    assertThat(links.canonicalize(in)).isEqualTo(expected);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"  ", "mailto:a@example.com", "ftp://example.com/a", "/relative/path",
      "example.com/a", "javascript:alert(1)", "urn:uuid:1234", "https://", "https://:80/"})
  void returnsNullForWhatIsNotAnHttpLink(String in) {
    assertThat(links.canonicalize(in)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://example.com/a?x=1", "http://EXAMPLE.com:443/a/b/../c/?x=%7e",
      "https://example.com/%zz/100%", "https://[::1]:8080/a/", "https://example.com//"})
  void isIdempotent(String in) {
    String once = links.canonicalize(in);
    assertThat(links.canonicalize(once)).isEqualTo(once);
  }
}
