package cc.microsolidarity.tributary.parse;

import java.io.IOException;
import java.io.StringReader;
import java.util.function.Supplier;
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
  /** The meter of the document this thread is reading (the reader is made once per thread). */
  private final ThreadLocal<HeapMeter> meters = new ThreadLocal<>();

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

  Document read(String text) throws JDOMException, IOException {
    meters.set(new HeapMeter(text, treeBudgetBytes, TreeBudget.ELEMENT_BYTES));
    try {
      return builders.get().build(new InputSource(new StringReader(text)));
    } finally {
      meters.remove();
    }
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
        return new TreeBudget(new ExternalEntityGuard(reader), meters::get);
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
   * Stops a document before it outgrows the heap ({@link HeapMeter}): each element, with its
   * text node and what ROME and the poll make of it, takes ~300 bytes, and 100,000 short items
   * in 12.7 MB needed ~156 MB. Past the budget the parse ends in {@link TooLarge}, so one
   * source's feed never takes the heap from the daemon's other threads.
   */
  private static final class TreeBudget extends XMLFilterImpl {
    static final long ELEMENT_BYTES = 300;
    static final long ATTRIBUTE_BYTES = 100;

    private final Supplier<HeapMeter> current;
    private HeapMeter meter;

    TreeBudget(XMLReader parent, Supplier<HeapMeter> current) {
      super(parent);
      this.current = current;
    }

    @Override
    public void parse(InputSource input) throws SAXException, IOException {
      meter = current.get();
      super.parse(input);
    }

    @Override
    public void startElement(String uri, String localName, String qName,
        Attributes atts) throws SAXException {
      if (meter.part(atts.getLength() * ATTRIBUTE_BYTES)) {
        throw new TooLarge(meter.tooLarge("elements"));
      }
      super.startElement(uri, localName, qName, atts);
    }

    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
      meter.text(length);
      super.characters(ch, start, length);
    }
  }

  /** A document past the heap budget, and what to report of it. */
  static final class TooLarge extends SAXException {
    final transient ParseResult.Failed failure;

    TooLarge(ParseResult.Failed failure) {
      super("document too large for the heap");
      this.failure = failure;
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
