package cc.microsolidarity.tributary.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cc.microsolidarity.tributary.model.Enclosure;
import cc.microsolidarity.tributary.model.Item;
import cc.microsolidarity.tributary.model.Person;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ItemCodecTest {
  final ItemCodec codec = new ItemCodec();

  static Item full() {
    return Item.builder().guid("g\"1").link("https://e.org/a?b=1&c=2").title("Ünïcode — \"quoted\"")
        .summaryHtml("<p>s</p>").contentHtml("<p>c\n\u2028</p>")
        .authors(List.of(new Person("Ann", "ann@e.org", null), Person.named("Bob")))
        .categories(List.of("x", "y")).published(Instant.parse("2026-01-02T03:04:05.678Z"))
        .updated(Instant.parse("2026-01-03T00:00:00Z"))
        .enclosures(List.of(new Enclosure("https://e.org/a.mp3", "audio/mpeg", 123),
            new Enclosure("https://e.org/b.mp4", null, -1)))
        .duration(Duration.ofSeconds(3725)).image("https://e.org/i.png").episode(7).season(2)
        .explicit(false).build();
  }

  @Test
  void everyFieldSurvivesARoundTrip() {
    Item item = full();
    assertThat(codec.fromJson(codec.toJson(item))).isEqualTo(item);
    Item empty = Item.builder().build();
    assertThat(codec.fromJson(codec.toJson(empty))).isEqualTo(empty);
  }

  @Test
  void readsRowsWrittenByTheDataBindingCodecAndSkipsUnknownFields() {
    String old = "{\"guid\":\"g\",\"link\":null,\"title\":\"T\",\"authors\":[{\"name\":\"A\","
        + "\"email\":null,\"uri\":null}],\"categories\":[],\"published\":\"2026-01-02T03:04:05Z\","
        + "\"enclosures\":[{\"url\":\"u\",\"type\":\"audio/mpeg\",\"length\":5}],"
        + "\"duration\":\"PT1M\",\"future\":{\"nested\":[1,2]},\"episode\":3}";
    Item item = codec.fromJson(old);
    assertThat(item.title()).isEqualTo("T");
    assertThat(item.authors()).containsExactly(Person.named("A"));
    assertThat(item.enclosures()).containsExactly(new Enclosure("u", "audio/mpeg", 5));
    assertThat(item.duration()).isEqualTo(Duration.ofMinutes(1));
    assertThat(item.episode()).isEqualTo(3);
  }

  @Test
  void theContentHashIgnoresDatesButNotContent() {
    Item item = full();
    String h = codec.contentHash(item);
    assertThat(codec.contentHash(item.toBuilder().published(Instant.EPOCH).updated(null).build()))
        .isEqualTo(h);
    assertThat(codec.contentHash(item.toBuilder().title("Edited").build())).isNotEqualTo(h);
    assertThat(h).startsWith("crc:");
  }

  @Test
  void oneEncodingGivesTheStoredJsonAndTheContentHash() {
    Item item = full();
    ItemCodec.Encoded e = codec.encode(item);
    assertThat(e.contentHash()).isEqualTo(codec.contentHash(item));
    assertThat(codec.fromJson(e.json())).isEqualTo(item);
    Item onlyUpdated = item.toBuilder().published(null).build();
    assertThat(codec.fromJson(codec.encode(onlyUpdated).json())).isEqualTo(onlyUpdated);
    Item undated = Item.builder().title("t").build();
    assertThat(codec.fromJson(codec.encode(undated).json())).isEqualTo(undated);
  }

  @Test
  void theContentHashNeverChangesAcrossVersions() {
    // Stored rows keep their hash: if this value changed, every stored entry would look edited
    // at its next fetch and be re-stamped "updated" in every reader.
    assertThat(codec.contentHash(full())).isEqualTo("crc:1b3:affff6ad0e4d32dc");
    assertThat(codec.contentHash(Item.builder().build())).isEqualTo("crc:2e:2c22515e5a20e5a2");
    // What versions before the fingerprint stored; still recognised (EntryStore.sameContent).
    assertThat(codec.sha256ContentHash(full())).isEqualTo("6199d094839a84773fa811b31fc38863b3c08eac2de319f45a498e9a3f7ffcb3");
    assertThat(codec.sha256ContentHash(Item.builder().build())).isEqualTo("d65d33613519a076e7d170c6da47217d7f8bf0deb09450afb874ee7b336a3698");
    assertThat(ItemCodec.isFingerprint(codec.contentHash(full()))).isTrue();
    assertThat(ItemCodec.isFingerprint(codec.sha256ContentHash(full()))).isFalse();
  }

  @Test
  void aCorruptRowIsAStoreError() {
    assertThatThrownBy(() -> codec.fromJson("{\"title\":")).isInstanceOf(StoreException.class)
        .hasMessageStartingWith("stored entry is not readable JSON");
  }
}
