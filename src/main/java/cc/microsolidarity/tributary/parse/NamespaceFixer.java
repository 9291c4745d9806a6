package cc.microsolidarity.tributary.parse;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdom2.Attribute;
import org.jdom2.Element;
import org.jdom2.IllegalAddException;
import org.jdom2.Namespace;

/**
 * Maps misspelled namespace URIs that real feeds use onto the right ones, so both ROME and
 * our own readers see e.g. the iTunes tags of a feed that declared
 * {@code http://www.itunes.com/DTDs/Podcast-1.0.dtd}. Iterative: depth is not a risk here.
 */
final class NamespaceFixer {
  static final String ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd";
  static final String MEDIA = "http://search.yahoo.com/mrss/";
  static final String SY = "http://purl.org/rss/1.0/modules/syndication/";
  static final String DC = "http://purl.org/dc/elements/1.1/";
  static final String DCTERMS = "http://purl.org/dc/terms/";
  static final String CONTENT = "http://purl.org/rss/1.0/modules/content/";
  static final String ATOM = "http://www.w3.org/2005/Atom";

  private static final Map<String, String> ALIASES = Map.of(
      "http://purl.org/rss/1.0/modules/content", CONTENT,
      "http://purl.org/dc/elements/1.1", DC,
      "http://purl.org/dc/terms", DCTERMS,
      "http://www.w3.org/2005/atom/", ATOM,
      "http://search.yahoo.com/mrss", MEDIA,
      "http://purl.org/rss/1.0/modules/syndication", SY);

  private NamespaceFixer() {
  }

  /** Rewrites namespaces in place; returns how many elements changed. */
  static int fix(Element root) {
    int changed = 0;
    // A document names few namespaces: look each one up once.
    Map<String, String> seen = new HashMap<>();
    Deque<Element> todo = new ArrayDeque<>();
    todo.push(root);
    while (!todo.isEmpty()) {
      Element e = todo.pop();
      try {
        changed += fixOne(e, seen);
      } catch (IllegalAddException ex) {
        // A prefix collision we cannot untangle: leave this element as written.
      }
      for (int i = e.getContentSize() - 1; i >= 0; i--) {
        if (e.getContent(i) instanceof Element) {
          todo.push((Element) e.getContent(i));
        }
      }
    }
    return changed;
  }

  private static int fixOne(Element e, Map<String, String> seen) {
    List<Namespace> declared = e.getAdditionalNamespaces();
    if (!declared.isEmpty()) {
      for (Namespace ns : new ArrayList<>(declared)) {
        String canonical = canonical(ns.getURI(), seen);
        if (canonical != null) {
          e.removeNamespaceDeclaration(ns);
          e.addNamespaceDeclaration(Namespace.getNamespace(ns.getPrefix(), canonical));
        }
      }
    }
    if (e.hasAttributes()) {
      for (Attribute a : e.getAttributes()) {
        String canonical = canonical(a.getNamespaceURI(), seen);
        if (canonical != null) {
          a.setNamespace(Namespace.getNamespace(a.getNamespacePrefix(), canonical));
        }
      }
    }
    String canonical = canonical(e.getNamespaceURI(), seen);
    if (canonical == null) {
      return 0;
    }
    e.setNamespace(Namespace.getNamespace(e.getNamespacePrefix(), canonical));
    return 1;
  }

  /** {@link #canonical(String)}, remembered in {@code seen} ("" standing for null). */
  private static String canonical(String uri, Map<String, String> seen) {
    if (uri == null || uri.isEmpty()) {
      return null;
    }
    String fixed = seen.get(uri);
    if (fixed == null) {
      fixed = canonical(uri);
      seen.put(uri, fixed == null ? "" : fixed);
    }
    return fixed == null || fixed.isEmpty() ? null : fixed;
  }

  /** The right URI for a known misspelling, or null when {@code uri} is fine or unknown. */
  static String canonical(String uri) {
    if (uri == null || uri.isEmpty()) {
      return null;
    }
    String lower = uri.trim().toLowerCase(Locale.ROOT);
    if (lower.equals(ITUNES) || lower.equals(ITUNES + "/")) {
      return uri.equals(ITUNES) ? null : ITUNES;
    }
    String fixed = ALIASES.get(lower.equals("http://www.w3.org/2005/atom/") ? lower : uri.trim());
    return fixed != null && !fixed.equals(uri) ? fixed : null;
  }
}
