package cc.microsolidarity.tributary.survival;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;

/**
 * Finds active content in parsed HTML: script-capable elements, event handlers, script-bearing
 * URLs, srcdoc, CSS expressions, and iframes other than the allowed video embeds.
 */
final class ActiveContent {
  static final Set<String> FORBIDDEN_ELEMENTS = Set.of("script", "object", "embed", "applet",
      "frame", "frameset", "base", "meta", "form", "button", "input", "textarea", "select",
      "svg", "math", "template", "noscript", "xml", "isindex", "portal", "link", "style");
  /** Attributes whose value is a URL a browser may load or navigate to. */
  static final Set<String> URL_ATTRIBUTES = Set.of("href", "src", "action", "formaction",
      "data", "poster", "background", "dynsrc", "lowsrc", "xlink:href", "codebase", "cite",
      "longdesc", "usemap", "srcset", "ping", "manifest", "icon", "profile", "url");

  private ActiveContent() {}

  /**
   * Every finding under {@code root}, described with its element. {@code allowed} names
   * elements the page itself may carry (the index page's own stylesheet and alternate links).
   */
  static List<String> findings(Element root, Set<Element> allowed) {
    List<String> out = new ArrayList<>();
    for (Element e : root.getAllElements()) {
      if (allowed.contains(e)) {
        continue;
      }
      String tag = e.normalName();
      if (FORBIDDEN_ELEMENTS.contains(tag)) {
        out.add("element <" + tag + ">: " + abbreviate(e.outerHtml()));
      }
      if (tag.equals("iframe") && !isAllowedEmbed(e.attr("src"))) {
        out.add("iframe from " + e.attr("src"));
      }
      for (Attribute a : e.attributes()) {
        String name = a.getKey().toLowerCase(Locale.ROOT);
        String value = a.getValue();
        if (name.startsWith("on")) {
          out.add("event handler " + name + " on <" + tag + ">");
        }
        if (name.equals("srcdoc")) {
          out.add("srcdoc on <" + tag + ">");
        }
        if (name.equals("style") && dangerousCss(value)) {
          out.add("style " + value);
        }
        if ((URL_ATTRIBUTES.contains(name) || name.endsWith(":href")) && activeUrl(value)) {
          out.add(name + "=" + abbreviate(value) + " on <" + tag + ">");
        }
      }
    }
    return out;
  }

  static boolean dangerousCss(String css) {
    String c = css.toLowerCase(Locale.ROOT).replaceAll("[\\s\\\\]", "");
    return c.contains("expression(") || c.contains("javascript:") || c.contains("vbscript:")
        || c.contains("behavior:") || c.contains("-moz-binding") || c.contains("url(");
  }

  /** A URL with a script-capable scheme, however it is spaced or cased (already decoded). */
  static boolean activeUrl(String value) {
    String v = value.replaceAll("[\\x00-\\x20\\x7f]", "").toLowerCase(Locale.ROOT);
    if (v.startsWith("javascript:") || v.startsWith("vbscript:") || v.startsWith("data:")
        || v.startsWith("livescript:") || v.startsWith("mocha:")) {
      return true;
    }
    int colon = v.indexOf(':');
    int slash = v.indexOf('/');
    if (colon > 0 && (slash < 0 || colon < slash)) {
      String scheme = v.substring(0, colon);
      return !Set.of("http", "https", "mailto").contains(scheme);
    }
    return false;
  }

  static boolean isAllowedEmbed(String src) {
    try {
      URI u = new URI(src.trim());
      if (!"https".equalsIgnoreCase(u.getScheme()) || u.getHost() == null) {
        return false;
      }
      String host = u.getHost().toLowerCase(Locale.ROOT);
      String path = u.getPath() == null ? "" : u.getPath();
      return (host.matches("(www\\.)?youtube(-nocookie)?\\.com") && path.startsWith("/embed/"))
          || (host.equals("player.vimeo.com") && path.startsWith("/video/"))
          || path.matches("/videos/embed/[A-Za-z0-9_-]+/?");
    } catch (Exception e) {
      return false;
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 120 ? s.substring(0, 117) + "..." : s;
  }
}
