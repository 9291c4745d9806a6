package cc.microsolidarity.tributary.normalize;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sanitiser's fast path: well-formed HTML of common tags, cleaned in one pass over the text.
 *
 * <p>Most items' HTML is plain markup: paragraphs, lists, links, emphasis, figures, each element
 * closed where it ends. For that, this gives the very string jsoup's parse, clean and serialise
 * give ({@link HtmlSanitizer}), without building two trees; jsoup's HTML5 tree builder alone was
 * ~9 % of a cold ingest's CPU. Whatever it is not sure of, it declines, and jsoup does the work:
 * a tag outside its table, an end tag that does not close the innermost open element, a start
 * tag the HTML5 tree builder would close or reopen other elements for, a character reference
 * {@link CharacterReference} is not sure of, an {@code iframe}, a kept attribute with no value,
 * a carriage return, NUL or U+FFFF...
 *
 * <p>The output must stay byte for byte jsoup's: the stored content hash is taken over it, and a
 * different hash would mark every stored entry edited at its next fetch. OnePassSanitizerTest
 * holds the two together on random documents, every character of the basic plane in text and
 * in attributes, and every item of the real corpus. It reproduces jsoup 1.21 with
 * {@link HtmlSanitizer}'s safelist (links get {@code rel="nofollow noopener"}, URL attributes
 * keep only their allowed schemes, with {@link UrlSchemeSafelist}'s reading of them).
 */
final class OnePassSanitizer {
  /** How the HTML5 tree builder treats a start tag; what must hold for it to do nothing more. */
  private enum Shape {
    /** Closes an open {@code p}: declined when one is open. */
    BLOCK,
    /** {@code ul}, {@code ol}: a block, and the only parent a list item is taken in. */
    LIST,
    /** Closes an open list item: taken only right inside a list. */
    LIST_ITEM,
    /** A block that also closes an open heading. */
    HEADING,
    /** Reopened when closed out of order: taken only when no element of its name is open. */
    FORMATTING,
    /** Nothing special. */
    PHRASING,
    /** Never has content or an end tag. */
    VOID,
    /** A void element that closes an open {@code p}. */
    VOID_BLOCK,
    /** {@code script}, {@code style}: raw text to its end tag, dropped with it. */
    DROPPED
  }

  /**
   * One allowed tag: its name, shape, and allowed attributes, each with the {@code "scheme:"}
   * prefixes its URL may have, or none when it is not a URL.
   */
  private record Tag(String name, Shape shape, String[] attributes, List<List<String>> schemes) {
    boolean isVoid() {
      return shape == Shape.VOID || shape == Shape.VOID_BLOCK;
    }

    boolean isLink() {
      return name.equals("a");
    }
  }

  private static final String LINK_REL_VALUE = "nofollow noopener";
  private static final String LINK_REL = " rel=\"" + LINK_REL_VALUE + "\"";

  /** The table, by name length: a lookup compares a few names in place, with no new string. */
  private static final Tag[][] TAGS_BY_LENGTH = byLength(List.of(
      tag("p", Shape.BLOCK), tag("div", Shape.BLOCK), tag("figure", Shape.BLOCK),
      tag("figcaption", Shape.BLOCK), tag("blockquote", Shape.BLOCK, "cite"),
      tag("ul", Shape.LIST, "type"), tag("ol", Shape.LIST, "start", "type"),
      tag("li", Shape.LIST_ITEM),
      tag("h1", Shape.HEADING), tag("h2", Shape.HEADING), tag("h3", Shape.HEADING),
      tag("h4", Shape.HEADING), tag("h5", Shape.HEADING), tag("h6", Shape.HEADING),
      tag("a", Shape.FORMATTING, "href", "title", "rel"), tag("b", Shape.FORMATTING),
      tag("code", Shape.FORMATTING), tag("em", Shape.FORMATTING), tag("i", Shape.FORMATTING),
      tag("s", Shape.FORMATTING), tag("small", Shape.FORMATTING),
      tag("strong", Shape.FORMATTING), tag("u", Shape.FORMATTING),
      tag("span", Shape.PHRASING), tag("sub", Shape.PHRASING), tag("sup", Shape.PHRASING),
      tag("mark", Shape.PHRASING), tag("del", Shape.PHRASING), tag("ins", Shape.PHRASING),
      tag("cite", Shape.PHRASING), tag("abbr", Shape.PHRASING, "title"),
      tag("q", Shape.PHRASING, "cite"),
      tag("br", Shape.VOID), tag("img", Shape.VOID, "align", "alt", "height", "src", "title",
          "width"),
      tag("hr", Shape.VOID_BLOCK), tag("script", Shape.DROPPED), tag("style", Shape.DROPPED)));

  /** Deeper than any plain item; deeper nesting is left to jsoup's own limits. */
  private static final int MAX_DEPTH = 64;

  private OnePassSanitizer() {}

  /**
   * What {@link HtmlSanitizer} gives for {@code html} ("" where it gives null), or null where
   * this pass declines it.
   */
  static String sanitize(String html) {
    if (html.indexOf('\uFFFF') >= 0) {
      return null; // jsoup's reader takes it for the end of the input
    }
    return new Pass(html).run();
  }

  private static Tag tag(String name, Shape shape, String... attributes) {
    Map<String, List<String>> byAttribute = HtmlSanitizer.SCHEMES.getOrDefault(name, Map.of());
    List<List<String>> schemes = Arrays.stream(attributes)
        .map(attribute -> byAttribute.getOrDefault(attribute, List.of()).stream()
            .map(scheme -> scheme + ":").toList())
        .toList();
    return new Tag(name, shape, attributes, schemes);
  }

  private static Tag[][] byLength(List<Tag> tags) {
    int longest = tags.stream().mapToInt(t -> t.name().length()).max().orElse(0);
    Tag[][] out = new Tag[longest + 1][];
    for (int length = 0; length <= longest; length++) {
      int n = length;
      out[length] = tags.stream().filter(t -> t.name().length() == n).toArray(Tag[]::new);
    }
    return out;
  }

  /** One pass over one text; declining is returning false from any step. */
  private static final class Pass {
    private final String html;
    private final int length;
    private final StringBuilder out;
    private final Tag[] open = new Tag[MAX_DEPTH];
    private int depth;
    private int pos;

    Pass(String html) {
      this.html = html;
      this.length = html.length();
      this.out = new StringBuilder(length + 64);
    }

    String run() {
      while (text()) {
        if (pos == length) {
          return depth == 0 ? out.toString().trim() : null;
        }
        int lt = pos;
        boolean taken = isLiteralLessThan(lt + 1) ? lessThan()
            : html.startsWith("</", lt) ? endTag()
            : html.startsWith("<!--", lt) ? skipComment() : startTag();
        if (!taken) {
          return null;
        }
      }
      return null;
    }

    /** Whether a '<' before {@code next} is text: the tokeniser's tag open state emits it. */
    private boolean isLiteralLessThan(int next) {
      if (next == length) {
        return true;
      }
      char c = html.charAt(next);
      return c == ' ' || c == '\t' || c == '\n' || c == '=' || CharacterReference.isAsciiDigit(c);
    }

    private boolean lessThan() {
      out.append("&lt;");
      pos++;
      return true;
    }

    /**
     * Past a comment, which the cleaner drops; one that begins {@code <!-->} or
     * {@code <!--->}, or holds {@code --!>}, is declined as the tokeniser ends it otherwise.
     */
    private boolean skipComment() {
      int start = pos + 4;
      if (start >= length || html.charAt(start) == '>' || html.charAt(start) == '-') {
        return false;
      }
      int end = html.indexOf("-->", start);
      if (end < 0 || html.substring(start, end).contains("--!>")) {
        return false;
      }
      pos = end + 3;
      return true;
    }

    /**
     * Text from {@link #pos} to the next {@code <} or the end, its references decoded and
     * escaped as jsoup; {@link #pos} is left there.
     */
    private boolean text() {
      String html = this.html; // in locals: the first JIT tier reloads fields in a loop
      int length = this.length;
      int run = pos; // from here on, not yet written
      int i = pos;
      for (; i < length; i++) {
        char c = html.charAt(i);
        // Letters and most punctuation, tested here first: this loop is most of the pass.
        if (c >= '?' ? c < 0xA0 : c >= ' ' && c != '&' && c != '<' && c != '>') {
          continue;
        }
        if (c == '<') {
          break;
        }
        if (isPlainText(c)) {
          continue;
        }
        out.append(html, run, i);
        if (c == '&') {
          CharacterReference reference = CharacterReference.at(html, i, length);
          if (reference == null) {
            return false;
          }
          EscapedText.appendEscaped(out, reference.text(), 0, reference.text().length(), false);
          run = reference.end();
          i = run - 1;
        } else if (c == '\r' || c == 0) {
          return false; // the tokeniser changes these
        } else {
          int width = Character.isHighSurrogate(c) && i + 1 < length
              && Character.isLowSurrogate(html.charAt(i + 1)) ? 2 : 1;
          EscapedText.appendEscaped(out, html, i, i + width, false);
          run = i + width;
          i = run - 1;
        }
      }
      out.append(html, run, i);
      pos = i;
      return true;
    }

    private boolean startTag() {
      int nameStart = pos + 1;
      int i = nameStart;
      while (i < length && isAsciiAlphanumeric(html.charAt(i))) {
        i++;
      }
      if (i == nameStart || !isAsciiLetter(html.charAt(nameStart)) || i >= length
          || !endsName(html.charAt(i))) {
        return false;
      }
      Tag tag = lookUp(nameStart, i);
      if (tag == null || !fitsHere(tag)) {
        return false;
      }
      int written = out.length();
      out.append('<').append(tag.name());
      int seen = 0;
      while (true) {
        if (i >= length) {
          return false;
        }
        char c = html.charAt(i);
        if (isSpace(c)) {
          i++;
          continue;
        }
        if (c == '>') {
          i++;
          break;
        }
        if (c == '/') {
          if (!tag.isVoid() || i + 1 >= length || html.charAt(i + 1) != '>') {
            return false; // "/>" means nothing on other elements; jsoup keeps them open
          }
          i += 2;
          break;
        }
        int attributeStart = i;
        while (i < length && isAttributeNameChar(html.charAt(i))) {
          i++;
        }
        if (i == attributeStart || i >= length || !(endsName(html.charAt(i))
            || html.charAt(i) == '=')) {
          return false;
        }
        int attribute = attributeIndex(tag, attributeStart, i);
        if (attribute >= 0) {
          if ((seen & (1 << attribute)) != 0) {
            return false;
          }
          seen |= 1 << attribute;
        }
        while (i < length && isSpace(html.charAt(i))) {
          i++;
        }
        if (i < length && html.charAt(i) == '=') {
          i++;
          while (i < length && isSpace(html.charAt(i))) {
            i++;
          }
          i = value(tag, attribute, i);
          if (i < 0) {
            return false;
          }
        } else if (attribute >= 0 && !tag.attributes()[attribute].equals("rel")) {
          return false; // a kept attribute with no value
        }
      }
      pos = i;
      if (tag.shape() == Shape.DROPPED) {
        out.setLength(written);
        return skipRawText(tag);
      }
      if (tag.isLink()) {
        out.append(LINK_REL);
      }
      out.append('>');
      if (!tag.isVoid()) {
        open[depth++] = tag;
      }
      return true;
    }

    /**
     * The value starting at {@code i}, written out when the attribute is kept; returns the
     * index after it (and after its closing quote), or -1.
     */
    private int value(Tag tag, int attribute, int i) {
      if (i >= length) {
        return -1;
      }
      char quote = html.charAt(i);
      int start;
      int end;
      int after;
      if (quote == '"' || quote == '\'') {
        start = i + 1;
        end = html.indexOf(quote, start);
        if (end < 0) {
          return -1;
        }
        after = end + 1;
        if (after < length && !isSpace(html.charAt(after)) && html.charAt(after) != '>'
            && html.charAt(after) != '/') {
          return -1;
        }
      } else {
        start = i;
        end = i;
        while (end < length && !isSpace(html.charAt(end)) && html.charAt(end) != '>') {
          char c = html.charAt(end);
          if (c == '"' || c == '\'' || c == '<' || c == '`') {
            return -1; // kept by the tokeniser too, but nothing plain has them
          }
          end++;
        }
        if (end == start) {
          return -1;
        }
        after = end;
      }
      if (attribute < 0) {
        return after; // dropped, whatever it holds
      }
      String value = attributeValue(start, end);
      if (value == null) {
        return -1;
      }
      if (tag.attributes()[attribute].equals("rel")) {
        // jsoup keeps a link's rel in its place when it is the one it adds, and drops others
        return value.equals(LINK_REL_VALUE) ? -1 : after;
      }
      List<String> schemes = tag.schemes().get(attribute);
      if (!schemes.isEmpty()) {
        String resolved = UrlSchemeSafelist.resolvedWithoutBase(value);
        if (!resolved.isEmpty()) {
          value = resolved;
        }
        if (!startsWithAny(value.toLowerCase(Locale.ENGLISH), schemes)) {
          return after; // dropped, as jsoup drops a URL of another scheme
        }
      }
      out.append(' ').append(tag.attributes()[attribute]).append("=\"");
      EscapedText.appendEscaped(out, value, 0, value.length(), true);
      out.append('"');
      return after;
    }

    /** The value between {@code start} and {@code end}, references decoded; null to decline. */
    private String attributeValue(int start, int end) {
      int amp = -1;
      for (int i = start; i < end; i++) {
        char c = html.charAt(i);
        if (c == '\r' || c == 0) {
          return null;
        }
        if (c == '&' && amp < 0) {
          amp = i;
        }
      }
      if (amp < 0) {
        return html.substring(start, end);
      }
      StringBuilder value = new StringBuilder(end - start).append(html, start, amp);
      for (int i = amp; i < end; ) {
        char c = html.charAt(i);
        if (c != '&') {
          value.append(c);
          i++;
          continue;
        }
        CharacterReference reference = CharacterReference.at(html, i, end);
        if (reference == null) {
          return null;
        }
        value.append(reference.text());
        i = reference.end();
      }
      return value.toString();
    }

    private boolean endTag() {
      int nameStart = pos + 2;
      int i = nameStart;
      while (i < length && isAsciiAlphanumeric(html.charAt(i))) {
        i++;
      }
      if (i == nameStart || !isAsciiLetter(html.charAt(nameStart))) {
        return false;
      }
      Tag tag = lookUp(nameStart, i);
      while (i < length && isSpace(html.charAt(i))) {
        i++;
      }
      if (tag == null || i >= length || html.charAt(i) != '>' || depth == 0
          || open[depth - 1] != tag) {
        return false;
      }
      depth--;
      out.append("</").append(tag.name()).append('>');
      pos = i + 1;
      return true;
    }

    /**
     * Past the raw text of a script or style element from {@link #pos}, and its end tag: the
     * tokeniser reads to the first {@code </name} ended as a name is. A script holding
     * {@code <!--} is declined: the tokeniser's escaped states read it otherwise.
     */
    private boolean skipRawText(Tag tag) {
      String name = tag.name();
      for (int lt = html.indexOf("</", pos); lt >= 0; lt = html.indexOf("</", lt + 1)) {
        int nameEnd = lt + 2 + name.length();
        if (nameEnd < length && html.regionMatches(true, lt + 2, name, 0, name.length())
            && endsName(html.charAt(nameEnd))) {
          if (name.equals("script") && html.substring(pos, lt).contains("<!--")) {
            return false;
          }
          int i = nameEnd;
          while (i < length && isSpace(html.charAt(i))) {
            i++;
          }
          if (i >= length || html.charAt(i) != '>') {
            return false;
          }
          pos = i + 1;
          return true;
        }
      }
      return false;
    }

    /** True when the tree builder takes {@code tag} here as it is, closing nothing. */
    private boolean fitsHere(Tag tag) {
      if (depth == MAX_DEPTH && !tag.isVoid()) {
        return false;
      }
      return switch (tag.shape()) {
        case BLOCK, LIST, VOID_BLOCK -> !isOpen(Shape.BLOCK, "p");
        case HEADING -> !isOpen(Shape.BLOCK, "p") && !isOpen(Shape.HEADING, null);
        case LIST_ITEM -> depth > 0 && open[depth - 1].shape() == Shape.LIST;
        case FORMATTING -> !isOpen(Shape.FORMATTING, tag.name());
        case PHRASING, VOID, DROPPED -> true;
      };
    }

    /** Whether an element of {@code shape} (and {@code name}, unless null) is open. */
    private boolean isOpen(Shape shape, String name) {
      for (int d = 0; d < depth; d++) {
        if (open[d].shape() == shape && (name == null || open[d].name().equals(name))) {
          return true;
        }
      }
      return false;
    }

    private Tag lookUp(int start, int end) {
      int n = end - start;
      if (n >= TAGS_BY_LENGTH.length) {
        return null;
      }
      for (Tag tag : TAGS_BY_LENGTH[n]) {
        if (html.regionMatches(true, start, tag.name(), 0, n)) {
          return tag;
        }
      }
      return null;
    }

    private int attributeIndex(Tag tag, int start, int end) {
      String[] names = tag.attributes();
      for (int a = 0; a < names.length; a++) {
        if (names[a].length() == end - start
            && html.regionMatches(true, start, names[a], 0, end - start)) {
          return a;
        }
      }
      return -1;
    }
  }

  private static boolean startsWithAny(String value, List<String> prefixes) {
    for (String prefix : prefixes) {
      if (value.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Text jsoup writes as it is, and the tokeniser reads as it is: not {@code & < >}, a
   * no-break space, a control character but tab and line feed, or a surrogate (escaped by
   * {@link EscapedText}, pair by pair).
   */
  private static boolean isPlainText(char c) {
    if (c < 0xA0) {
      return c >= '?' || (c >= ' ' ? c != '&' && c != '<' && c != '>' : c == '\n' || c == '\t');
    }
    return c != 0xA0 && !Character.isSurrogate(c);
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\f';
  }

  /** What ends a tag or attribute name in the tokeniser, but for '=' after an attribute's. */
  private static boolean endsName(char c) {
    return isSpace(c) || c == '/' || c == '>';
  }

  private static boolean isAsciiLetter(char c) {
    return CharacterReference.isAsciiLetter(c);
  }

  private static boolean isAsciiAlphanumeric(char c) {
    return isAsciiLetter(c) || CharacterReference.isAsciiDigit(c);
  }

  private static boolean isAttributeNameChar(char c) {
    return isAsciiAlphanumeric(c) || c == '-' || c == '_' || c == ':' || c == '.';
  }
}
