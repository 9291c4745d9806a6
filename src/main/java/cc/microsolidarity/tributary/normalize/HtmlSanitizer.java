package cc.microsolidarity.tributary.normalize;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;
import org.jsoup.select.Evaluator;
import org.jsoup.select.QueryParser;

/**
 * Allow-list sanitiser for item HTML (jsoup {@link Safelist}): formatting, links, images,
 * tables and lists survive; scripts, styles, event handlers, forms, and URLs with any scheme
 * but http/https/mailto (so no {@code javascript:}, {@code vbscript:} or {@code data:}, however
 * they are cased, encoded or spaced: jsoup decodes before it checks) are dropped. Iframes stay
 * only for https video embeds from YouTube, Vimeo and PeerTube. Links get
 * {@code rel="nofollow noopener"}. Plain, well-formed HTML, most items', takes a faster path
 * to the same string ({@link OnePassSanitizer}). Thread-safe: the safelist is built once and
 * never changed.
 */
public final class HtmlSanitizer {
  private static final Pattern PEERTUBE_EMBED = Pattern.compile("^/videos/embed/[A-Za-z0-9_-]+/?$");

  private static final Evaluator IFRAME = QueryParser.parse("iframe");

  /**
   * Every attribute whose URL scheme is checked, with the schemes allowed: jsoup's relaxed list
   * (a cite attribute on a cite element is not allowed at all, so it is not here) and ours.
   */
  static final Map<String, Map<String, List<String>>> SCHEMES = Map.of(
      "a", Map.of("href", List.of("ftp", "http", "https", "mailto")),
      "blockquote", Map.of("cite", List.of("http", "https")),
      "q", Map.of("cite", List.of("http", "https")),
      "img", Map.of("src", List.of("http", "https")),
      "iframe", Map.of("src", List.of("https")),
      "audio", Map.of("src", List.of("http", "https")),
      "video", Map.of("src", List.of("http", "https"), "poster", List.of("http", "https")),
      "source", Map.of("src", List.of("http", "https")));

  private final Cleaner cleaner;

  public HtmlSanitizer() {
    // A Cleaner only reads its safelist, so one serves every thread.
    cleaner = new Cleaner(new UrlSchemeSafelist(jsoupSafelist(), SCHEMES));
  }

  /** The allow-list as jsoup alone applies it. */
  static Safelist jsoupSafelist() {
    Safelist safelist = Safelist.relaxed()
        .addTags("figure", "figcaption", "hr", "del", "ins", "s", "mark", "abbr", "iframe",
            "audio", "video", "source", "picture")
        .addAttributes("abbr", "title")
        .addAttributes("iframe", "src", "width", "height", "allowfullscreen", "frameborder",
            "title")
        .addAttributes("audio", "src", "controls")
        .addAttributes("video", "src", "controls", "poster", "width", "height")
        .addAttributes("source", "src", "type")
        .addEnforcedAttribute("a", "rel", "nofollow noopener");
    SCHEMES.forEach((tag, byAttribute) -> byAttribute.forEach((attribute, schemes) ->
        safelist.addProtocols(tag, attribute, schemes.toArray(String[]::new))));
    return safelist;
  }

  /** Safe HTML for {@code html}; null for null, and null when nothing visible survives. */
  public String sanitize(String html) {
    if (html == null || html.isBlank()) {
      return null;
    }
    String onePass = OnePassSanitizer.sanitize(html);
    if (onePass != null) {
      return onePass.isEmpty() ? null : onePass;
    }
    Document clean = clean(html);
    if (EscapedText.applies(clean)) {
      EscapedText.escapeAll(clean.body());
    }
    return serialised(clean, html.length());
  }

  /** The cleaned document for {@code html}, set for output, before any text is escaped. */
  Document clean(String html) {
    return clean(html, cleaner);
  }

  /** {@link #clean(String)} with another cleaner (tests compare with jsoup's own). */
  static Document clean(String html, Cleaner cleaner) {
    Document clean = cleaner.clean(Jsoup.parseBodyFragment(html, ""));
    if (mentionsIframe(html)) {
      for (Element iframe : clean.select(IFRAME)) {
        if (!isAllowedEmbed(iframe.attr("src"))) {
          iframe.remove();
        }
      }
    }
    clean.outputSettings().prettyPrint(false);
    return clean;
  }

  /** The body's HTML, trimmed; null when empty. */
  static String serialised(Document clean, int expectedLength) {
    // Sized up front: growing jsoup's default builder was a top cost.
    String out = clean.body().html(new StringBuilder(expectedLength + 64)).toString().trim();
    return out.isEmpty() ? null : out;
  }

  /** False only when no iframe element can come out of {@code html}: no "iframe" in any case. */
  static boolean mentionsIframe(String html) {
    for (int i = html.indexOf('<'); i >= 0 && i + 7 <= html.length(); i = html.indexOf('<', i + 1)) {
      if (html.regionMatches(true, i + 1, "iframe", 0, 6)) {
        return true;
      }
    }
    return false;
  }

  static boolean isAllowedEmbed(String src) {
    URI uri;
    try {
      uri = new URI(src.trim());
    } catch (Exception e) {
      return false;
    }
    if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null
        || uri.getPath() == null || uri.getRawUserInfo() != null) {
      return false;
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    String path = uri.getPath();
    if (host.equals("www.youtube.com") || host.equals("youtube.com")
        || host.equals("www.youtube-nocookie.com") || host.equals("youtube-nocookie.com")) {
      return path.startsWith("/embed/");
    }
    if (host.equals("player.vimeo.com")) {
      return path.startsWith("/video/");
    }
    // PeerTube is federated: any host, recognised by its embed path.
    return PEERTUBE_EMBED.matcher(path).matches();
  }
}
