package cc.microsolidarity.tributary.parse;

import java.io.IOException;
import java.io.StringReader;
import java.util.function.LongSupplier;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import org.jdom2.Document;
import org.jdom2.JDOMException;
import org.jdom2.UncheckedJDOMFactory;
import org.jdom2.input.SAXBuilder;
import org.jdom2.input.sax.XMLReaderJDOMFactory;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXNotRecognizedException;
import org.xml.sax.SAXNotSupportedException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.XMLFilterImpl;

/**
 * Builds a JDOM document from text with a parser that never reads anything but that text: a
 * DOCTYPE is accepted (RSS 0.91 feeds carry Netscape's) but its external subset is not loaded,
 * external general and parameter entities are not resolved (and a resolver that answers
 * every request with nothing stands behind that), and the JDK's secure-processing limits cap
 * entity expansion, entity sizes and element depth, so a hostile document costs bounded time
 * and memory and ends in a {@link JDOMException}. Thread-safe: each thread gets its own
 * builder (SAXBuilder is not shareable); the factory is configured once, never mutated after.
 */
final class SecureXmlReader {
  static final int MAX_ELEMENT_DEPTH = 1000;
  private static final String JDK = "http://www.oracle.com/xml/jaxp/properties/";

  private final ThreadLocal<SAXBuilder> builders = ThreadLocal.withInitial(this::newBuilder);
  private final SAXParserFactory factory;
  private final long treeBudgetBytes;
  /** What the document being read already holds in the heap (its text and its body). */
  private final ThreadLocal<long[]> held = ThreadLocal.withInitial(() -> new long[1]);

  /** {@code treeBudgetBytes}: what one document may take in the heap, itself included. */
  SecureXmlReader(long treeBudgetBytes) {
    this.treeBudgetBytes = treeBudgetBytes;
    factory = SAXParserFactory.newDefaultInstance();
    factory.setNamespaceAware(true);
    factory.setValidating(false);
    factory.setXIncludeAware(false);
    try {
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
      factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    } catch (ParserConfigurationException | SAXException e) {
      throw new IllegalStateException("XML parser lacks a required security feature", e);
    }
  }

  /** {@code heldBytes}: what the document already takes (see {@link TreeBudget}). */
  Document read(String text, long heldBytes) throws JDOMException, IOException {
    held.get()[0] = heldBytes;
    return builders.get().build(new InputSource(new StringReader(text)));
  }

  private SAXBuilder newBuilder() {
    SAXBuilder builder = new SAXBuilder(new Readers());
    builder.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
    builder.setExpandEntities(true);
    builder.setReuseParser(true);
    // The parser has already checked every name and character; JDOM's default factory checked
    // them all again, a tenth of parsing. (What XML 1.1 allows and 1.0 does not, FeedParser
    // repairs away before the parser sees it.)
    builder.setJDOMFactory(new UncheckedJDOMFactory());
    return builder;
  }

  private final class Readers implements XMLReaderJDOMFactory {
    @Override
    public XMLReader createXMLReader() throws JDOMException {
      try {
        XMLReader reader;
        synchronized (factory) {
          reader = factory.newSAXParser().getXMLReader();
        }
        reader.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        reader.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        limit(reader, "entityExpansionLimit", "2000");
        limit(reader, "totalEntitySizeLimit", "1000000");
        limit(reader, "maxGeneralEntitySizeLimit", "100000");
        limit(reader, "maxParameterEntitySizeLimit", "100000");
        limit(reader, "maxElementDepth", Integer.toString(MAX_ELEMENT_DEPTH));
        return new TreeBudget(new ExternalEntityGuard(reader), treeBudgetBytes,
            () -> held.get()[0]);
      } catch (ParserConfigurationException | SAXException e) {
        throw new JDOMException("cannot create a secure XML parser", e);
      }
    }

    @Override
    public boolean isValidating() {
      return false;
    }
  }

  /**
   * JDOM's SAXBuilder switches external general entities back on when it expands entities;
   * this filter refuses that (and any other attempt) so the parser's setting stays off.
   */
  private static final class ExternalEntityGuard extends XMLFilterImpl {
    ExternalEntityGuard(XMLReader parent) {
      super(parent);
    }

    @Override
    public void setFeature(String name, boolean value)
        throws SAXNotRecognizedException, SAXNotSupportedException {
      if (value && (name.endsWith("/external-general-entities")
          || name.endsWith("/external-parameter-entities")
          || name.endsWith("/load-external-dtd"))) {
        return;
      }
      super.setFeature(name, value);
    }
  }

  /**
   * Stops a document before it outgrows the heap. What a document takes is its text and body
   * (held before parsing starts), its element count (each element, with its text node and what
   * ROME and the poll make of it, ~300 bytes) and its text once more in the tree: 100,000 short
   * items in 12.7 MB needed ~156 MB of heap. Past the budget the parse ends in {@link
   * TooLarge}, so one source's feed never takes the heap from the daemon's other threads.
   */
  private static final class TreeBudget extends XMLFilterImpl {
    static final long ELEMENT_BYTES = 300;
    static final long ATTRIBUTE_BYTES = 100;

    private final long budget;
    private final LongSupplier heldNow;
    private long held;
    private long elements;
    private long attributes;
    private long chars;

    TreeBudget(XMLReader parent, long budget, LongSupplier heldNow) {
      super(parent);
      this.budget = budget;
      this.heldNow = heldNow;
    }

    @Override
    public void parse(InputSource input) throws SAXException, IOException {
      held = heldNow.getAsLong(); // the reader is reused for every document a thread parses
      elements = 0;
      attributes = 0;
      chars = 0;
      super.parse(input);
    }

    @Override
    public void startElement(String uri, String localName, String qName,
        Attributes atts) throws SAXException {
      attributes += atts.getLength();
      if ((++elements & 255) == 0 && estimate() > budget) {
        throw new TooLarge(elements, estimate(), budget);
      }
      super.startElement(uri, localName, qName, atts);
    }

    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
      chars += length;
      super.characters(ch, start, length);
    }

    private long estimate() {
      return held + elements * ELEMENT_BYTES + attributes * ATTRIBUTE_BYTES + chars;
    }
  }

  /** A document past the heap budget: how far the parse got, and what that would take. */
  static final class TooLarge extends SAXException {
    final long elements;
    final long bytes;
    final long budget;

    TooLarge(long elements, long bytes, long budget) {
      super("document too large for the heap");
      this.elements = elements;
      this.bytes = bytes;
      this.budget = budget;
    }
  }

  private static void limit(XMLReader reader, String name, String value) {
    try {
      reader.setProperty(JDK + name, value);
    } catch (SAXNotRecognizedException | SAXNotSupportedException e) {
      // An older or other JDK parser: secure processing's defaults still apply.
    }
  }
}
