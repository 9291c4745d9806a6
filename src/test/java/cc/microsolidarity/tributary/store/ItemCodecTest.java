package cc.microsolidarity.tributary.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cc.microsolidarity.tributary.model.Enclosure;
import cc.microsolidarity.tributary.model.Item;
import cc.microsolidarity.tributary.model.Person;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
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

  /**
   * Items are written as UTF-8 bytes directly; what is stored, and hashed, must stay the text's
   * UTF-8 as it was, or every stored entry would look edited at its next fetch.
   */
  @Test
  void storedBytesAreTheTextsUtf8WhateverTheCharacters() {
    String[] pieces = {"a", "\u00e9", "\u2014", "\u2028", "\u007f", "\u0000", "\u001f", "\"",
        "\\", "/", "</script>", "\ud83d\ude00", "\ud800", "\udc00", "\uffff", "\u4e2d",
        "\t\n\r", "&amp;", " "};
    Random random = new Random(20261206L);
    for (int i = 0; i < 2_000; i++) {
      Item.Builder b = full().toBuilder().title(text(random, pieces))
          .contentHtml(text(random, pieces)).categories(List.of(text(random, pieces)))
          .authors(List.of(new Person(text(random, pieces), null, text(random, pieces))));
      if (random.nextBoolean()) {
        b.updated(null);
      }
      if (random.nextInt(4) == 0) {
        b.published(null);
      }
      Item item = b.build();
      ItemCodec.Encoded e = codec.encode(item);
      String undated = codec.write(item);
      String dates = (item.published() == null ? "" : ",\"published\":\"" + item.published() + "\"")
          + (item.updated() == null ? "" : ",\"updated\":\"" + item.updated() + "\"");
      String text = dates.isEmpty() ? undated
          : undated.substring(0, undated.length() - 1) + dates + "}";
      assertThat(e.utf8()).as(text).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
      assertThat(e.contentHash()).isEqualTo(codec.contentHash(item));
    }
  }

  private static String text(Random random, String[] pieces) {
    StringBuilder out = new StringBuilder();
    for (int n = random.nextInt(8); n > 0; n--) {
      out.append(pieces[random.nextInt(pieces.length)]);
    }
    return out.toString();
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
