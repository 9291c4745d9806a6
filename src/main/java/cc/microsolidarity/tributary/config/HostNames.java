package cc.microsolidarity.tributary.config;

import java.net.IDN;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Internationalised host names in URLs, put in the ASCII form that DNS and HTTP carry. */
final class HostNames {
  private static final Pattern AUTHORITY =
      Pattern.compile("(?i)^(https?://)([^/?#@]*@)?([^/?#:\\[\\]]*)(.*)$", Pattern.DOTALL);

  private HostNames() {}

  /**
   * {@code url} with a non-ASCII host replaced by its IDNA ASCII form; any other URL as it is.
   *
   * @throws IllegalArgumentException when the host is not a valid domain name
   */
  static String toAscii(String url) {
    Matcher m = AUTHORITY.matcher(url);
    if (!m.matches() || m.group(3).chars().allMatch(c -> c < 0x80)) {
      return url;
    }
    String userInfo = m.group(2) == null ? "" : m.group(2);
    return m.group(1) + userInfo + IDN.toASCII(m.group(3), IDN.USE_STD3_ASCII_RULES)
        + m.group(4);
  }
}
