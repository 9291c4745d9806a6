package cc.microsolidarity.tributary.model;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One configured source from feeds.yaml. {@code url} is already expanded ({hashtag} replaced).
 * The id keys the database and never changes.
 */
public record Source(
    String id,
    SourceKind kind,
    URI url,
    Duration interval,
    String title,
    List<String> include,
    List<String> exclude,
    boolean enabled) {

  public Source {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(interval, "interval");
    include = List.copyOf(include);
    exclude = List.copyOf(exclude);
  }

  public static Source of(String id, SourceKind kind, String url) {
    return new Source(id, kind, URI.create(url), Duration.ofHours(1), null, List.of(), List.of(), true);
  }

  public Source withInterval(Duration newInterval) {
    return new Source(id, kind, url, newInterval, title, include, exclude, enabled);
  }
}
