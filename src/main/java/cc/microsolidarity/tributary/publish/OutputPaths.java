package cc.microsolidarity.tributary.publish;

import java.util.Map;
import java.util.Optional;

/**
 * The paths of the published outputs, as keys of {@link Publisher#render} and as HTTP paths.
 * Older Atom pages (RFC 5005) are keyed {@code /feed.atom?page=N} for N ≥ 2; page 1 is
 * {@code /feed.atom} itself. Only the five static outputs have a file name.
 */
public final class OutputPaths {
  public static final String ATOM = "/feed.atom";
  public static final String PODCAST = "/podcast.rss";
  public static final String JSON = "/feed.json";
  public static final String OPML = "/sources.opml";
  public static final String INDEX = "/";

  public static final String ATOM_TYPE = "application/atom+xml; charset=utf-8";
  public static final String RSS_TYPE = "application/rss+xml; charset=utf-8";
  public static final String JSON_TYPE = "application/feed+json; charset=utf-8";
  public static final String OPML_TYPE = "text/x-opml; charset=utf-8";
  public static final String HTML_TYPE = "text/html; charset=utf-8";

  private static final Map<String, String> FILE_NAMES = Map.of(
      ATOM, "feed.atom",
      PODCAST, "podcast.rss",
      JSON, "feed.json",
      OPML, "sources.opml",
      INDEX, "index.html");

  /** The outputs written as static files, in a fixed order. */
  public static final java.util.List<String> STATIC = java.util.List.of(ATOM, PODCAST, JSON, OPML,
      INDEX);

  private static final Map<String, String> TYPES = Map.of(
      ATOM, ATOM_TYPE, PODCAST, RSS_TYPE, JSON, JSON_TYPE, OPML, OPML_TYPE, INDEX, HTML_TYPE);

  private OutputPaths() {}

  /** The Content-Type of a static output. */
  public static String contentType(String path) {
    String type = TYPES.get(path);
    if (type == null) {
      throw new IllegalArgumentException("not a static output: " + path);
    }
    return type;
  }

  /** The key of Atom page {@code page} (1-based). */
  public static String atomPage(int page) {
    if (page < 1) {
      throw new IllegalArgumentException("page must be >= 1: " + page);
    }
    return page == 1 ? ATOM : ATOM + "?page=" + page;
  }

  /** The static file name of an output, or empty for outputs that are served only (pages). */
  public static Optional<String> fileName(String path) {
    return Optional.ofNullable(FILE_NAMES.get(path));
  }
}
