package cc.microsolidarity.tributary.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Canonicalisation laws over generated URLs. */
class LinkCanonicalizerPropertiesTest {
  private final LinkCanonicalizer links = new LinkCanonicalizer();

  record Url(String scheme, String host, List<String> path, List<String> params, String fragment) {
    String render(List<String> query) {
      StringBuilder sb = new StringBuilder(scheme).append("://").append(host);
      path.forEach(p -> sb.append('/').append(p));
      if (!query.isEmpty()) {
        sb.append('?').append(String.join("&", query));
      }
      if (fragment != null) {
        sb.append('#').append(fragment);
      }
      return sb.toString();
    }

    String render() {
      return render(params);
    }
  }

  @Property
  boolean isIdempotent(@ForAll("urls") Url url) {
    String once = links.canonicalize(url.render());
    return once != null && once.equals(links.canonicalize(once));
  }

  @Property
  boolean isIdempotentOnArbitraryText(@ForAll("messyUrls") String url) {
    String once = links.canonicalize(url);
    return once == null || once.equals(links.canonicalize(once));
  }

  @Property
  void addingTrackingParametersAnywhereNeverChangesTheResult(@ForAll("urls") Url url,
      @ForAll("trackingParams") List<String> tracking, @ForAll long seed) {
    List<String> mixed = new ArrayList<>(url.params());
    java.util.Random r = new java.util.Random(seed);
    for (String t : tracking) {
      mixed.add(r.nextInt(mixed.size() + 1), t);
    }
    assertThat(links.canonicalize(url.render(mixed))).isEqualTo(links.canonicalize(url.render()));
  }

  @Property
  void changingAKeptParameterValueChangesTheResult(@ForAll("urls") Url url,
      @ForAll("values") String newValue) {
    Assume.that(!url.params().isEmpty());
    String first = url.params().get(0);
    String name = first.substring(0, first.indexOf('='));
    Assume.that(!first.equals(name + "=" + newValue));
    List<String> changed = new ArrayList<>(url.params());
    changed.set(0, name + "=" + newValue);
    assertThat(links.canonicalize(url.render(changed)))
        .isNotEqualTo(links.canonicalize(url.render()));
  }

  @Property
  void changingThePathChangesTheResult(@ForAll("urls") Url url, @ForAll("segments") String extra) {
    List<String> path = new ArrayList<>(url.path());
    path.add(extra);
    Url longer = new Url(url.scheme(), url.host(), path, url.params(), url.fragment());
    assertThat(links.canonicalize(longer.render())).isNotEqualTo(links.canonicalize(url.render()));
  }

  @Provide
  Arbitrary<Url> urls() {
    Arbitrary<String> scheme = Arbitraries.of("http", "https", "HTTP", "HttpS");
    Arbitrary<String> host = Arbitraries.of("example.com", "Example.COM", "medium.com",
        "social.coop", "blog.example.org:80", "forum.example.net:8080", "www.example.com");
    Arbitrary<List<String>> path = segments().list().ofMaxSize(4);
    Arbitrary<List<String>> params = Combinators.combine(
            Arbitraries.of("id", "p", "v", "page", "q", "list", "t", "lang", "sourceid", "x-ref"),
            values())
        .as((n, v) -> n + "=" + v).list().ofMaxSize(3).uniqueElements(p -> p.split("=")[0]);
    Arbitrary<String> fragment = Arbitraries.of("top", "comment-5").injectNull(0.6);
    return Combinators.combine(scheme, host, path, params, fragment).as(Url::new);
  }

  @Provide
  Arbitrary<String> segments() {
    return Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-', '_', '~', 'é')
        .ofMinLength(1).ofMaxLength(8)
        .filter(s -> !s.equals(".") && !s.equals(".."));
  }

  @Provide
  Arbitrary<String> values() {
    return Arbitraries.strings().alpha().numeric().withChars('-', '.', ' ', '%', 'ü')
        .ofMinLength(1).ofMaxLength(6)
        .map(s -> s.replace(" ", "%20").replace("%", "%25").replace("%2520", "%20"));
  }

  @Provide
  Arbitrary<List<String>> trackingParams() {
    Arbitrary<String> names = Arbitraries.of("utm_source", "utm_medium", "utm_campaign",
        "UTM_Content", "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "ref",
        "ref_src", "igshid", "_hsenc", "_hsmi", "mkt_tok", "yclid", "spm");
    Arbitrary<String> plain = Combinators.combine(names, values()).as((n, v) -> n + "=" + v);
    Arbitrary<String> medium = Arbitraries.strings().numeric().ofLength(12)
        .map(id -> "source=rss----" + id + "---4");
    return Arbitraries.oneOf(plain, medium).list().ofMinSize(1).ofMaxSize(4);
  }

  @Provide
  Arbitrary<String> messyUrls() {
    return Arbitraries.strings().withChars("abcXYZ019./:?#&=%~-_ @[]é+").ofMaxLength(30)
        .map(s -> "https://h.example/" + s);
  }
}
