package cc.microsolidarity.tributary.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One item as a source published it, after parsing. Any field but the lists may be null.
 * {@code contentHtml}/{@code summaryHtml} are HTML fragments; after normalisation they are
 * sanitised and their links absolute.
 */
public record Item(
    String guid,
    String link,
    String title,
    String summaryHtml,
    String contentHtml,
    List<Person> authors,
    List<String> categories,
    Instant published,
    Instant updated,
    List<Enclosure> enclosures,
    Duration duration,
    String image,
    Integer episode,
    Integer season,
    Boolean explicit) {

  public Item {
    authors = authors == null ? List.of() : List.copyOf(authors);
    categories = categories == null ? List.of() : List.copyOf(categories);
    enclosures = enclosures == null ? List.of() : List.copyOf(enclosures);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .guid(guid).link(link).title(title).summaryHtml(summaryHtml).contentHtml(contentHtml)
        .authors(authors).categories(categories).published(published).updated(updated)
        .enclosures(enclosures).duration(duration).image(image).episode(episode).season(season)
        .explicit(explicit);
  }

  /** Many optional fields: a builder keeps parsers and tests readable. */
  public static final class Builder {
    private String guid;
    private String link;
    private String title;
    private String summaryHtml;
    private String contentHtml;
    private List<Person> authors = List.of();
    private List<String> categories = List.of();
    private Instant published;
    private Instant updated;
    private List<Enclosure> enclosures = List.of();
    private Duration duration;
    private String image;
    private Integer episode;
    private Integer season;
    private Boolean explicit;

    public Builder guid(String v) { guid = v; return this; }
    public Builder link(String v) { link = v; return this; }
    public Builder title(String v) { title = v; return this; }
    public Builder summaryHtml(String v) { summaryHtml = v; return this; }
    public Builder contentHtml(String v) { contentHtml = v; return this; }
    public Builder authors(List<Person> v) { authors = v; return this; }
    public Builder categories(List<String> v) { categories = v; return this; }
    public Builder published(Instant v) { published = v; return this; }
    public Builder updated(Instant v) { updated = v; return this; }
    public Builder enclosures(List<Enclosure> v) { enclosures = v; return this; }
    public Builder duration(Duration v) { duration = v; return this; }
    public Builder image(String v) { image = v; return this; }
    public Builder episode(Integer v) { episode = v; return this; }
    public Builder season(Integer v) { season = v; return this; }
    public Builder explicit(Boolean v) { explicit = v; return this; }

    public Item build() {
      return new Item(guid, link, title, summaryHtml, contentHtml, authors, categories,
          published, updated, enclosures, duration, image, episode, season, explicit);
    }
  }
}
