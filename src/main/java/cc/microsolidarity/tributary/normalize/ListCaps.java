package cc.microsolidarity.tributary.normalize;

import java.util.List;

/**
 * Keeps one item's lists from swelling every output and the store, as {@link HtmlSizeCap} does
 * its HTML. Real items carry a handful of categories (the corpus: at most 6; a busy blog's tags,
 * a few dozen), one enclosure (at most 4) and one or two authors; a feed that lists 100,000
 * categories on an item would put them in each page of the merged feed for every subscriber, and
 * each enclosure is an identity key to store and look up. Past the cap the rest are dropped,
 * in document order; within it nothing changes, so no stored item's content looks updated.
 */
final class ListCaps {
  static final int MAX_CATEGORIES = 100;
  /** A category's characters, as for a title (a tag is a word or a few). */
  static final int MAX_CATEGORY_LENGTH = TitleCleaner.MAX_LENGTH;
  static final int MAX_ENCLOSURES = 20;
  static final int MAX_AUTHORS = 20;

  private ListCaps() {}

  static List<String> categories(List<String> categories) {
    List<String> kept = first(categories, MAX_CATEGORIES);
    if (kept.stream().allMatch(c -> c.length() <= MAX_CATEGORY_LENGTH)) {
      return kept; // an Item's lists hold no nulls
    }
    return kept.stream().map(c -> TitleCleaner.shorten(c, MAX_CATEGORY_LENGTH)).toList();
  }

  static <T> List<T> first(List<T> list, int max) {
    return list.size() <= max ? list : list.subList(0, max);
  }
}
