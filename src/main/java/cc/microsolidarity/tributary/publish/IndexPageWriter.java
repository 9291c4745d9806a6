package cc.microsolidarity.tributary.publish;

import cc.microsolidarity.tributary.model.Enclosure;
import cc.microsolidarity.tributary.model.Entry;
import cc.microsolidarity.tributary.model.SourceStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The human page ({@code /}, index.html): recent entries with their source and date, a player
 * for episodes, feed autodiscovery links and the list of sources. Every string is escaped;
 * entry HTML is never rendered raw, only its text. No scripts; the only inline code is one
 * constant stylesheet allowed by its hash in {@link #CONTENT_SECURITY_POLICY}.
 */
public final class IndexPageWriter {
  private static final int SUMMARY_CHARS = 300;

  private static final String STYLE = "\n"
      + "body{font-family:system-ui,sans-serif;max-width:46rem;margin:0 auto;padding:1rem;"
      + "line-height:1.5;color:#222;background:#fff}\n"
      + "header p,.meta{color:#555}\n"
      + "article{border-top:1px solid #ddd;padding:.75rem 0}\n"
      + "article h2{font-size:1.15rem;margin:0}\n"
      + ".meta{font-size:.9rem;margin:.2rem 0}\n"
      + "audio,video{width:100%;margin-top:.4rem}\n"
      + "video{max-height:24rem}\n"
      + "footer{border-top:2px solid #ddd;margin-top:2rem;font-size:.9rem}\n";

  /**
   * The page's Content-Security-Policy: nothing but the inline stylesheet (by hash), images
   * and media from anywhere. Also sent as an HTTP header by the server (which can add
   * {@code frame-ancestors}, ignored in a meta element).
   */
  public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src '"
      + sha256(STYLE) + "'; img-src * data:; media-src *; base-uri 'none'; form-action 'none'";

  byte[] write(FeedContext ctx, List<Entry> entries, List<SourceStatus> sources) {
    String title = ctx.feed().title();
    StringBuilder h = new StringBuilder(32 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"")
        .append(attr(Texts.present(ctx.feed().language()) ? ctx.feed().language() : "en"))
        .append("\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"")
        .append(attr(CONTENT_SECURITY_POLICY)).append("\">\n")
        .append("<meta name=\"referrer\" content=\"strict-origin-when-cross-origin\">\n")
        .append("<title>").append(text(title)).append("</title>\n");
    alternate(h, "application/atom+xml", title + " (Atom)", sibling(OutputPaths.ATOM));
    alternate(h, "application/rss+xml", title + " (podcast)", sibling(OutputPaths.PODCAST));
    alternate(h, "application/feed+json", title + " (JSON Feed)", sibling(OutputPaths.JSON));
    h.append("<style>").append(STYLE).append("</style>\n</head>\n<body>\n<header>\n<h1>");
    link(h, ctx.feed().link(), title);
    h.append("</h1>\n");
    if (Texts.present(ctx.feed().subtitle())) {
      h.append("<p>").append(text(ctx.feed().subtitle())).append("</p>\n");
    }
    h.append("<p>Subscribe: <a href=\"").append(sibling(OutputPaths.ATOM))
        .append("\">Atom</a> · ")
        .append("<a href=\"").append(sibling(OutputPaths.PODCAST)).append("\">Podcast</a> · ")
        .append("<a href=\"").append(sibling(OutputPaths.JSON)).append("\">JSON Feed</a> · ")
        .append("<a href=\"").append(sibling(OutputPaths.OPML)).append("\">OPML</a></p>\n")
        .append("</header>\n<main>\n");
    if (entries.isEmpty()) {
      h.append("<p>Nothing here yet.</p>\n");
    }
    for (Entry e : entries) {
      article(h, ctx, e);
    }
    h.append("</main>\n<footer>\n<h2>Sources</h2>\n<ul>\n");
    for (SourceStatus s : ctx.sources().values()) {
      h.append("<li>");
      link(h, FeedContext.sourceUrl(s), FeedContext.sourceName(s));
      h.append(" <span class=\"meta\">(").append(text(s.kind().wireName()));
      if (s.state() == SourceStatus.State.DISABLED) {
        h.append(", disabled");
      }
      h.append(")</span></li>\n");
    }
    h.append("</ul>\n<p>Made by ").append(AtomWriter.GENERATOR).append(".</p>\n")
        .append("</footer>\n</body>\n</html>\n");
    return h.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void article(StringBuilder h, FeedContext ctx, Entry e) {
    h.append("<article>\n<h2>");
    link(h, e.item().link(), Texts.title(e));
    h.append("</h2>\n<p class=\"meta\">");
    Optional<SourceStatus> source = ctx.firstSource(e);
    if (source.isPresent()) {
      h.append(text(FeedContext.sourceName(source.get()))).append(" · ");
    }
    String date = Times.rfc3339(Times.published(e));
    h.append("<time datetime=\"").append(date).append("\">").append(date, 0, 10)
        .append("</time></p>\n");
    String summary = Texts.summaryText(e.item());
    if (!summary.isEmpty()) {
      h.append("<p>").append(text(Texts.excerpt(summary, SUMMARY_CHARS))).append("</p>\n");
    }
    Optional<Enclosure> media = PodcastRssWriter.playable(e.item())
        .filter(enc -> Texts.isWebUrl(enc.url()));
    if (media.isPresent()) {
      String tag = media.get().type().toLowerCase(java.util.Locale.ROOT).startsWith("video/")
          ? "video" : "audio";
      h.append('<').append(tag).append(" controls preload=\"none\" src=\"")
          .append(attr(media.get().url().trim())).append("\"></").append(tag).append(">\n");
    }
    h.append("</article>\n");
  }

  /**
   * The output's file name, relative to the page: right at the server's root and in a folder
   * a web server publishes (feed.link's path, as the feeds' self links say), where "/feed.atom"
   * would point outside it.
   */
  private static String sibling(String path) {
    return OutputPaths.fileName(path).orElseThrow();
  }

  private static void alternate(StringBuilder h, String type, String title, String href) {
    h.append("<link rel=\"alternate\" type=\"").append(type).append("\" title=\"")
        .append(attr(title)).append("\" href=\"").append(href).append("\">\n");
  }

  /** A link when the URL is http(s), plain text otherwise (no javascript: and friends). */
  private static void link(StringBuilder h, String url, String label) {
    if (Texts.isWebUrl(url)) {
      h.append("<a href=\"").append(attr(url.trim())).append("\">").append(text(label))
          .append("</a>");
    } else {
      h.append(text(label));
    }
  }

  static String text(String s) {
    return escape(s, false);
  }

  static String attr(String s) {
    return escape(s, true);
  }

  private static String escape(String s, boolean attribute) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append(attribute ? "&quot;" : "\"");
        case '\'' -> out.append(attribute ? "&#39;" : "'");
        default -> {
          if (c >= 0x20 || c == '\n' || c == '\t') {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  private static String sha256(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
