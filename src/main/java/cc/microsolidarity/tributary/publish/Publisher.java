package cc.microsolidarity.tributary.publish;

import cc.microsolidarity.tributary.model.Entry;
import cc.microsolidarity.tributary.model.FeedSettings;
import cc.microsolidarity.tributary.model.SourceStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Builds every output (feed.atom, podcast.rss, feed.json, sources.opml, index.html) from the
 * visible entries, and writes them to a folder atomically. TODO(issue 6): implementation.
 */
public final class Publisher {

  /**
   * Renders all outputs. {@code entries} are the visible entries newest first (at least
   * {@code maxEntries}; more allow Atom paging); {@code sources} the configured sources.
   */
  public Map<String, RenderedFeed> render(FeedSettings feed, List<SourceStatus> sources,
      List<Entry> entries) {
    throw new UnsupportedOperationException("issue 6");
  }

  /** Writes each rendered output under {@code outDir}: temp file, then atomic rename. */
  public void writeAll(Path outDir, Map<String, RenderedFeed> outputs) throws IOException {
    throw new UnsupportedOperationException("issue 6");
  }
}
