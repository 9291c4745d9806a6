package cc.microsolidarity.tributary.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.model.IdentityKey;
import cc.microsolidarity.tributary.model.IdentityKey.Kind;
import cc.microsolidarity.tributary.model.Item;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdentityKeysTest {
  private final IdentityKeys keys = new IdentityKeys();

  @Test
  void listsGuidThenLinkThenEnclosures() {
    Item item = Item.builder().guid("https://medium.com/p/abc").build();
    assertThat(keys.of("s", item, "https://example.com/a", List.of("https://cdn/x.mp3")))
        .containsExactly(new IdentityKey(Kind.GUID, "https://medium.com/p/abc"),
            new IdentityKey(Kind.LINK, "https://example.com/a"),
            new IdentityKey(Kind.ENCLOSURE, "https://cdn/x.mp3"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "https://medium.com/p/abc|https://medium.com/p/abc",
      "HTTP://Social.Coop/@alice/1|https://social.coop/@alice/1",
      "https://blog.example/x/#comment-5|https://blog.example/x/#comment-5",
      "urn:uuid:0F2B|urn:uuid:0F2B",
      "URN:isbn:123|urn:isbn:123",
      "tag:github.com,2008:Grit::Commit/abc|tag:github.com,2008:Grit::Commit/abc",
      "topic-123|src topic-123",
      "yt:video:dQw4w9WgXcQ|src yt:video:dQw4w9WgXcQ",
      "  12  |src 12",
  })
  void scopesGuidsThatAreNotGloballyUnique(String guid, String value) {
    assertThat(keys.of("src", Item.builder().guid(guid).build(), null, List.of()))
        .containsExactly(new IdentityKey(Kind.GUID, value));
  }

  @Test
  void fallsBackToAScopedTextHashWhenNothingElseIdentifies() {
    Item a = Item.builder().title("Hello").contentHtml("<p>x</p>").build();
    List<IdentityKey> k = keys.of("src", a, null, List.of());
    assertThat(k).hasSize(1);
    assertThat(k.get(0).value()).startsWith("src sha256:");
    assertThat(keys.of("src", a, null, List.of())).isEqualTo(k);
    assertThat(keys.of("other", a, null, List.of())).isNotEqualTo(k);
    assertThat(keys.of("src", a.toBuilder().title("Bye").build(), null, List.of()))
        .isNotEqualTo(k);
  }

  @Test
  void dropsDuplicateAndBlankKeys() {
    Item item = Item.builder().guid(" ").build();
    assertThat(keys.of("s", item, "https://a", java.util.Arrays.asList("https://x", "https://x",
        null, ""))).containsExactly(new IdentityKey(Kind.LINK, "https://a"),
            new IdentityKey(Kind.ENCLOSURE, "https://x"));
  }
}
