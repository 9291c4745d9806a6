package cc.microsolidarity.tributary.publish;

import java.io.ByteArrayOutputStream;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A small StAX writer for the hand-written XML outputs (podcast RSS, OPML): two-space
 * indentation, every string cleaned of characters XML forbids, escaping left to StAX. Not
 * thread-safe; one per document.
 */
final class XmlOut {
  private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 * 1024);
  private final XMLStreamWriter w;
  private int depth;
  private boolean hasChildren;

  XmlOut() {
    try {
      w = FACTORY.createXMLStreamWriter(bytes, "UTF-8");
      w.writeStartDocument("UTF-8", "1.0");
    } catch (XMLStreamException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Opens an element; follow with {@link #attr}/{@link #namespace} calls, then children. */
  XmlOut open(String name) {
    run(() -> {
      indent();
      w.writeStartElement(name);
    });
    depth++;
    hasChildren = false;
    return this;
  }

  XmlOut namespace(String prefix, String uri) {
    run(() -> w.writeNamespace(prefix, uri));
    return this;
  }

  /** An attribute on the element just opened; skipped when the value is null. */
  XmlOut attr(String name, String value) {
    if (value != null) {
      run(() -> w.writeAttribute(name, XmlText.clean(value)));
    }
    return this;
  }

  XmlOut close() {
    depth--;
    boolean indentEnd = hasChildren;
    run(() -> {
      if (indentEnd) {
        indent();
      }
      w.writeEndElement();
    });
    hasChildren = true;
    return this;
  }

  /** {@code <name attrs…>text</name>}, or nothing when text is null. */
  XmlOut element(String name, String text, String... attrs) {
    if (text == null) {
      return this;
    }
    run(() -> {
      indent();
      w.writeStartElement(name);
      for (int i = 0; i + 1 < attrs.length; i += 2) {
        if (attrs[i + 1] != null) {
          w.writeAttribute(attrs[i], XmlText.clean(attrs[i + 1]));
        }
      }
      w.writeCharacters(XmlText.clean(text));
      w.writeEndElement();
    });
    hasChildren = true;
    return this;
  }

  /** An empty element with attributes (pairs of name, value; null values skipped). */
  XmlOut empty(String name, String... attrs) {
    run(() -> {
      indent();
      w.writeEmptyElement(name);
      for (int i = 0; i + 1 < attrs.length; i += 2) {
        if (attrs[i + 1] != null) {
          w.writeAttribute(attrs[i], XmlText.clean(attrs[i + 1]));
        }
      }
    });
    hasChildren = true;
    return this;
  }

  byte[] finish() {
    run(() -> {
      w.writeCharacters("\n");
      w.writeEndDocument();
      w.close();
    });
    return bytes.toByteArray();
  }

  private void indent() throws XMLStreamException {
    w.writeCharacters("\n" + "  ".repeat(depth));
  }

  private interface XmlStep {
    void run() throws XMLStreamException;
  }

  private static void run(XmlStep step) {
    try {
      step.run();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("XML output failed: " + e.getMessage(), e);
    }
  }
}
