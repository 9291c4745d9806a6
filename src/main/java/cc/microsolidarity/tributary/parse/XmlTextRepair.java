package cc.microsolidarity.tributary.parse;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text-level repairs a lenient feed reader applies before strict XML parsing: junk before the
 * first markup, characters illegal in XML 1.0, HTML entities XML does not define, and bare
 * ampersands. CDATA sections, comments, processing instructions and the DOCTYPE are left as
 * they are. Each kind of repair adds one line to {@code warnings}. Thread-safe.
 */
final class XmlTextRepair {
  private static final Pattern DECLARED_ENTITY = Pattern.compile("<!ENTITY\\s+([^\\s%]+)");
  private static final Pattern XML_11 = Pattern.compile("^\\s+version\\s*=\\s*[\"']1\\.1[\"']");
  
  private static final int SCAN_CHUNK = 8192;

  private final HtmlEntities htmlEntities;

  XmlTextRepair(HtmlEntities htmlEntities) {
    this.htmlEntities = htmlEntities;
  }

  String repair(String text, List<String> warnings) {
    return repairMarkup(stripLeadingJunk(text, warnings), warnings);
  }

  /**
   * The repairs after {@link #stripLeadingJunk}: illegal characters, undefined entities, bare
   * ampersands. Returns {@code text} itself when there is nothing to repair.
   */
  String repairMarkup(String text, List<String> warnings) {
    return fixAmpersands(stripIllegalCharacters(text, warnings), warnings);
  }

  /**
   * Whether the prolog holds a DOCTYPE. Its external subset is never read, so to the parser an
   * undefined entity in such a document is not an error but a reference it drops in silence.
   */
  static boolean hasDoctype(String text) {
    int i = 0;
    int n = text.length();
    while (i < n) {
      int lt = text.indexOf('<', i);
      if (lt < 0) {
        return false;
      }
      if (text.startsWith("<?", lt)) {
        i = endAfter(text, lt, "?>");
      } else if (text.startsWith("<!--", lt)) {
        i = endAfter(text, lt, "-->");
      } else {
        return text.regionMatches(true, lt, "<!DOCTYPE", 0, 9);
      }
    }
    return false;
  }

  /**
   * Whether the XML declaration says version 1.1, under which the parser accepts references to
   * control characters that XML 1.0 forbids (and the merged feeds, being XML 1.0, cannot carry).
   */
  static boolean declaresXml11(String text) {
    if (!text.startsWith("<?xml")) {
      return false;
    }
    int end = text.indexOf("?>");
    return end > 0 && XML_11.matcher(text).region(5, end).find();
  }

  static String stripLeadingJunk(String text, List<String> warnings) {
    int lt = text.indexOf('<');
    if (lt <= 0) {
      return text;
    }
    boolean blank = text.substring(0, lt).isBlank();
    warnings.add(blank ? "stripped whitespace before the XML declaration"
        : "stripped junk before the first markup");
    return text.substring(lt);
  }

  private static String stripIllegalCharacters(String s, List<String> warnings) {
    int n = s.length();
    int i = firstIllegal(s);
    if (i < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(n);
    out.append(s, 0, i);
    int removed = 0;
    for (; i < n; i++) {
      char c = s.charAt(i);
      boolean legal;
      int width = 1;
      if (Character.isHighSurrogate(c) && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        legal = true;
        width = 2;
      } else {
        legal = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
            || (c >= 0xE000 && c <= 0xFFFD);
      }
      if (!legal) {
        removed++;
      } else {
        out.append(s, i, i + width);
      }
      i += width - 1;
    }
    warnings.add("stripped " + removed + " characters illegal in XML 1.0");
    return out.toString();
  }

  /**
   * Index of the first character XML 1.0 forbids, or -1. The common case, a clean document,
   * is one pass over a small copied buffer: walking the string with charAt cost a tenth of
   * all parsing time.
   */
  static int firstIllegal(String s) {
    int n = s.length();
    char[] buf = new char[Math.min(n, SCAN_CHUNK) + 1];
    int base = 0;
    while (base < n) {
      int len = Math.min(SCAN_CHUNK, n - base);
      // One character more than the chunk, so a surrogate pair split across chunks is whole.
      int read = Math.min(len + 1, n - base);
      s.getChars(base, base + read, buf, 0);
      int k = 0;
      while (k < len) {
        char c = buf[k];
        if (c >= 0x20 && c < 0xD800 || c == 0xA || c == 0x9 || c == 0xD
            || c >= 0xE000 && c <= 0xFFFD) {
          k++;
        } else if (Character.isHighSurrogate(c) && k + 1 < read
            && Character.isLowSurrogate(buf[k + 1])) {
          k += 2;
        } else {
          return base + k;
        }
      }
      base += k;
    }
    return -1;
  }

  /**
   * Escapes bare ampersands and rewrites undefined entities. Copies only from the first change
   * on: a clean document comes back as the same string after one scan.
   */
  private String fixAmpersands(String s, List<String> warnings) {
    if (s.indexOf('&') < 0) {
      return s;
    }
    Set<String> declared = new HashSet<>();
    Set<String> replaced = null;
    Set<String> unknown = null;
    boolean bare = false;
    boolean badNumeric = false;
    StringBuilder out = null;
    int copied = 0;
    int i = 0;
    int n = s.length();
    // Only '&' and the markup that can hide one (<!...>, <?...?>) matter; jump between them
    // with indexOf rather than looking at every character. A plain tag cannot hide an '&'.
    int bang = s.indexOf("<!");
    int pi = s.indexOf("<?");
    while (i < n) {
      int amp = s.indexOf('&', i);
      if (amp < 0) {
        break;
      }
      if (bang >= 0 && bang < i) {
        bang = s.indexOf("<!", i);
      }
      if (pi >= 0 && pi < i) {
        pi = s.indexOf("<?", i);
      }
      int markup = bang < 0 ? pi : pi < 0 ? bang : Math.min(bang, pi);
      if (markup >= 0 && markup < amp) {
        i = skipMarkup(s, markup, declared);
        continue;
      }
      i = amp;
      int semi = referenceEnd(s, i + 1);
      String replacement;
      int next;
      if (semi < 0) {
        replacement = "&amp;";
        bare = true;
        next = i + 1;
      } else {
        next = semi + 1;
        if (s.charAt(i + 1) == '#') {
          if (legalCharReference(s, i + 1, semi)) {
            i = next;
            continue;
          }
          badNumeric = true;
          replacement = "";
        } else if (isXmlEntity(s, i + 1, semi)) {
          i = next;
          continue;
        } else {
          String ref = s.substring(i + 1, semi);
          if (declared.contains(ref)) {
            i = next;
            continue;
          }
          String numeric = htmlEntities.numericReference(ref);
          if (numeric != null) {
            replacement = numeric;
            if (replaced == null) {
              replaced = new LinkedHashSet<>();
            }
            replaced.add(ref);
          } else {
            replacement = "&amp;" + ref + ";";
            if (unknown == null) {
              unknown = new LinkedHashSet<>();
            }
            unknown.add(ref);
          }
        }
      }
      if (out == null) {
        out = new StringBuilder(n + 64);
      }
      out.append(s, copied, i).append(replacement);
      copied = next;
      i = next;
    }
    if (out == null) {
      return s;
    }
    out.append(s, copied, n);
    if (replaced != null) {
      for (String name : replaced) {
        warnings.add("replaced undefined entity &" + name + ";");
      }
    }
    if (unknown != null) {
      for (String name : unknown) {
        warnings.add("escaped unknown entity &" + name + ";");
      }
    }
    if (bare) {
      warnings.add("escaped bare &");
    }
    if (badNumeric) {
      warnings.add("dropped character references illegal in XML 1.0");
    }
    return out.toString();
  }

  /** Whether s[from, end) is one of the five entities XML predefines. */
  private static boolean isXmlEntity(String s, int from, int end) {
    int len = end - from;
    switch (len) {
      case 2:
        return s.startsWith("lt", from) || s.startsWith("gt", from);
      case 3:
        return s.startsWith("amp", from);
      case 4:
        return s.startsWith("quot", from) || s.startsWith("apos", from);
      default:
        return false;
    }
  }

  /** Index of the ';' closing a well-formed reference starting after '&', else -1. */
  private static int referenceEnd(String s, int from) {
    int n = s.length();
    int i = from;
    if (i < n && s.charAt(i) == '#') {
      i++;
      boolean hex = i < n && (s.charAt(i) == 'x' || s.charAt(i) == 'X');
      if (hex) {
        i++;
      }
      int start = i;
      while (i < n && i - start < 8 && (hex ? isHex(s.charAt(i)) : isDigit(s.charAt(i)))) {
        i++;
      }
      return i > start && i < n && s.charAt(i) == ';' ? i : -1;
    }
    int start = i;
    while (i < n && i - start < 40 && isNameChar(s.charAt(i), i == start)) {
      i++;
    }
    return i > start && i < n && s.charAt(i) == ';' ? i : -1;
  }

  /** Whether the reference s[from, end), starting with '#', names a character legal in XML. */
  private static boolean legalCharReference(String s, int from, int end) {
    boolean hex = end - from > 1 && (s.charAt(from + 1) == 'x' || s.charAt(from + 1) == 'X');
    int start = from + (hex ? 2 : 1);
    if (start >= end) {
      return false;
    }
    // referenceEnd allows at most 8 digits, so this cannot overflow a long.
    long cp = 0;
    for (int i = start; i < end; i++) {
      cp = cp * (hex ? 16 : 10) + Character.digit(s.charAt(i), hex ? 16 : 10);
    }
    return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
        || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
  }

  /** End (exclusive) of the markup at {@code i}; CDATA, comments, PIs, DOCTYPE, tags. */
  private static int skipMarkup(String s, int i, Set<String> declared) {
    char next = i + 1 < s.length() ? s.charAt(i + 1) : 0;
    if (next != '!' && next != '?') {
      // A start or end tag: attribute values may hold '&' too, so only the '<' is skipped.
      return i + 1;
    }
    if (s.startsWith("<![CDATA[", i)) {
      return endAfter(s, i, "]]>");
    }
    if (s.startsWith("<!--", i)) {
      return endAfter(s, i, "-->");
    }
    if (s.startsWith("<?", i)) {
      return endAfter(s, i, "?>");
    }
    if (s.startsWith("<!DOCTYPE", i) || s.startsWith("<!doctype", i)) {
      int bracket = s.indexOf('[', i);
      int gt = s.indexOf('>', i);
      int end;
      if (bracket >= 0 && (gt < 0 || bracket < gt)) {
        int close = s.indexOf(']', bracket);
        end = close < 0 ? s.length() : Math.max(close + 1, s.indexOf('>', close) + 1);
      } else {
        end = gt < 0 ? s.length() : gt + 1;
      }
      Matcher m = DECLARED_ENTITY.matcher(s.substring(i, end));
      while (m.find()) {
        declared.add(m.group(1));
      }
      return end;
    }
    // A start or end tag: attribute values may hold '&' too, so only the '<' is skipped.
    return i + 1;
  }

  private static int endAfter(String s, int from, String terminator) {
    int end = s.indexOf(terminator, from + 2);
    return end < 0 ? s.length() : end + terminator.length();
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isHex(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static boolean isNameChar(char c, boolean first) {
    boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    return first ? letter : letter || isDigit(c) || c == '-' || c == '.';
  }
}
