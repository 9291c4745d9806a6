package cc.microsolidarity.tributary.publish;

/**
 * Makes any string safe as XML 1.0 character data: drops the code points XML forbids
 * (control characters, unpaired surrogates, U+FFFE/U+FFFF). A source may carry them, and one
 * such character would make the whole merged feed unreadable.
 */
final class XmlText {
  private XmlText() {}

  static String clean(String s) {
    if (s == null) {
      return null;
    }
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok;
      int width = 1;
      if (Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        ok = true;
        width = 2;
      } else {
        ok = c == 0x9 || c == 0xA || c == 0xD
            || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
      }
      if (!ok && out == null) {
        out = new StringBuilder(s.length()).append(s, 0, i);
      }
      if (ok && out != null) {
        out.append(s, i, i + width);
      }
      i += width - 1;
    }
    return out == null ? s : out.toString();
  }
}
