package cc.microsolidarity.tributary.parse;

import static cc.microsolidarity.tributary.parse.XmlElements.child;
import static cc.microsolidarity.tributary.parse.XmlElements.trimmed;

import java.time.Instant;
import java.util.List;
import org.jdom2.Content;
import org.jdom2.Element;

/**
 * An item's dates as {@link FeedDates} reads them from its own element: the first published
 * candidate that parses, and the first updated candidate that parses; either may be null.
 */
record ItemDates(Instant published, Instant updated) {
  // A null namespace means the item's own.
  private static final String[][] ATOM_PUBLISHED = {
      {null, "published"}, {null, "issued"}, {null, "created"}, {NamespaceFixer.DC, "date"}};
  private static final String[][] RSS_PUBLISHED = {
      {null, "pubDate"}, {NamespaceFixer.DC, "date"}};
  private static final String[][] UPDATED = {
      {null, "updated"}, {null, "modified"}, {NamespaceFixer.DCTERMS, "modified"}};

  static ItemDates read(Element el, boolean atom) {
    return new ItemDates(first(el, atom ? ATOM_PUBLISHED : RSS_PUBLISHED),
        first(el, UPDATED));
  }

  /**
   * Adds to {@code out} every child of {@code el} that ROME would parse only to supply a date
   * we already have: all published candidates once {@link #published} is known, all updated
   * ones once {@link #updated} is. ROME's published date comes only from published candidates
   * (pubDate, dc:date, Atom 1.0 published) and its updated date only from Atom 1.0 updated, so
   * hiding these changes nothing we read from ROME. Not for Atom 0.3, whose converter dates
   * an entry from its modified element too.
   */
  void elementsRomeNeedNotParse(Element el, boolean atom, List<Element> out) {
    if (published == null && updated == null) {
      return;
    }
    String own = el.getNamespaceURI();
    List<Content> content = el.getContent();
    for (int i = 0, n = content.size(); i < n; i++) {
      if (content.get(i) instanceof Element) {
        Element c = (Element) content.get(i);
        if (published != null && matches(c, own, atom ? ATOM_PUBLISHED : RSS_PUBLISHED)
            || updated != null && matches(c, own, UPDATED)) {
          out.add(c);
        }
      }
    }
  }

  private static boolean matches(Element c, String own, String[][] candidates) {
    String name = c.getName();
    for (String[] k : candidates) {
      if (k[1].equals(name) && c.getNamespaceURI().equals(k[0] == null ? own : k[0])) {
        return true;
      }
    }
    return false;
  }

  private static Instant first(Element el, String[][] candidates) {
    String own = el.getNamespaceURI();
    for (String[] c : candidates) {
      Instant t = FeedDates.parse(trimmed(child(el, c[0] == null ? own : c[0], c[1])));
      if (t != null) {
        return t;
      }
    }
    return null;
  }
}
