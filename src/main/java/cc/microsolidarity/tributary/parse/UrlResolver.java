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
    boolean http = r.regionMatches(true, 0, "http:", 0, 5)
        || r.regionMatches(true, 0, "https:", 0, 6);
    if (base == null || !http && SCHEME.matcher(r).find()) {
      return r;
    }
    if (http && r.indexOf(' ') < 0) {
      // Parsed below, it would come back as itself whether or not it is a valid URI: an
      // http(s) reference is absolute, and URI.toString gives back the string it was made of.
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
    if (html == null || base == null || !base.isAbsolute() || !hasRelativeUrlAttribute(html)) {
      return html;
    }
    return resolveUrlAttributes(base, html);
  }

  /** The rewrite itself: every href/src/poster value the pattern finds, made absolute. */
  static String resolveUrlAttributes(URI base, String html) {
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

  /**
   * Whether {@code html} holds an href/src/poster value that is not empty, has no scheme and
   * is not a fragment: the only values {@link #resolveUrlAttributes} changes. One scan of the
   * '=' signs instead of a regex over the whole text; false means there is nothing to do.
   * It reads names and values exactly as the pattern does ({@code \s} is ASCII whitespace).
   */
  static boolean hasRelativeUrlAttribute(String html) {
    int n = html.length();
    for (int eq = html.indexOf('='); eq >= 0; eq = html.indexOf('=', eq + 1)) {
      if (!urlAttributeNameBefore(html, eq)) {
        continue;
      }
      int v = eq + 1;
      while (v < n && isSpace(html.charAt(v))) {
        v++;
      }
      if (v >= n) {
        continue;
      }
      char q = html.charAt(v);
      int start;
      int end;
      if (q == '"' || q == '\'') {
        start = v + 1;
        end = html.indexOf(q, start);
        if (end < 0) {
          continue;
        }
      } else {
        start = v;
        end = v;
        while (end < n && !isSpace(html.charAt(end)) && html.charAt(end) != '>'
            && html.charAt(end) != '"' && html.charAt(end) != '\'') {
          end++;
        }
      }
      if (end > start && html.charAt(start) != '#' && !startsWithScheme(html, start, end)) {
        return true;
      }
    }
    return false;
  }

  /** Whether whitespace, then href, src or poster (any case), then whitespace end at {@code eq}. */
  private static boolean urlAttributeNameBefore(String html, int eq) {
    int j = eq;
    while (j > 0 && isSpace(html.charAt(j - 1))) {
      j--;
    }
    // j is just past the name's last character.
    return nameEndsAt(html, j, "href") || nameEndsAt(html, j, "src")
        || nameEndsAt(html, j, "poster");
  }

  private static boolean nameEndsAt(String html, int end, String name) {
    int start = end - name.length();
    return start >= 1 && html.regionMatches(true, start, name, 0, name.length())
        && isSpace(html.charAt(start - 1));
  }

  /** SCHEME's test on html[start, end): a letter, then letters, digits, '+', '.', '-', a ':'. */
  private static boolean startsWithScheme(String html, int start, int end) {
    if (!isAsciiLetter(html.charAt(start))) {
      return false;
    }
    for (int i = start + 1; i < end; i++) {
      char c = html.charAt(i);
      if (c == ':') {
        return true;
      }
      if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '.' && c != '-') {
        return false;
      }
    }
    return false;
  }

  private static boolean isAsciiLetter(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }

  /** Java regex {@code \s}: space, tab, newline, vertical tab, form feed, carriage return. */
  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  private static String withoutFragment(URI base) {
    String s = base.toString();
    int hash = s.indexOf('#');
    return hash < 0 ? s : s.substring(0, hash);
  }
}
