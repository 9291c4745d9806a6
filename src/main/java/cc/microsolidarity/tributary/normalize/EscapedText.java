package cc.microsolidarity.tributary.normalize;

import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Entities;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * Escapes a cleaned tree's text ahead of jsoup's serialiser, with the same bytes as a result.
 * jsoup escapes text one code point at a time through several calls each; under the first JIT
 * tier that was ~86 % of serialising a sanitised item and ~6 % of a cold ingest's CPU, most of
 * it on text with nothing to escape. Here a text is scanned once and, in the usual case, kept
 * as it is. Each text node becomes a {@link DataNode} holding its escaped text, which jsoup
 * writes as it is in HTML output.
 *
 * <p>The output must stay byte for byte jsoup's: the stored content hash is taken over it, and
 * a different hash would mark every stored entry edited at its next fetch (EscapedTextTest
 * holds the two together). It reproduces jsoup 1.21's escaping of text (not attributes) in HTML
 * output with the base escape mode and UTF-8, pretty printing off; {@link #applies} checks
 * those settings, and any other document is left to jsoup.
 */
final class EscapedText {
  private EscapedText() {}

  /** True when {@link #escapeAll} gives jsoup's own serialisation for {@code doc}. */
  static boolean applies(Document doc) {
    Document.OutputSettings out = doc.outputSettings();
    return out.syntax() == Document.OutputSettings.Syntax.html
        && out.escapeMode() == Entities.EscapeMode.base
        && out.charset().name().equals("UTF-8")
        && !out.prettyPrint();
  }

  /** Replaces every text node under {@code root} by its escaped text (see the class comment). */
  static void escapeAll(Element root) {
    NodeTraversor.traverse(new NodeVisitor() {
      @Override
      public void head(Node node, int depth) {
        // Exactly TextNode: a CDataNode is a TextNode too, and jsoup writes it as CDATA.
        if (node.getClass() == TextNode.class) {
          node.replaceWith(new DataNode(escape(((TextNode) node).getWholeText())));
        }
      }
    }, root);
  }

  /**
   * {@code text} as jsoup escapes text: {@code & < >} and no-break space as entities, control
   * characters but tab, line feed and carriage return as numeric references, and characters
   * UTF-8 cannot encode (unpaired surrogates) as numeric references. Returns {@code text}
   * itself when nothing needs escaping.
   */
  static String escape(String text) {
    int first = firstToEscape(text, 0, text.length(), false);
    if (first < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    out.append(text, 0, first);
    appendFrom(out, text, first, text.length(), false);
    return out.toString();
  }

  /**
   * Appends {@code text} from {@code from} to {@code to} as jsoup escapes text or, when
   * {@code inAttribute}, a double-quoted attribute value: the same, and {@code "} as
   * {@code &quot;}. A surrogate at either end is not paired with one outside.
   */
  static void appendEscaped(StringBuilder out, String text, int from, int to,
      boolean inAttribute) {
    int first = firstToEscape(text, from, to, inAttribute);
    if (first < 0) {
      out.append(text, from, to);
      return;
    }
    out.append(text, from, first);
    appendFrom(out, text, first, to, inAttribute);
  }

  private static void appendFrom(StringBuilder out, String text, int from, int to,
      boolean inAttribute) {
    int i = from;
    while (i < to) {
      int cp = codePointAt(text, i, to);
      int width = Character.charCount(cp);
      switch (cp) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case 0xA0 -> out.append("&nbsp;");
        default -> {
          if (cp == '"' && inAttribute) {
            out.append("&quot;");
          } else if (needsReference(cp)) {
            out.append("&#x").append(Integer.toHexString(cp)).append(';');
          } else {
            out.appendCodePoint(cp);
          }
        }
      }
      i += width;
    }
  }

  private static int firstToEscape(String text, int from, int to, boolean inAttribute) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c == '&' || c == '<' || c == '>' || c == 0xA0 || (c == '"' && inAttribute)
          || (c < 0x20 && c != '\t' && c != '\n' && c != '\r')) {
        return i;
      }
      if (Character.isSurrogate(c)) {
        int cp = codePointAt(text, i, to);
        if (needsReference(cp)) {
          return i;
        }
        i += Character.charCount(cp) - 1; // an emoji and the like: kept as it is
      }
    }
    return -1;
  }

  /** The code point at {@code i}, not pairing a surrogate with one at or past {@code to}. */
  private static int codePointAt(String text, int i, int to) {
    char c = text.charAt(i);
    if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(text.charAt(i + 1))) {
      return Character.toCodePoint(c, text.charAt(i + 1));
    }
    return c;
  }

  /**
   * Written as a numeric reference by jsoup: a control character other than tab, line feed or
   * carriage return; an unpaired surrogate; and, as jsoup tests the code point cut to 16 bits,
   * a supplementary character whose low 16 bits fall in the surrogate range (U+1D800–U+1DFFF
   * and the like).
   */
  private static boolean needsReference(int cp) {
    if (cp < 0x20) {
      return cp != '\t' && cp != '\n' && cp != '\r';
    }
    return Character.isSurrogate((char) cp);
  }
}
