package cc.microsolidarity.tributary.parse;

import java.util.ArrayList;
import java.util.List;
import org.jdom2.Element;

/**
 * Keeps ROME from parsing dates we never read from it. ROME tries dozens of SimpleDateFormat
 * masks per date (its largest cost per item), while {@link FeedDates} reads the same elements
 * itself. Hidden elements are renamed, not removed, so restoring them is exact: same place,
 * same namespace, same content. Not thread-safe: one per parse.
 */
final class RomeDateHider implements AutoCloseable {
  /** No XML name a feed format or ROME module defines (the dot keeps it out of RSS's names). */
  private static final String HIDDEN = "tributary.hidden-date";

  private final List<Element> hidden = new ArrayList<>();
  private final List<String> names = new ArrayList<>();

  void hide(Element e) {
    names.add(e.getName());
    hidden.add(e);
    e.setName(HIDDEN);
  }

  void hideAll(List<Element> elements) {
    for (Element e : elements) {
      hide(e);
    }
  }

  /** Gives every hidden element back its name. */
  @Override
  public void close() {
    for (int i = 0; i < hidden.size(); i++) {
      hidden.get(i).setName(names.get(i));
    }
    hidden.clear();
    names.clear();
  }
}
