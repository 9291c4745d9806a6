package cc.microsolidarity.tributary.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.model.Enclosure;
import cc.microsolidarity.tributary.model.Item;
import cc.microsolidarity.tributary.model.Person;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ItemNormalizerTest {
  private static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");
  private final ItemNormalizer normalizer =
      new ItemNormalizer(Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void sanitisesHtmlCleansTheTitleAndKeepsTheLink() {
    Item raw = Item.builder()
        .guid("  g-1 ")
        .link("https://example.org/post?utm_source=x")
        .title("Caf&eacute; &amp; <i>bar</i>")
        .summaryHtml("<p onclick=\"x()\">Hi<script>evil()</script></p>")
        .contentHtml("<a href=\"javascript:alert(1)\">click</a>")
        .build();

    Item item = normalizer.normalize(raw);

    assertThat(item.guid()).isEqualTo("g-1");
    assertThat(item.link()).isEqualTo("https://example.org/post?utm_source=x");
    assertThat(item.title()).isEqualTo("Café & bar");
    assertThat(item.summaryHtml()).isEqualTo("<p>Hi</p>");
    assertThat(item.contentHtml()).isEqualTo("<a rel=\"nofollow noopener\">click</a>");
  }

  @Test
  void aMissingTitleComesFromTheSanitisedText() {
    Item item = normalizer.normalize(Item.builder()
        .contentHtml("<script>secret()</script><p>Hello world</p>").build());

    assertThat(item.title()).isEqualTo("Hello world");
  }

  @Test
  void htmlOverAMegabyteBecomesTheStartOfItsTextAndALongPostStaysWhole() {
    String paragraph = "<p>Word <b>after</b> word &amp; more.</p>";
    String huge = paragraph.repeat(40_000); // 1.5 MB, like a broken feed's description
    String longPost = paragraph.repeat(20_000); // 0.8 MB, like the corpus's longest post

    Item item = normalizer.normalize(Item.builder().title("T").summaryHtml(huge)
        .contentHtml(longPost).build());

    String summary = item.summaryHtml(); // compared piecewise: a failure prints no megabyte
    assertThat(summary.length()).isBetween(64 * 1024, 80 * 1024);
    assertThat(summary.substring(0, 41)).isEqualTo("<p>Word after word &amp; more. Word after");
    assertThat(summary.substring(summary.length() - 20)).endsWith(" word…</p>");
    assertThat(summary.contains("<b>")).isFalse();
    assertThat(item.contentHtml().equals(longPost)).as("a long post stays whole").isTrue();
  }

  @Test
  void anItemsListsAreCappedAndRealOnesKeptAsTheyAre() {
    List<String> categories = IntStream.range(0, 100_000).mapToObj(i -> "tag" + i).toList();
    List<Enclosure> enclosures = IntStream.range(0, 1_000)
        .mapToObj(i -> new Enclosure("https://cdn.example/" + i + ".mp3", "audio/mpeg", 1L))
        .toList();
    List<Person> authors = IntStream.range(0, 500)
        .mapToObj(i -> new Person("Author " + i, null, null)).toList();

    Item item = normalizer.normalize(Item.builder().title("T").categories(categories)
        .enclosures(enclosures).authors(authors).build());

    assertThat(item.categories()).hasSize(100).startsWith("tag0").endsWith("tag99");
    assertThat(item.enclosures()).hasSize(20).startsWith(enclosures.get(0))
        .endsWith(enclosures.get(19));
    assertThat(item.authors()).hasSize(20).startsWith(authors.get(0));

    Item longTag = normalizer.normalize(Item.builder().title("T")
        .categories(List.of("short", "Spam ".repeat(10_000))).build());
    assertThat(longTag.categories().get(0)).isEqualTo("short");
    assertThat(longTag.categories().get(1)).hasSizeLessThanOrEqualTo(1_001).endsWith("Spam…");

    // A real item's lists, duplicates and all, come out as they went in.
    List<String> real = List.of("Community", "microsolidarity", "Community", "Podcast");
    Item kept = normalizer.normalize(Item.builder().title("T").categories(real)
        .enclosures(enclosures.subList(0, 2)).authors(authors.subList(0, 2)).build());
    assertThat(kept.categories()).isEqualTo(real);
    assertThat(kept.enclosures()).isEqualTo(enclosures.subList(0, 2));
    assertThat(kept.authors()).isEqualTo(authors.subList(0, 2));
  }

  @Test
  void aTitleOverAThousandCharactersIsCutAtAWord() {
    Item item = normalizer.normalize(Item.builder().title("Spam ".repeat(100_000)).build());

    assertThat(item.title()).hasSizeLessThanOrEqualTo(1_001).endsWith("Spam…");
    assertThat(normalizer.normalize(Item.builder().title("A real title, ".repeat(20)).build())
        .title()).as("280 characters").isEqualTo("A real title, ".repeat(20).strip());
  }

  @Test
  void datesMoreThanADayAheadBecomeNullMeaningFirstSeen() {
    Item item = normalizer.normalize(Item.builder()
        .published(NOW.plus(Duration.ofDays(1)).plusSeconds(1))
        .updated(NOW.plus(Duration.ofDays(400)))
        .build());

    assertThat(item.published()).isNull();
    assertThat(item.updated()).isNull();
  }

  @Test
  void datesUpToADayAheadAndPastDatesAreKept() {
    Instant slightlyAhead = NOW.plus(Duration.ofHours(23));
    Instant past = Instant.parse("2001-01-01T00:00:00Z");

    Item item = normalizer.normalize(Item.builder().published(past).updated(slightlyAhead).build());

    assertThat(item.published()).isEqualTo(past);
    assertThat(item.updated()).isEqualTo(slightlyAhead);
  }
}
