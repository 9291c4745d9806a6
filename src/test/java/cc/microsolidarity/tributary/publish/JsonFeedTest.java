package cc.microsolidarity.tributary.publish;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.model.Entry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonFeedTest {
  /** The top-level and item keys JSON Feed 1.1 defines. */
  private static final Set<String> FEED_KEYS = Set.of("version", "title", "home_page_url",
      "feed_url", "description", "user_comment", "next_url", "icon", "favicon", "authors",
      "language", "expired", "hubs", "items");
  private static final Set<String> ITEM_KEYS = Set.of("id", "url", "external_url", "title",
      "content_html", "content_text", "summary", "image", "banner_image", "date_published",
      "date_modified", "authors", "tags", "language", "attachments");

  private JsonNode render(List<Entry> entries) throws Exception {
    RenderedFeed json = new Publisher().render(Samples.feed(3), Samples.sources(), entries)
        .get("/feed.json");
    assertThat(json.contentType()).isEqualTo("application/feed+json; charset=utf-8");
    return new ObjectMapper().readTree(json.body());
  }

  @Test
  void feedParsesBackWithTheVersion11FieldNames() throws Exception {
    JsonNode feed = render(Samples.mixed(5));

    assertThat(feed.get("version").asText()).isEqualTo("https://jsonfeed.org/version/1.1");
    assertThat(feed.get("title").asText()).isEqualTo("#microsolidarity");
    assertThat(feed.get("home_page_url").asText()).isEqualTo("https://microsolidarity.cc");
    assertThat(feed.get("feed_url").asText()).isEqualTo("https://microsolidarity.cc/feed.json");
    assertThat(feed.get("description").asText()).isEqualTo("Podcasts, posts & threads");
    assertThat(feed.get("icon").asText()).isEqualTo("https://microsolidarity.cc/logo.png");
    assertThat(feed.get("language").asText()).isEqualTo("en");
    assertThat(feed.get("authors").get(0).get("name").asText()).isEqualTo("Jo Host");
    assertThat(iterable(feed)).allMatch(FEED_KEYS::contains);
    assertThat(feed.get("items")).hasSize(3); // maxEntries
    for (JsonNode item : feed.get("items")) {
      assertThat(iterable(item)).allMatch(ITEM_KEYS::contains);
      assertThat(item.get("id").isTextual()).isTrue();
      assertThat(item.get("content_html").isTextual()).isTrue();
    }
  }

  @Test
  void itemsCarryDatesTagsAuthorsAndAttachments() throws Exception {
    List<Entry> entries = Samples.mixed(2);
    JsonNode episode = render(entries).get("items").get(1);

    assertThat(episode.get("id").asText()).isEqualTo(entries.get(1).id());
    assertThat(episode.get("url").asText()).isEqualTo("https://anchor.fm/episodes/ep-1");
    assertThat(episode.get("title").asText()).isEqualTo("Episode 1: circles & crews");
    assertThat(episode.get("summary").asText()).isEqualTo("We talk about crews number 1.");
    assertThat(Instant.parse(episode.get("date_published").asText()))
        .isEqualTo(entries.get(1).published());
    assertThat(episode.get("date_modified").asText()).isEqualTo("2024-06-03T09:15:30Z");
    assertThat(episode.get("authors").get(0).get("name").asText()).isEqualTo("Rich");
    assertThat(episode.get("tags")).extracting(JsonNode::asText)
        .containsExactly("podcast", "community");
    JsonNode mp3 = episode.get("attachments").get(1);
    assertThat(mp3.get("url").asText()).isEqualTo("https://anchor.fm/ep-1.mp3");
    assertThat(mp3.get("mime_type").asText()).isEqualTo("audio/mpeg");
    assertThat(mp3.get("size_in_bytes").asLong()).isEqualTo(12_345_678L);
    assertThat(mp3.get("duration_in_seconds").asLong()).isEqualTo(3723L);
  }

  private static List<String> iterable(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
