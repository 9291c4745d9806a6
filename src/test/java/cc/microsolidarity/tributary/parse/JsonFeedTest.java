package cc.microsolidarity.tributary.parse;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.model.Enclosure;
import cc.microsolidarity.tributary.model.Item;
import cc.microsolidarity.tributary.model.ParsedFeed;
import cc.microsolidarity.tributary.model.Person;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JsonFeedTest {
  private final FeedParser parser = new FeedParser();

  @Test
  void jsonFeedItemsBecomeItems() {
    ParsedFeed feed = Fixtures.parsed(parser, "json-feed.json");

    assertThat(feed.title()).isEqualTo("JSON Feed");
    assertThat(feed.image()).isEqualTo("https://example.org/icon.png");
    Item first = feed.items().get(0);
    assertThat(first.guid()).isEqualTo("42");
    assertThat(first.link()).isEqualTo("https://example.org/posts/42");
    assertThat(first.title()).isEqualTo("Answer &amp; &lt;question&gt;");
    assertThat(first.contentHtml()).isEqualTo("<p>See <a href=\"https://example.org/more\">more</a></p>");
    assertThat(first.published()).isEqualTo(Instant.parse("2024-01-02T01:04:05Z"));
    assertThat(first.updated()).isEqualTo(Instant.parse("2024-01-03T00:00:00Z"));
    assertThat(first.categories()).containsExactly("a", "b");
    assertThat(first.authors()).containsExactly(Person.named("Feed Author"));
    assertThat(first.enclosures()).containsExactly(
        new Enclosure("https://cdn.example.org/42.mp3", "audio/mpeg", 1000));
    assertThat(first.duration()).isEqualTo(Duration.ofSeconds(61));

    Item second = feed.items().get(1);
    assertThat(second.link()).isEqualTo("https://elsewhere.example/x");
    assertThat(second.contentHtml()).isEqualTo("Line one<br>Line &lt;two&gt;");
    assertThat(second.authors()).containsExactly(Person.named("Old Style"));
  }

  @Test
  void jsonIsSniffedFromTheContentTypeOrTheFirstBrace() {
    ParseResult result = parser.parse("  [1,2]".getBytes(StandardCharsets.UTF_8),
        "application/feed+json", Fixtures.DOCUMENT_URL);
    assertThat(result).isEqualTo(new ParseResult.Failed("not a feed: JSON without an items array"));

    ParseResult broken = parser.parse("{\"items\": [".getBytes(StandardCharsets.UTF_8), null,
        Fixtures.DOCUMENT_URL);
    assertThat(broken).isInstanceOf(ParseResult.Failed.class);
    assertThat(((ParseResult.Failed) broken).message()).startsWith("JSON error at");
  }

  @Test
  void jsonNestedTenThousandDeepFailsWithTheLimitNamed() {
    String json = "{\"items\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";

    ParseResult result = parser.parse(json.getBytes(StandardCharsets.UTF_8),
        "application/feed+json", Fixtures.DOCUMENT_URL);

    assertThat(result).isInstanceOf(ParseResult.Failed.class);
    assertThat(((ParseResult.Failed) result).message()).startsWith("JSON error")
        .containsIgnoringCase("nesting depth").doesNotContain("NullPointerException");
  }
}
