package cc.microsolidarity.tributary.parse;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdom2.Element;
import org.jdom2.Namespace;

/**
 * Resolves relative references (RFC 3986 section 5) against the document URL and any
 * {@code xml:base} in scope (XML Base, with an empty base meaning the enclosing one). Also
 * rewrites {@code href}/{@code src}/{@code poster} attributes inside HTML fragments: only the
 * parser knows the base they were written against. Unparseable references are left as they
 * are; the sanitiser judges them later. Thread-safe.
 */
final class UrlResolver {
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
  private static final Pattern HTML_URL_ATTRIBUTE = Pattern.compile(
      "(?i)(\\s(?:href|src|poster)\\s*=\\s*)(?:\"([^\"]*)\"|'([^']*)'|([^\\s>\"']+))");

  private UrlResolver() {
  }

  /** The base in effect at {@code element}: xml:base attributes from the root down. */
  static URI baseOf(Element element, URI documentUrl) {
    java.util.ArrayDeque<String> bases = new java.util.ArrayDeque<>();
    for (Element e = element; e != null; e = e.getParentElement()) {
      String b = e.getAttributeValue("base", Namespace.XML_NAMESPACE);
      if (b != null) {
        bases.push(b.trim());
      }
    }
    URI base = documentUrl;
    for (String b : bases) {
      String resolved = resolve(base, b);
      try {
        base = resolved == null ? base : new URI(resolved);
      } catch (URISyntaxException e) {
        // keep the enclosing base
      }
    }
    return base;
  }

  /** {@code ref} made absolute against {@code base}; {@code ref} trimmed when it cannot be. */
  static String resolve(URI base, String ref) {
    if (ref == null) {
      return null;
    }
    String r = ref.trim();
    if (r.isEmpty()) {
      return base == null ? null : withoutFragment(base);
    }
    if (base == null || SCHEME.matcher(r).find() && !r.regionMatches(true, 0, "http:", 0, 5)
        && !r.regionMatches(true, 0, "https:", 0, 6)) {
      return r;
    }
    try {
      URI refUri = new URI(r.replace(" ", "%20"));
      if (refUri.isAbsolute()) {
        return refUri.toString();
      }
      if (!base.isAbsolute() || base.isOpaque()) {
        return r;
      }
      URI resolved = base.resolve(refUri);
      return resolved.toString();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return r;
    }
  }

  /** {@code html} with its relative href/src/poster values made absolute against {@code base}. */
  static String resolveHtml(URI base, String html) {
    if (html == null || base == null || !base.isAbsolute()) {
      return html;
    }
    Matcher m = HTML_URL_ATTRIBUTE.matcher(html);
    StringBuilder out = null;
    int last = 0;
    while (m.find()) {
      String value = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
      if (value.isEmpty() || SCHEME.matcher(value).find() || value.startsWith("#")) {
        continue;
      }
      String resolved = resolve(base, value);
      if (resolved == null || resolved.equals(value)) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(html.length() + 64);
      }
      out.append(html, last, m.start()).append(m.group(1)).append('"')
          .append(resolved.replace("\"", "%22")).append('"');
      last = m.end();
    }
    if (out == null) {
      return html;
    }
    return out.append(html, last, html.length()).toString();
  }

  private static String withoutFragment(URI base) {
    String s = base.toString();
    int hash = s.indexOf('#');
    return hash < 0 ? s : s.substring(0, hash);
  }
}
