package cc.microsolidarity.tributary.model;

import java.util.Objects;

/** The merged feed's own metadata, from the {@code feed:} block of feeds.yaml. */
public record FeedSettings(
    String title,
    String subtitle,
    String id,
    String link,
    String hashtag,
    Person author,
    String image,
    String language,
    int maxEntries) {

  public FeedSettings {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(link, "link");
    if (maxEntries <= 0) {
      throw new IllegalArgumentException("maxEntries must be positive");
    }
  }
}
