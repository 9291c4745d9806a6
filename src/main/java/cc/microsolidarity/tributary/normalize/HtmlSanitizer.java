package cc.microsolidarity.tributary.normalize;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;

/**
 * Allow-list sanitiser for item HTML (jsoup {@link Safelist}): formatting, links, images,
 * tables and lists survive; scripts, styles, event handlers, forms, and URLs with any scheme
 * but http/https/mailto (so no {@code javascript:}, {@code vbscript:} or {@code data:}, however
 * they are cased, encoded or spaced: jsoup decodes before it checks) are dropped. Iframes stay
 * only for https video embeds from YouTube, Vimeo and PeerTube. Links get
 * {@code rel="nofollow noopener"}. Thread-safe: the safelist is built once and never changed.
 */
public final class HtmlSanitizer {
  private static final Pattern PEERTUBE_EMBED = Pattern.compile("^/videos/embed/[A-Za-z0-9_-]+/?$");

  private final Safelist safelist;

  public HtmlSanitizer() {
    safelist = Safelist.relaxed()
        .addTags("figure", "figcaption", "hr", "del", "ins", "s", "mark", "abbr", "iframe",
            "audio", "video", "source", "picture")
        .addAttributes("abbr", "title")
        .addAttributes("iframe", "src", "width", "height", "allowfullscreen", "frameborder",
            "title")
        .addAttributes("audio", "src", "controls")
        .addAttributes("video", "src", "controls", "poster", "width", "height")
        .addAttributes("source", "src", "type")
        .addProtocols("iframe", "src", "https")
        .addProtocols("audio", "src", "http", "https")
        .addProtocols("video", "src", "http", "https")
        .addProtocols("video", "poster", "http", "https")
        .addProtocols("source", "src", "http", "https")
        .addEnforcedAttribute("a", "rel", "nofollow noopener");
  }

  /** Safe HTML for {@code html}; null for null, and null when nothing visible survives. */
  public String sanitize(String html) {
    if (html == null || html.isBlank()) {
      return null;
    }
    Document dirty = Jsoup.parseBodyFragment(html, "");
    Document clean = new Cleaner(safelist).clean(dirty);
    for (Element iframe : clean.select("iframe")) {
      if (!isAllowedEmbed(iframe.attr("src"))) {
        iframe.remove();
      }
    }
    clean.outputSettings().prettyPrint(false);
    String out = clean.body().html().trim();
    return out.isEmpty() ? null : out;
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
