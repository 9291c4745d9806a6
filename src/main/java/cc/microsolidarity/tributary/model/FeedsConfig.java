package cc.microsolidarity.tributary.model;

import java.util.List;
import java.util.Optional;

/** One immutable snapshot of feeds.yaml; a reload builds a new one. */
public record FeedsConfig(FeedSettings feed, List<Source> sources) {
  public FeedsConfig {
    sources = List.copyOf(sources);
  }

  public Optional<Source> source(String id) {
    return sources.stream().filter(s -> s.id().equals(id)).findFirst();
  }

  public List<Source> enabledSources() {
    return sources.stream().filter(Source::enabled).toList();
  }
}
