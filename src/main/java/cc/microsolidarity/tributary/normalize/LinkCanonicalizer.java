package cc.microsolidarity.tributary.normalize;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Canonical form of a link for identity only (never shown: the output keeps the original URL).
 * Null for null, blank or anything but an absolute http(s) (or protocol-relative) URL.
 *
 * <p>Rules, after RFC 3986 section 6 plus tracking removal:
 * <ul>
 *   <li>scheme folded: {@code http} and {@code https} both become {@code https://};
 *   <li>host lower-cased, IDN to ASCII ({@link IDN#toASCII}), trailing dot dropped, user info
 *       dropped; ports 80 and 443 dropped whatever the scheme (the scheme is folded, so keeping
 *       {@code :443} after {@code http} would break idempotence);
 *   <li>percent-encoding normalised: unreserved characters decoded, other escapes upper-case
 *       hex, characters that may not appear raw (space, non-ASCII, quotes...) encoded as UTF-8,
 *       a stray {@code %} encoded as {@code %25};
 *   <li>dot segments removed (RFC 3986 5.2.4), trailing slashes folded ({@code /a/} = {@code /a},
 *       {@code /} = no path);
 *   <li>fragment dropped; empty query parameters dropped; {@link #TRACKING_PARAMETERS} removed
 *       (names compared case-insensitively); other parameters kept in their order.
 * </ul>
 * {@code www.} is NOT folded: {@code www.example.com} and {@code example.com} may serve
 * different sites. Thread-safe and stateless.
 */
public final class LinkCanonicalizer {
  /**
   * The version of the canonical forms this class and {@link EnclosureCanonicalizer} make.
   * Raise it with every change to them: identity keys stored under an older version are
   * rewritten once when a database is next opened for polling, so an item stored before the
   * change still meets itself after it. 2 added Webtrekk, AT Internet, comScore, DW's
   * {@code maca} and {@code src=rss…}.
   */
  public static final int RULES_VERSION = 2;

  /**
   * Query parameters that only say who sent the click, never which page. A trailing {@code *}
   * is a prefix. {@code source} and {@code src} are special-cased in {@link #isTracking}:
   * removed when the value starts with {@code rss} (Medium custom domains append {@code
   * ?source=rss----<id>---4}, Medscape {@code ?src=rss}), and {@code source} on medium.com
   * hosts whatever its value, because both are ordinary parameters on other sites.
   */
  public static final List<String> TRACKING_PARAMETERS = List.of(
      "utm_*",                                  // Google Analytics campaign tags
      "mtm_*",                                  // Matomo campaign tags
      "pk_campaign", "pk_kwd", "pk_source", "pk_medium", "pk_content", // Piwik
      "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", // Facebook, Google Ads
      "msclkid", "yclid", "ysclid", "twclid", "ttclid", "li_fat_id", "epik", // ad click ids
      "mc_cid", "mc_eid",                       // Mailchimp
      "_hsenc", "_hsmi", "__hstc", "__hssc", "__hsfp", "hsctatracking", // HubSpot
      "mkt_tok",                                // Marketo
      "oly_anon_id", "oly_enc_id", "vero_conv", "vero_id", "wickedid", "rb_clickid", "s_cid",
      "_ga", "_gl",                             // Google cross-domain linker
      "igshid", "igsh",                         // Instagram share ids
      "ref", "ref_src", "ref_url",              // referrer tags (Twitter, Ghost, Product Hunt)
      "spm", "scm",                             // Alibaba tracking
      "wt_mc", "wt_zmc",                        // Webtrekk (heise, Spiegel, Zeit)
      "xtor", "at_medium", "at_campaign",       // AT Internet / Piano (Le Monde, BBC)
      "ns_mchannel", "ns_source", "ns_campaign", "ns_linkname", "ns_fee", // comScore
      "maca",                                   // Deutsche Welle's feed campaign
      "source", "src");                         // when the value says rss, see isTracking

  private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*):");
  private static final String HEX = "0123456789ABCDEF";

  public String canonicalize(String url) {
    return canonicalize(url, name -> false);
  }

  /** As {@link #canonicalize(String)}, also removing parameters {@code extraTracking} names. */
  String canonicalize(String url, Predicate<String> extraTracking) {
    if (url == null) {
      return null;
    }
    String s = url.strip();
    if (s.isEmpty()) {
      return null;
    }
    String rest;
    Matcher m = SCHEME.matcher(s);
    if (m.find()) {
      String scheme = m.group(1).toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        return null;
      }
      rest = s.substring(m.end());
    } else {
      rest = s;
    }
    if (!rest.startsWith("//")) {
      return null; // relative or opaque: not a link we can compare
    }
    rest = rest.substring(2).replace('\\', '/');
    int hash = rest.indexOf('#');
    if (hash >= 0) {
      rest = rest.substring(0, hash);
    }
    int authorityEnd = indexOfAny(rest, "/?");
    String authority = authorityEnd < 0 ? rest : rest.substring(0, authorityEnd);
    String afterAuthority = authorityEnd < 0 ? "" : rest.substring(authorityEnd);
    String host = host(authority);
    if (host == null) {
      return null;
    }
    int q = afterAuthority.indexOf('?');
    String path = q < 0 ? afterAuthority : afterAuthority.substring(0, q);
    String query = q < 0 ? null : afterAuthority.substring(q + 1);

    path = removeDotSegments(normalizeEscapes(path, false));
    int end = path.length();
    while (end > 0 && path.charAt(end - 1) == '/') {
      end--;
    }
    path = path.substring(0, end);

    StringBuilder out = new StringBuilder("https://").append(host).append(path);
    String cleanQuery = query == null ? "" : query(query, host, extraTracking);
    if (!cleanQuery.isEmpty()) {
      out.append('?').append(cleanQuery);
    }
    return out.toString();
  }

  /** Whether a query parameter (name already escape-normalised) only tracks the click. */
  static boolean isTracking(String name, String value, String host) {
    String n = decodeForComparison(name).toLowerCase(Locale.ROOT);
    if (n.equals("source") || n.equals("src")) {
      boolean medium = n.equals("source")
          && (host.equals("medium.com") || host.endsWith(".medium.com"));
      return medium || decodeForComparison(value).toLowerCase(Locale.ROOT).startsWith("rss");
    }
    for (String t : TRACKING_PARAMETERS) {
      if (t.endsWith("*") ? n.startsWith(t.substring(0, t.length() - 1)) : n.equals(t)) {
        return true;
      }
    }
    return false;
  }

  private static String query(String query, String host, Predicate<String> extraTracking) {
    List<String> kept = new ArrayList<>();
    for (String param : query.split("&", -1)) {
      if (param.isEmpty()) {
        continue;
      }
      String p = normalizeEscapes(param, true);
      int eq = p.indexOf('=');
      String name = eq < 0 ? p : p.substring(0, eq);
      String value = eq < 0 ? "" : p.substring(eq + 1);
      if (isTracking(name, value, host)
          || extraTracking.test(decodeForComparison(name).toLowerCase(Locale.ROOT))) {
        continue;
      }
      kept.add(p);
    }
    return String.join("&", kept);
  }

  private static String host(String authority) {
    int at = authority.lastIndexOf('@');
    String hostPort = at < 0 ? authority : authority.substring(at + 1);
    String host;
    String port = null;
    if (hostPort.startsWith("[")) { // IPv6 literal
      int close = hostPort.indexOf(']');
      if (close < 0) {
        return null;
      }
      host = hostPort.substring(0, close + 1);
      if (hostPort.length() > close + 1 && hostPort.charAt(close + 1) == ':') {
        port = hostPort.substring(close + 2);
      }
    } else {
      int colon = hostPort.lastIndexOf(':');
      host = colon < 0 ? hostPort : hostPort.substring(0, colon);
      port = colon < 0 ? null : hostPort.substring(colon + 1);
    }
    host = decodeForComparison(host);
    while (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    if (host.isEmpty()) {
      return null;
    }
    try {
      host = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED);
    } catch (IllegalArgumentException e) {
      // not a valid IDN: fall back to the lower-cased text, still comparable
    }
    host = host.toLowerCase(Locale.ROOT);
    if (port != null && !port.isEmpty()) {
      if (!port.chars().allMatch(Character::isDigit) || port.length() > 5) {
        return null;
      }
      int p = Integer.parseInt(port);
      if (p != 80 && p != 443) {
        host = host + ":" + p;
      }
    }
    return host;
  }

  /** RFC 3986 normalisation of escapes in a path or query part; structure left as is. */
  static String normalizeEscapes(String s, boolean query) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length + 8);
    for (int i = 0; i < bytes.length; i++) {
      int b = bytes[i] & 0xff;
      if (b == '%' && i + 2 < bytes.length && hex(bytes[i + 1]) >= 0 && hex(bytes[i + 2]) >= 0) {
        int decoded = hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]);
        i += 2;
        if (unreserved(decoded)) {
          out.append((char) decoded);
        } else {
          escape(out, decoded);
        }
      } else if (b != '%' && allowedRaw(b, query)) {
        out.append((char) b);
      } else {
        escape(out, b);
      }
    }
    return out.toString();
  }

  /** Decodes every valid escape (for comparing names and hosts, never for output paths). */
  private static String decodeForComparison(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(bytes.length);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '%' && i + 2 < bytes.length && hex(bytes[i + 1]) >= 0
          && hex(bytes[i + 2]) >= 0) {
        out.write(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
        i += 2;
      } else {
        out.write(bytes[i]);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** RFC 3986 5.2.4, on an absolute path. */
  static String removeDotSegments(String path) {
    if (path.isEmpty()) {
      return path;
    }
    String[] segments = path.split("/", -1);
    List<String> out = new ArrayList<>();
    // segments[0] is the empty string before the leading slash
    for (int i = 1; i < segments.length; i++) {
      String seg = segments[i];
      boolean last = i == segments.length - 1;
      if (seg.equals(".")) {
        if (last) {
          out.add("");
        }
      } else if (seg.equals("..")) {
        if (!out.isEmpty()) {
          out.remove(out.size() - 1);
        }
        if (last) {
          out.add("");
        }
      } else {
        out.add(seg);
      }
    }
    return "/" + String.join("/", out);
  }

  private static void escape(StringBuilder out, int b) {
    out.append('%').append(HEX.charAt(b >> 4)).append(HEX.charAt(b & 0xf));
  }

  private static boolean unreserved(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '-' || c == '.' || c == '_' || c == '~';
  }

  private static boolean allowedRaw(int c, boolean query) {
    if (unreserved(c)) {
      return true;
    }
    return switch (c) {
      case '!', '$', '&', '\'', '(', ')', '*', '+', ',', ';', '=', ':', '@', '/' -> true;
      case '?' -> query;
      default -> false;
    };
  }

  private static int hex(int c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }
}
