package cc.microsolidarity.tributary.normalize;

import cc.microsolidarity.tributary.model.Item;
import cc.microsolidarity.tributary.model.Source;
import cc.microsolidarity.tributary.model.SourceKind;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;

/**
 * Keeps what a source may contribute. A {@code search} source keeps only items carrying
 * {@code #hashtag}: in the title, in the text of the content or summary HTML, or as a category
 * equal to the tag with or without {@code #}; case-insensitive; the tag must end there
 * ({@code #microsolidarityX} and {@code #microsolidarity_x} do not count, {@code
 * #microsolidarity.} does). {@code include} (any keyword must occur) and {@code exclude} (none
 * may occur) apply to any source: case-insensitive whole words (or phrases) over title, text
 * and categories. Thread-safe.
 */
public final class ItemFilter {
  /** Letters, digits and underscore continue a word or a hashtag (as Mastodon's parser). */
  private static final String WORD = "[\\p{L}\\p{N}_]";

  private final String tag;
  private final Pattern hashtag;
  /** Compiled keyword patterns, by stripped keyword; filled as sources ask. */
  private final Map<String, Pattern> keywords = new ConcurrentHashMap<>();

  /** {@code hashtag} with or without its {@code #}; null or blank keeps every search item. */
  public ItemFilter(String hashtag) {
    String t = hashtag == null ? "" : hashtag.strip();
    this.tag = t.startsWith("#") ? t.substring(1) : t;
    this.hashtag = tag.isEmpty() ? null : Pattern.compile(
        "(?<!" + WORD + ")#" + Pattern.quote(tag) + "(?!" + WORD + ")",
        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }

  public boolean accepts(Source source, Item item) {
    boolean needsTag = source.kind() == SourceKind.SEARCH && hashtag != null;
    if (!needsTag && source.include().isEmpty() && source.exclude().isEmpty()) {
      return true; // nothing to check: the item's text is never built
    }
    String text = null;
    if (needsTag && !categoryCarriesTag(item)) {
      text = text(item);
      if (!hashtag.matcher(text).find()) {
        return false;
      }
    }
    if (source.include().isEmpty() && source.exclude().isEmpty()) {
      return true;
    }
    String words = text == null ? text(item) : text;
    if (!source.include().isEmpty()
        && source.include().stream().noneMatch(k -> containsWord(words, k))) {
      return false;
    }
    return source.exclude().stream().noneMatch(k -> containsWord(words, k));
  }

  private boolean categoryCarriesTag(Item item) {
    for (String c : item.categories()) {
      String cat = c == null ? "" : c.strip();
      cat = cat.startsWith("#") ? cat.substring(1) : cat;
      if (cat.equalsIgnoreCase(tag)) {
        return true;
      }
    }
    return false;
  }

  private boolean containsWord(String text, String keyword) {
    String k = keyword == null ? "" : keyword.strip();
    if (k.isEmpty()) {
      return false;
    }
    return keywords.computeIfAbsent(k, ItemFilter::wordPattern).matcher(text).find();
  }

  private static Pattern wordPattern(String k) {
    String phrase = Pattern.quote(k.toLowerCase(Locale.ROOT)).replaceAll("\\s+", "\\\\E\\\\s+\\\\Q");
    return Pattern.compile("(?<!" + WORD + ")" + phrase + "(?!" + WORD + ")",
        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }

  /** Title, HTML text and categories, one per line so words never join across fields. */
  private static String text(Item item) {
    StringBuilder sb = new StringBuilder();
    append(sb, item.title());
    append(sb, htmlText(item.summaryHtml()));
    append(sb, htmlText(item.contentHtml()));
    List<String> categories = item.categories();
    categories.forEach(c -> append(sb, c));
    return sb.toString();
  }

  private static String htmlText(String html) {
    return html == null || html.isBlank() ? null : Jsoup.parseBodyFragment(html).text();
  }

  private static void append(StringBuilder sb, String s) {
    if (s != null && !s.isBlank()) {
      sb.append(s).append('\n');
    }
  }
}
