package cc.microsolidarity.tributary.normalize;

import java.net.MalformedURLException;
import java.net.URL;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;
import org.jsoup.safety.Safelist;

/**
 * A jsoup {@link Safelist} that checks the scheme of a URL attribute, in HTML parsed without a
 * base URI, without the exception jsoup's own check throws and catches for every one of them.
 *
 * <p>jsoup first tries to make the URL absolute against the element's base URI, and with none
 * that begins with {@code new URL("")}: it throws, and filling in its stack trace under C1, for
 * every link and image of every item, was ~2 % of a cold ingest's CPU. This does what that path
 * comes to (jsoup 1.21's {@code StringUtil.resolve} with an unusable base, then {@code
 * Safelist.testValidProtocol}), so the kept value, the stored HTML and its content hash are
 * byte for byte jsoup's; {@code UrlSchemeSafelistTest} compares the two. Elements under a
 * {@code <base href>}, and attributes with no scheme rule, are left to jsoup.
 */
final class UrlSchemeSafelist extends Safelist {
  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+-.]*:");

  /** Tag, then attribute, then the allowed "scheme:" prefixes; all lower case. */
  private final Map<String, Map<String, List<String>>> prefixes;

  /**
   * {@code schemes}: for each tag and attribute, the schemes {@code configured} allows in it;
   * exactly those that {@code configured} checks (its protocols, on allowed attributes).
   */
  UrlSchemeSafelist(Safelist configured, Map<String, Map<String, List<String>>> schemes) {
    super(configured);
    this.prefixes = schemes.entrySet().stream().collect(Collectors.toUnmodifiableMap(
        Map.Entry::getKey,
        byTag -> byTag.getValue().entrySet().stream().collect(Collectors.toUnmodifiableMap(
            Map.Entry::getKey,
            byAttribute -> byAttribute.getValue().stream().map(s -> s + ":").toList()))));
  }

  @Override
  public boolean isSafeAttribute(String tagName, Element el, Attribute attr) {
    List<String> allowed = allowedPrefixes(tagName, attr.getKey());
    if (allowed == null || !el.baseUri().isEmpty()) {
      return super.isSafeAttribute(tagName, el, attr);
    }
    String value = resolvedWithoutBase(attr.getValue());
    if (value.isEmpty()) {
      value = attr.getValue(); // as jsoup: unknown schemes are judged as written
    }
    attr.setValue(value); // jsoup keeps the resolved form (relative links are not preserved)
    String lower = value.toLowerCase(Locale.ENGLISH);
    for (String prefix : allowed) {
      if (lower.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private List<String> allowedPrefixes(String tagName, String key) {
    Map<String, List<String>> byAttribute = prefixes.get(tagName.toLowerCase(Locale.ENGLISH));
    if (byAttribute == null || !key.equals(key.toLowerCase(Locale.ENGLISH))) {
      return null; // a key in other case could have a twin jsoup would look up instead
    }
    return byAttribute.get(key);
  }

  /** What jsoup's {@code el.absUrl(key)} gives when the base URI is empty. */
  static String resolvedWithoutBase(String url) {
    String stripped = withoutControlCharacters(url);
    try {
      return new URL(stripped).toExternalForm();
    } catch (MalformedURLException e) {
      // relative, or a scheme Java has no handler for (tel:); jsoup keeps the latter as written
      return SCHEME.matcher(stripped).find() ? stripped : "";
    }
  }

  /** Without U+0000 to U+001F, as browsers read URLs (and jsoup strips them). */
  static String withoutControlCharacters(String s) {
    int i = 0;
    while (i < s.length() && s.charAt(i) >= 0x20) {
      i++;
    }
    if (i == s.length()) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length()).append(s, 0, i);
    for (; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch >= 0x20) {
        out.append(ch);
      }
    }
    return out.toString();
  }
}
