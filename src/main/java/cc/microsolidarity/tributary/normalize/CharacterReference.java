package cc.microsolidarity.tributary.normalize;

import org.jsoup.nodes.Entities;

/**
 * A character reference in HTML ({@code &amp;}, {@code &#x27;}), read as jsoup 1.21's tokeniser
 * reads it, for {@link OnePassSanitizer}: {@code text} is what it stands for, {@code end} the
 * index just after it.
 */
record CharacterReference(String text, int end) {
  /**
   * The reference at {@code amp} (an {@code &}), whose name or number must end before
   * {@code end}; null where jsoup's reading is not this one's to give. An {@code &} that begins
   * no reference (before white space, {@code <}, {@code &}, the end, or a name no entity's
   * name begins) stands for itself. Named references are read only with their {@code ;};
   * numeric ones also only to a plain character (no control, surrogate, or windows-1252
   * remapping).
   */
  static CharacterReference at(String html, int amp, int end) {
    int i = amp + 1;
    if (i == html.length()) {
      return new CharacterReference("&", i);
    }
    char c = html.charAt(i);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '<' || c == '&') {
      return new CharacterReference("&", i);
    }
    if (c == '#') {
      return numeric(html, i + 1, end);
    }
    int nameStart = i;
    while (i < end && isAsciiLetter(html.charAt(i))) {
      i++;
    }
    while (i < end && isAsciiDigit(html.charAt(i))) {
      i++;
    }
    String name = html.substring(nameStart, i);
    if (i < end && html.charAt(i) == ';' && Entities.isNamedEntity(name)) {
      String text = Entities.getByName(name);
      return text.isEmpty() ? null : new CharacterReference(text, i + 1);
    }
    if (Entities.isBaseNamedEntity(name) || !Entities.findPrefix(name).isEmpty()
        || (i < end && html.charAt(i) > 0x7F && Character.isLetter(html.charAt(i)))) {
      return null; // one jsoup reads without its ';', or a name going on past ASCII
    }
    return new CharacterReference("&", amp + 1); // no reference: then what follows, as text
  }

  private static CharacterReference numeric(String html, int start, int end) {
    int i = start;
    boolean hex = i < end && (html.charAt(i) == 'x' || html.charAt(i) == 'X');
    if (hex) {
      i++;
    }
    int digits = i;
    int value = 0;
    while (i < end && i - digits < 7) {
      char c = html.charAt(i);
      int digit = c > 'f' ? -1 : Character.digit(c, hex ? 16 : 10);
      if (digit < 0) {
        break;
      }
      value = value * (hex ? 16 : 10) + digit;
      i++;
    }
    if (i == digits || i >= end || html.charAt(i) != ';' || !isPlain(value)) {
      return null;
    }
    return new CharacterReference(Character.toString(value), i + 1);
  }

  /** Code points jsoup decodes as they are: no control, surrogate or windows-1252 remap. */
  private static boolean isPlain(int cp) {
    return (cp >= 0x20 && cp < 0x7F) || (cp >= 0xA0 && cp < 0xD800)
        || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
  }

  static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
