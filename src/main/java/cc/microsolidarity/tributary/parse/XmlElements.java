package cc.microsolidarity.tributary.parse;

import java.util.ArrayList;
import java.util.List;
import org.jdom2.CDATA;
import org.jdom2.Content;
import org.jdom2.Element;
import org.jdom2.Text;
import org.jdom2.output.Format;
import org.jdom2.output.XMLOutputter;

/**
 * Small null-safe look-ups on JDOM elements, matched by namespace URI and local name. They walk
 * the content list by index: JDOM's filtered {@code getChildren()} views re-scan on every step.
 */
final class XmlElements {
  private XmlElements() {
  }

  /** First child named {@code local} in namespace {@code ns}, or null. */
  static Element child(Element parent, String ns, String local) {
    if (parent == null) {
      return null;
    }
    for (int i = 0, n = parent.getContentSize(); i < n; i++) {
      if (parent.getContent(i) instanceof Element) {
        Element c = (Element) parent.getContent(i);
        if (c.getName().equals(local) && c.getNamespaceURI().equals(ns)) {
          return c;
        }
      }
    }
    return null;
  }

  /** Every child named {@code local} in namespace {@code ns}. */
  static List<Element> children(Element parent, String ns, String local) {
    List<Element> out = new ArrayList<>();
    if (parent != null) {
      for (int i = 0, n = parent.getContentSize(); i < n; i++) {
        if (parent.getContent(i) instanceof Element) {
          Element c = (Element) parent.getContent(i);
          if (c.getName().equals(local) && c.getNamespaceURI().equals(ns)) {
            out.add(c);
          }
        }
      }
    }
    return out;
  }

  /** Trimmed text of the first such child; null when absent or blank. */
  static String text(Element parent, String ns, String local) {
    return trimmed(child(parent, ns, local));
  }

  static String trimmed(Element e) {
    if (e == null) {
      return null;
    }
    String t = e.getText().trim();
    return t.isEmpty() ? null : t;
  }

  static boolean hasChildElement(Element e) {
    for (int i = 0, n = e.getContentSize(); i < n; i++) {
      if (e.getContent(i) instanceof Element) {
        return true;
      }
    }
    return false;
  }

  static String attribute(Element e, String name) {
    if (e == null) {
      return null;
    }
    String v = e.getAttributeValue(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  /**
   * The HTML an element holds. Usually that is its text (escaped or CDATA HTML); when a feed
   * put raw markup in it, the elements are serialised back while text and CDATA stay HTML
   * source, which is what the author meant.
   */
  static String html(Element e) {
    if (e == null) {
      return null;
    }
    if (!hasChildElement(e)) {
      String t = e.getText();
      return t.isBlank() ? null : t.trim();
    }
    XMLOutputter out = new XMLOutputter(Format.getRawFormat().setOmitDeclaration(true));
    StringBuilder html = new StringBuilder();
    for (Content c : e.getContent()) {
      if (c instanceof CDATA || c instanceof Text) {
        html.append(((Text) c).getText());
      } else if (c instanceof Element) {
        html.append(out.outputString((Element) c));
      }
    }
    String s = html.toString().trim();
    return s.isEmpty() ? null : s;
  }
}
