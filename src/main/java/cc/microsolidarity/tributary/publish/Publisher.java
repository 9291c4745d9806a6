package cc.microsolidarity.tributary.publish;

import cc.microsolidarity.tributary.model.Entry;
import cc.microsolidarity.tributary.model.FeedSettings;
import cc.microsolidarity.tributary.model.SourceStatus;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds every output (feed.atom and its older pages, podcast.rss, feed.json, sources.opml,
 * index.html) from the visible entries, and writes the static ones to a folder atomically.
 *
 * <p>Absolute URLs in the outputs (Atom self and paging links, JSON {@code feed_url}, the
 * podcast's self link and {@code podcast:guid}) start with the public base URL: the one given
 * to the constructor, else {@code feed.link}. Nothing rendered depends on the clock, so the
 * same input gives the same bytes and ETags. Stateless and thread-safe.
 */
public final class Publisher {
  private final URI publicBaseUrl;
  private final AtomWriter atom = new AtomWriter();
  private final PodcastRssWriter podcast = new PodcastRssWriter();
  private final JsonFeedWriter json = new JsonFeedWriter();
  private final OpmlWriter opml = new OpmlWriter(false);
  private final IndexPageWriter index = new IndexPageWriter();
  private final StaticFiles files = new StaticFiles();

  /** Absolute links start with each feed's {@code link}. */
  public Publisher() {
    this.publicBaseUrl = null;
  }

  /** Absolute links start with {@code publicBaseUrl} (where Tributary is reachable). */
  public Publisher(URI publicBaseUrl) {
    this.publicBaseUrl = Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
  }

  /**
   * Renders all outputs, keyed by path (see {@link OutputPaths}). {@code entries} are the
   * visible entries newest first; the Atom feed, JSON Feed and page show the first
   * {@code maxEntries}, and every further {@code maxEntries} become an Atom page keyed
   * {@code /feed.atom?page=N} (rendered eagerly, all of them). The podcast shows the first
   * {@code maxEntries} entries that have a playable enclosure, from the whole list.
   * {@code sources} are the configured sources (disabled ones included), in config order.
   */
  public Map<String, RenderedFeed> render(FeedSettings feed, List<SourceStatus> sources,
      List<Entry> stored) {
    return render(feed, sources, stored, Map.of());
  }

  /**
   * As {@link #render(FeedSettings, List, List)}; an output whose bytes are those of its
   * rendering in {@code previous} is returned as that same {@link RenderedFeed}, so it is not
   * compressed and digested again. A daemon rebuilds after every change; the OPML lists every
   * source (1.8 MB at 10,000) and rarely changes when entries do.
   */
  public Map<String, RenderedFeed> render(FeedSettings feed, List<SourceStatus> sources,
      List<Entry> stored, Map<String, RenderedFeed> previous) {
    Map<String, RenderedFeed> out = new LinkedHashMap<>();
    bodies(feed, sources, stored, true).forEach((path, body) ->
        out.put(path, rendered(previous, path, body)));
    return out;
  }

  /**
   * The bytes {@link #render} gives the static outputs ({@link OutputPaths#STATIC}), keyed by
   * path: without the older Atom pages, which are served over HTTP only, and without the
   * compressed copies and ETags a server needs. What a one-shot {@code poll} writes.
   */
  public Map<String, byte[]> renderFiles(FeedSettings feed, List<SourceStatus> sources,
      List<Entry> stored) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    bodies(feed, sources, stored, false).forEach((path, body) -> out.put(path, body.bytes()));
    return out;
  }

  /** One output as rendered, before it is compressed and digested. */
  private record Body(byte[] bytes, String contentType, Instant lastModified) {}

  private Map<String, Body> bodies(FeedSettings feed, List<SourceStatus> sources,
      List<Entry> stored, boolean olderPages) {
    // Defence in depth: normalize drops script URLs before storing, but an entry stored by an
    // older version must not reach subscribers with one either.
    List<Entry> entries = stored.stream().map(Publisher::withWebUrlsOnly).toList();
    FeedContext ctx = FeedContext.of(feed,
        publicBaseUrl != null ? publicBaseUrl.toString() : feed.link(), sources);
    int size = feed.maxEntries();
    List<Entry> recent = entries.subList(0, Math.min(size, entries.size()));
    Map<String, Body> out = new LinkedHashMap<>();

    int pages = Math.max(1, (entries.size() + size - 1) / size);
    for (int page = 1; page <= (olderPages ? pages : 1); page++) {
      List<Entry> slice = entries.subList((page - 1) * size,
          Math.min(page * size, entries.size()));
      out.put(OutputPaths.atomPage(page), new Body(atom.write(ctx, slice, page, pages),
          OutputPaths.ATOM_TYPE, Times.newest(slice)));
    }
    List<Entry> episodes = PodcastRssWriter.episodes(entries, size);
    out.put(OutputPaths.PODCAST, new Body(podcast.write(ctx, episodes), OutputPaths.RSS_TYPE,
        Times.newest(episodes)));
    out.put(OutputPaths.JSON, new Body(json.write(ctx, recent), OutputPaths.JSON_TYPE,
        Times.newest(recent)));
    out.put(OutputPaths.OPML, new Body(opml.write(ctx, sources), OutputPaths.OPML_TYPE, null));
    out.put(OutputPaths.INDEX, new Body(index.write(ctx, recent, sources),
        OutputPaths.HTML_TYPE, Times.newest(recent)));
    return out;
  }

  /**
   * The sources as OPML 2.0 for the operator ({@code opml export}): as {@code sources.opml},
   * but with every URL as configured, credential parameters included, so an import brings
   * back sources that work.
   */
  public byte[] exportOpml(FeedSettings feed, List<SourceStatus> sources) {
    FeedContext ctx = FeedContext.of(feed,
        publicBaseUrl != null ? publicBaseUrl.toString() : feed.link(), sources);
    return new OpmlWriter(true).write(ctx, sources);
  }

  /**
   * The {@link OutputFingerprint} of what {@link #render} would make of these inputs, where
   * {@code entryToken} stands for the entries (the store's change token) and {@code
   * entryLimit} says how many of them are read.
   */
  public String fingerprint(FeedSettings feed, List<SourceStatus> sources, int entryLimit,
      long entryToken) {
    return OutputFingerprint.of(publicBaseUrl != null ? publicBaseUrl.toString() : feed.link(),
        feed, entryLimit, sources, entryToken);
  }

  /**
   * Writes the static outputs (feed.atom, podcast.rss, feed.json, sources.opml, index.html)
   * under {@code outDir}, creating it: each to a temp file in the same folder, then an atomic
   * rename, so a reader never sees half a file. Atom pages 2+ are served over HTTP only.
   */
  public void writeAll(Path outDir, Map<String, RenderedFeed> outputs) throws IOException {
    Map<String, byte[]> bodies = new LinkedHashMap<>();
    outputs.forEach((path, output) -> bodies.put(path, output.body()));
    files.writeAll(outDir, bodies);
  }

  /** As {@link #writeAll}, for what {@link #renderFiles} gives. */
  public void writeFiles(Path outDir, Map<String, byte[]> bodies) throws IOException {
    files.writeAll(outDir, bodies);
  }

  private static RenderedFeed rendered(Map<String, RenderedFeed> previous, String path,
      Body body) {
    RenderedFeed before = previous.get(path);
    if (before != null
        && before.isRenderingOf(body.bytes(), body.contentType(), body.lastModified())) {
      return before;
    }
    return RenderedFeed.of(path, body.bytes(), body.contentType(), body.lastModified());
  }

  /** The entry with only http(s) links, enclosures and image; the same entry when all are. */
  static Entry withWebUrlsOnly(Entry e) {
    cc.microsolidarity.tributary.model.Item item = e.item();
    boolean linkOk = item.link() == null || Texts.isWebUrl(item.link());
    boolean imageOk = item.image() == null || Texts.isWebUrl(item.image());
    boolean enclosuresOk = item.enclosures().stream().allMatch(x -> Texts.isWebUrl(x.url()));
    if (linkOk && imageOk && enclosuresOk) {
      return e;
    }
    cc.microsolidarity.tributary.model.Item safe = item.toBuilder()
        .link(linkOk ? item.link() : null)
        .image(imageOk ? item.image() : null)
        .enclosures(item.enclosures().stream().filter(x -> Texts.isWebUrl(x.url())).toList())
        .build();
    return new Entry(e.id(), safe, e.published(), e.updated(), e.firstSeen(), e.sourceIds());
  }

  /**
   * The static files a previous run wrote to {@code outDir} (what subscribers last got), so a
   * restarted daemon can serve them before its first rebuild; empty when there are none.
   */
  public static Map<String, RenderedFeed> readPublished(Path outDir) {
    return StaticFiles.readAll(outDir);
  }
}
