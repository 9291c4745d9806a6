package cc.microsolidarity.tributary.publish;

import cc.microsolidarity.tributary.model.Entry;
import cc.microsolidarity.tributary.model.FeedsConfig;
import cc.microsolidarity.tributary.model.Source;
import cc.microsolidarity.tributary.model.SourceStatus;
import cc.microsolidarity.tributary.store.Database;
import cc.microsolidarity.tributary.store.EntryChanges;
import cc.microsolidarity.tributary.store.EntryStore;
import cc.microsolidarity.tributary.store.SourceStatuses;
import java.io.IOException;
import java.nio.file.Path;
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
  /**
   * Older pages are read only while the stored data read stays under this: a sixteenth of the
   * heap, in characters (6 MB at -Xmx96m). Every page is rendered into memory, and the
   * entries behind them take ~3 times their stored size: 20 pages of {@code max_entries:
   * 10000} killed a 96 MB daemon's first build. The first page is always whole.
   */
  private static final long OLDER_PAGES_CHARS = Runtime.getRuntime().maxMemory() / 16;

  private final Database db;
  private final EntryStore entries;
  private final SourceStatuses statuses;
  private final Publisher publisher;
  private final EntryChanges changes = new EntryChanges();
  /** What the last build made: outputs it rendered the same are reused, not compressed again. */
  private volatile Map<String, RenderedFeed> last = Map.of();

  public OutputBuilder(Database db, EntryStore entries, SourceStatuses statuses,
      Publisher publisher) {
    this.db = db;
    this.entries = entries;
    this.statuses = statuses;
    this.publisher = publisher;
  }

  public Map<String, RenderedFeed> build(FeedsConfig config) {
    Inputs in = read(config);
    Map<String, RenderedFeed> built = publisher.render(config.feed(), in.sources(), in.visible(),
        last);
    last = built;
    return built;
  }

  /** What the outputs show: the visible entries, newest first, and the configured sources. */
  private record Inputs(List<Entry> visible, List<SourceStatus> sources) {}

  private Inputs read(FeedsConfig config) {
    // Disabled sources stay in the merged feed: they are listed, just not polled.
    Set<String> active = config.sources().stream().map(Source::id).collect(Collectors.toSet());
    List<Entry> visible = db.read(c -> entries.visible(c, active, limit(config), 0,
        new EntryStore.Pages(config.feed().maxEntries(), OLDER_PAGES_CHARS)));
    // The outputs show no item counts: skip counting them.
    List<SourceStatus> sources = db.read(c -> statuses.withoutCounts(c, config.sources()));
    return new Inputs(visible, sources);
  }

  /**
   * The fingerprint of what {@link #build} would render now (see {@link OutputFingerprint}):
   * a few small reads, no entry decoded. Take it before building: a change stored in between
   * then makes the next fingerprint differ, never the reverse.
   */
  public String fingerprint(FeedsConfig config) {
    return db.read(c -> {
      long token = changes.token(c);
      List<SourceStatus> sources = statuses.withoutCounts(c, config.sources());
      return publisher.fingerprint(config.feed(), sources, limit(config), token);
    });
  }

  /**
   * Writes the static outputs to {@code outDir}, unless the stamp left by the last write there
   * shows they are already what a render would write now (see {@link OutputsStamp}).
   */
  public Published publish(FeedsConfig config, Path outDir) throws IOException {
    String fingerprint = fingerprint(config);
    if (OutputsStamp.isCurrent(outDir, fingerprint)) {
      return new Published(0, true);
    }
    // Only the files: the older Atom pages, gzip copies and ETags are for a server.
    Inputs in = read(config);
    Map<String, byte[]> files = publisher.renderFiles(config.feed(), in.sources(), in.visible());
    OutputsStamp.clear(outDir); // writeFiles creates the folder
    publisher.writeFiles(outDir, files);
    OutputsStamp.record(outDir, fingerprint);
    return new Published(OutputPaths.STATIC.size(), false);
  }

  /** What {@link #publish} did: {@code files} written, or none because they were current. */
  public record Published(int files, boolean wereCurrent) {}

  private static int limit(FeedsConfig config) {
    return config.feed().maxEntries() * MAX_PAGES;
  }
}
