package cc.microsolidarity.tributary.publish;

import cc.microsolidarity.tributary.model.Entry;
import cc.microsolidarity.tributary.model.FeedsConfig;
import cc.microsolidarity.tributary.model.Source;
import cc.microsolidarity.tributary.model.SourceStatus;
import cc.microsolidarity.tributary.store.Database;
import cc.microsolidarity.tributary.store.EntryStore;
import cc.microsolidarity.tributary.store.SourceStatuses;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads what the merged feed shows from the store and renders every output once. The same code
 * serves {@code poll} (static files) and {@code run} (bytes in memory).
 */
public final class OutputBuilder {
  /** How many pages of Atom history are rendered (RFC 5005 paging). */
  static final int MAX_PAGES = 20;

  private final Database db;
  private final EntryStore entries;
  private final SourceStatuses statuses;
  private final Publisher publisher;

  public OutputBuilder(Database db, EntryStore entries, SourceStatuses statuses,
      Publisher publisher) {
    this.db = db;
    this.entries = entries;
    this.statuses = statuses;
    this.publisher = publisher;
  }

  public Map<String, RenderedFeed> build(FeedsConfig config) {
    // Disabled sources stay in the merged feed: they are listed, just not polled.
    Set<String> active = config.sources().stream().map(Source::id).collect(Collectors.toSet());
    int limit = config.feed().maxEntries() * MAX_PAGES;
    List<Entry> visible = db.read(c -> entries.visible(c, active, limit, 0));
    List<SourceStatus> sources = db.read(c -> statuses.of(c, config.sources()));
    return publisher.render(config.feed(), sources, visible);
  }
}
