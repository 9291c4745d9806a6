package cc.microsolidarity.tributary.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.model.IdentityKey;
import cc.microsolidarity.tributary.model.IdentityKey.Kind;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EntryIdsTest {
  private final EntryIds ids = new EntryIds();
  private final IdentityKey key = new IdentityKey(Kind.GUID, "https://medium.com/p/abc");

  @Test
  void mintsADeterministicVersion5Urn() {
    String id = ids.mint("tag:microsolidarity.cc,2019:merged", key);
    assertThat(id).startsWith("urn:uuid:").isEqualTo(ids.mint("tag:microsolidarity.cc,2019:merged", key));
    UUID uuid = UUID.fromString(id.substring("urn:uuid:".length()));
    assertThat(uuid.version()).isEqualTo(5);
    assertThat(uuid.variant()).isEqualTo(2);
  }

  @Test
  void differsByFeedKindAndValue() {
    String id = ids.mint("feed", key);
    assertThat(ids.mint("other-feed", key)).isNotEqualTo(id);
    assertThat(ids.mint("feed", new IdentityKey(Kind.LINK, key.value()))).isNotEqualTo(id);
    assertThat(ids.mint("feed", new IdentityKey(Kind.GUID, "https://medium.com/p/abd")))
        .isNotEqualTo(id);
  }

  @Test
  void matchesTheRfcExampleForVersion5() {
    // RFC 9562 Appendix A.4: www.example.com in the DNS namespace
    UUID dns = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
    assertThat(EntryIds.uuidV5(dns, "www.example.com"))
        .isEqualTo(UUID.fromString("2ed6657d-e927-568b-95e1-2665a8aea6a2"));
  }
}
