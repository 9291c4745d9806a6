package cc.microsolidarity.tributary.parse;

import com.rometools.modules.mediarss.io.RSS20YahooParser;
import com.rometools.rome.feed.WireFeed;
import com.rometools.rome.feed.module.Extendable;
import com.rometools.rome.feed.module.Module;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.WireFeedParser;
import com.rometools.rome.io.impl.Atom03Parser;
import com.rometools.rome.io.impl.Atom10Parser;
import com.rometools.rome.io.impl.DCModuleParser;
import com.rometools.rome.io.impl.FeedParsers;
import com.rometools.rome.io.impl.PropertiesLoader;
import com.rometools.rome.io.impl.RSS090Parser;
import com.rometools.rome.io.impl.RSS091NetscapeParser;
import com.rometools.rome.io.impl.RSS091UserlandParser;
import com.rometools.rome.io.impl.RSS092Parser;
import com.rometools.rome.io.impl.RSS093Parser;
import com.rometools.rome.io.impl.RSS094Parser;
import com.rometools.rome.io.impl.RSS10Parser;
import com.rometools.rome.io.impl.RSS20Parser;
import com.rometools.rome.io.impl.RSS20wNSParser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.Namespace;

/**
 * Reads a document into ROME's wire feed the way {@code WireFeedInput.build(Document)} does
 * (same parser choice, same parsers), except that entries get only the one module
 * {@link RomeFeedAdapter} reads through ROME: Dublin Core (authors, categories, dates). The
 * dozen other item module parsers rome-modules registers (iTunes, Media RSS, content, GeoRSS,
 * ...) each scanned every entry's children and built modules nobody read, since the adapter
 * takes those values from the entry's XML itself; with foreign markup (never read either) that
 * was about a fifth of all parsing. Feed-level modules are left as ROME configures them.
 * Thread-safe: ROME's parsers are stateless once built.
 */
final class RomeWireReader {
  private static final String DC_PARSER = DCModuleParser.class.getName();

  private final FeedParsers rome = new FeedParsers();
  private final Map<Class<?>, WireFeedParser> lean = Map.ofEntries(
      Map.entry(RSS090Parser.class, new Rss090()),
      Map.entry(RSS091NetscapeParser.class, new Rss091Netscape()),
      Map.entry(RSS091UserlandParser.class, new Rss091Userland()),
      Map.entry(RSS092Parser.class, new Rss092()),
      Map.entry(RSS093Parser.class, new Rss093()),
      Map.entry(RSS094Parser.class, new Rss094()),
      Map.entry(RSS10Parser.class, new Rss10()),
      Map.entry(RSS20wNSParser.class, new Rss20wNs()),
      Map.entry(RSS20Parser.class, new Rss20()),
      Map.entry(RSS20YahooParser.class, new Rss20Yahoo()),
      Map.entry(Atom10Parser.class, new Atom10()),
      Map.entry(Atom03Parser.class, new Atom03()));

  /** The wire feed; IllegalArgumentException when no ROME parser takes the document. */
  WireFeed read(Document document) throws FeedException {
    WireFeedParser chosen = rome.getParserFor(document);
    if (chosen == null) {
      throw new IllegalArgumentException("Invalid document");
    }
    // A parser we have no lean twin for (another module's) runs as ROME configured it.
    WireFeedParser parser = lean.getOrDefault(chosen.getClass(), chosen);
    return parser.parse(document, false, Locale.US);
  }

  /** The Dublin Core part of ROME's item modules for one feed type. */
  private static final class DcItems {
    private final DCModuleParser dc;

    DcItems(String feedType) {
      String[] configured = PropertiesLoader.getPropertiesLoader()
          .getTokenizedProperty(feedType + ".item.ModuleParser.classes", ", ");
      dc = configured != null && Arrays.asList(configured).contains(DC_PARSER)
          ? new DCModuleParser() : null;
    }

    /**
     * What ROME's ModuleParsers would return, minus every module but Dublin Core. The DC
     * parser looks its fifteen element names up one by one among the item's children; it is
     * handed copies of just the DC children, which give it the same answers for less search.
     */
    List<Module> parse(Element item, Locale locale) {
      if (dc == null) {
        return null;
      }
      String uri = dc.getNamespaceUri();
      Element only = null;
      for (int i = 0, n = item.getContentSize(); i < n; i++) {
        if (item.getContent(i) instanceof Element
            && ((Element) item.getContent(i)).getNamespaceURI().equals(uri)) {
          if (only == null) {
            only = new Element(item.getName(), item.getNamespace());
          }
          only.addContent(((Element) item.getContent(i)).clone());
        }
      }
      if (only == null) {
        return null;
      }
      Module m = dc.parse(only, locale);
      if (m == null) {
        return null;
      }
      List<Module> out = new ArrayList<>(1);
      out.add(m);
      return out;
    }
  }

  // One twin per ROME parser: same type, same parsing, lean item modules, no foreign markup.

  private static final class Rss090 extends RSS090Parser {
    private final DcItems items = new DcItems(getType());

    @Override
    protected List<Module> parseItemModules(Element e, Locale l) {
      return items.parse(e, l);
    }

    @Override
    protected List<Element> extractForeignMarkup(Element e, Extendable x, Namespace ns) {
      return new ArrayList<>();
    }
  }

  private static final class Rss091Netscape extends RSS091NetscapeParser {
    private final DcItems items = new DcItems(getType());

    @Override
    protected List<Module> parseItemModules(Element e, Locale l) {
      return items.parse(e, l);
    }

    @Override
    protected List<Element> extractForeignMarkup(Element e, Extendable x, Namespace ns) {
      return new ArrayList<>();
    }
  }

  private static final class Rss091Userland extends RSS091UserlandParser {
    private final DcItems items = new DcItems(getType());

    @Override
    protected List<Module> parseItemModules(Element e, Locale l) {
      return items.parse(e, l);
    }

    @Override
    protected List<Element> extractForeignMarkup(Element e, Extendable x, Namespace ns) {
      return new ArrayList<>();
    }
  }

  private static final class Rss092 extends RSS092Parser {
    private final DcItems items = new DcItems(getType());

    @Override
    protected List<Module> parseItemModules(Element e, Locale l) {
      return items.parse(e, l);
    }

    @Override
    protected List<Element> extractForeignMarkup(Element e, Extendable x, Namespace ns) {
      return new ArrayList<>();
    }
  }

  private static final class Rss093 extends RSS093Parser {
    private final DcItems items = new DcItems(getType());

    @Override
    protected List<Module> parseItemModules(Element e, Locale l) {
      return items.parse(e, l);
    }

    @Override
    protected List<Element> extractForeignMarkup(Element e, Extendable x, Namespace ns) {
      return new ArrayList<>();
    }
  }

  private static final class Rss094 extends RSS094Parser {
    private final DcItems items = new DcItems(getType());

    @Override
    protected List<Module> parseItemModules(Element e, Locale l) {
      return items.parse(e, l);
    }

    @Override
    protected List<Element> extractForeignMarkup(Element e, Extendable x, Namespace ns) {
      return new ArrayList<>();
    }
  }

  private static final class Rss10 extends RSS10Parser {
    private final DcItems items = new DcItems(getType());

    @Override
    protected List<Module> parseItemModules(Element e, Locale l) {
      return items.parse(e, l);
    }

    @Override
    protected List<Element> extractForeignMarkup(Element e, Extendable x, Namespace ns) {
      return new ArrayList<>();
    }
  }

  private static final class Rss20wNs extends RSS20wNSParser {
    private final DcItems items = new DcItems(getType());

    @Override
    protected List<Module> parseItemModules(Element e, Locale l) {
      return items.parse(e, l);
    }

    @Override
    protected List<Element> extractForeignMarkup(Element e, Extendable x, Namespace ns) {
      return new ArrayList<>();
    }
  }

  private static final class Rss20 extends RSS20Parser {
    private final DcItems items = new DcItems(getType());

    @Override
    protected List<Module> parseItemModules(Element e, Locale l) {
      return items.parse(e, l);
    }

    @Override
    protected List<Element> extractForeignMarkup(Element e, Extendable x, Namespace ns) {
      return new ArrayList<>();
    }
  }

  private static final class Rss20Yahoo extends RSS20YahooParser {
    private final DcItems items = new DcItems(getType());

    @Override
    protected List<Module> parseItemModules(Element e, Locale l) {
      return items.parse(e, l);
    }

    @Override
    protected List<Element> extractForeignMarkup(Element e, Extendable x, Namespace ns) {
      return new ArrayList<>();
    }
  }

  private static final class Atom10 extends Atom10Parser {
    private final DcItems items = new DcItems(getType());

    @Override
    protected List<Module> parseItemModules(Element e, Locale l) {
      return items.parse(e, l);
    }

    @Override
    protected List<Element> extractForeignMarkup(Element e, Extendable x, Namespace ns) {
      return new ArrayList<>();
    }
  }

  private static final class Atom03 extends Atom03Parser {
    private final DcItems items = new DcItems(getType());

    @Override
    protected List<Module> parseItemModules(Element e, Locale l) {
      return items.parse(e, l);
    }

    @Override
    protected List<Element> extractForeignMarkup(Element e, Extendable x, Namespace ns) {
      return new ArrayList<>();
    }
  }
}
