package cc.microsolidarity.tributary.parse;

import cc.microsolidarity.tributary.model.ParsedFeed;
import com.rometools.rome.io.FeedException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.JDOMException;
import org.jdom2.input.JDOMParseException;

/**
 * Bytes + Content-Type in, a {@link ParsedFeed} out: the one door to parsing. Sniffs JSON Feed
 * versus XML, decodes the bytes ({@link BodyDecoder}), applies lenient repairs
 * ({@link XmlTextRepair}), parses with a hardened parser ({@link SecureXmlReader}) and hands
 * the tree to ROME ({@link RomeFeedAdapter}). Every recovery is listed in the feed's warnings.
 *
 * <p>Thread-safe: one instance serves all poll threads. Never throws for any input: a bad or
 * hostile document is a {@link ParseResult.Failed} with a short human message.
 */
public final class FeedParser {
  private static final Pattern LOOKS_LIKE_HTML = Pattern.compile(
      "(?is)^\\s*(?:<!--.*?-->\\s*)*<(?:!doctype\\s+html|html[\\s>]|head[\\s>]|body[\\s>]|title[\\s>])");
  private static final int MAX_SEARCH_ELEMENTS = 50_000;
  /** The fetcher's default cap on a body; a gzip body inside one inflates no further. */
  public static final long DEFAULT_MAX_BODY_BYTES = 16L * 1024 * 1024;
  /** A body compressed more times than this is no accident. */
  private static final int MAX_GZIP_LAYERS = 3;

  private final BodyDecoder decoder = new BodyDecoder();
  private final XmlTextRepair repair = new XmlTextRepair(new HtmlEntities());
  private final SecureXmlReader xml;
  private final RomeFeedAdapter rome = new RomeFeedAdapter();
  private final JsonFeedReader json;
  private final long maxBodyBytes;

  public FeedParser() {
    this(DEFAULT_MAX_BODY_BYTES);
  }

  /** {@code maxBodyBytes}: how far a body that is itself gzip may inflate (the fetch cap). */
  public FeedParser(long maxBodyBytes) {
    // Half the heap for one document, itself included: the rest is the daemon's other work's
    // (with 60 %, a daemon of -Xmx96m that was publishing ran out of memory now and then).
    this(maxBodyBytes, Runtime.getRuntime().maxMemory() / 2);
  }

  /** {@code treeBudgetBytes}: what one document may take once parsed (see SecureXmlReader). */
  FeedParser(long maxBodyBytes, long treeBudgetBytes) {
    this.maxBodyBytes = maxBodyBytes;
    this.xml = new SecureXmlReader(treeBudgetBytes);
    this.json = new JsonFeedReader(treeBudgetBytes);
  }

  public ParseResult parse(byte[] body, String contentType, URI documentUrl) {
    try {
      return parseOrFail(body == null ? new byte[0] : body, contentType, documentUrl);
    } catch (RuntimeException | StackOverflowError | IOException e) {
      // ROME and its modules throw unchecked exceptions on odd input; none may escape.
      return new ParseResult.Failed("parser error: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())));
    }
  }

  private ParseResult parseOrFail(byte[] body, String contentType, URI documentUrl)
      throws IOException {
    List<String> warnings = new ArrayList<>();
    for (int layer = 1; GzipBody.is(body); layer++) {
      if (layer > MAX_GZIP_LAYERS) {
        return new ParseResult.Failed("not a feed: gzip compressed more than "
            + MAX_GZIP_LAYERS + " times");
      }
      try {
        body = GzipBody.inflate(body, maxBodyBytes);
      } catch (IOException e) {
        return new ParseResult.Failed("damaged gzip body: " + firstLine(e.getMessage()));
      }
      if (body == null) {
        return new ParseResult.Failed("gzip body inflates past " + maxBodyBytes / (1024 * 1024)
            + " MiB");
      }
      if (layer == 1) {
        warnings.add("inflated a body that was still gzip-compressed");
      }
    }
    if (isBlank(body)) {
      return new ParseResult.Failed("empty document");
    }
    if (looksLikeJson(body, contentType)) {
      String text = new String(body, StandardCharsets.UTF_8);
      if (text.startsWith("\uFEFF")) {
        warnings.add("stripped UTF-8 BOM");
        text = text.substring(1);
      }
      String[] failure = new String[1];
      ParsedFeed feed = json.read(text, documentUrl, warnings, failure);
      return feed == null ? new ParseResult.Failed(failure[0]) : new ParseResult.Parsed(feed);
    }
    String text = XmlTextRepair.stripLeadingJunk(decoder.decode(body, contentType, warnings),
        warnings);
    Document document;
    try {
      document = read(text, warnings);
    } catch (JDOMException e) {
      SecureXmlReader.TooLarge tooLarge = tooLarge(e);
      if (tooLarge != null) {
        return tooLarge.failure;
      }
      if (!(e instanceof JDOMParseException at)) {
        return new ParseResult.Failed("XML error: " + firstLine(causeMessage(e)));
      }
      if (LOOKS_LIKE_HTML.matcher(text).lookingAt()) {
        return new ParseResult.Failed(FeedLinks.notAFeed(text, documentUrl));
      }
      return new ParseResult.Failed("XML error at " + at.getLineNumber() + ":"
          + at.getColumnNumber() + ": " + firstLine(causeMessage(e)));
    }
    Element feedRoot = findFeedRoot(document.getRootElement());
    if (feedRoot == null) {
      String root = document.getRootElement().getName().toLowerCase(Locale.ROOT);
      return new ParseResult.Failed(root.equals("html") ? FeedLinks.notAFeed(text, documentUrl)
          : "not a feed: root element <" + document.getRootElement().getName() + ">");
    }
    if (feedRoot != document.getRootElement()) {
      warnings.add("read the feed nested inside <" + document.getRootElement().getName() + ">");
      feedRoot.detach();
      document = new Document(feedRoot);
    }
    if (NamespaceFixer.fix(feedRoot) > 0) {
      warnings.add("corrected misspelled namespace URIs");
    }
    try {
      return new ParseResult.Parsed(rome.adapt(document, documentUrl, warnings));
    } catch (FeedException e) {
      return new ParseResult.Failed("not a feed: " + firstLine(e.getMessage()));
    } catch (IllegalArgumentException e) {
      return new ParseResult.Failed("not a feed: unsupported document <" + feedRoot.getName()
          + ">");
    }
  }

  /**
   * Reads the text as it stands when the strict parser accepts it, as it does most feeds: the
   * repair pass over every character cost a fifth of parsing. Only a refused document is
   * repaired and read again; what the repairs fix (illegal characters, undefined entities,
   * bare ampersands) the strict parser always refuses. Except with a DOCTYPE, whose unread
   * external subset makes an undefined entity no error, just a reference silently dropped,
   * and in an XML 1.1 document, where references to control characters are no error: such a
   * document is repaired first.
   */
  private Document read(String text, List<String> warnings) throws JDOMException, IOException {
    if (XmlTextRepair.hasDoctype(text) || XmlTextRepair.declaresXml11(text)) {
      return xml.read(repair.repairMarkup(text, warnings));
    }
    try {
      return xml.read(text);
    } catch (JDOMException refused) {
      if (tooLarge(refused) != null) {
        throw refused; // repairing would not make it smaller
      }
      String repaired = repair.repairMarkup(text, warnings);
      if (repaired.equals(text)) {
        throw refused;
      }
      return xml.read(repaired);
    }
  }

  private static SecureXmlReader.TooLarge tooLarge(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SecureXmlReader.TooLarge tl) {
        return tl;
      }
    }
    return null;
  }

  /** The rss, rdf:RDF or Atom feed element: the root, or one nested in an XHTML page. */
  private static Element findFeedRoot(Element root) {
    if (isFeedElement(root)) {
      return root;
    }
    Deque<Element> todo = new ArrayDeque<>();
    todo.push(root);
    int seen = 0;
    while (!todo.isEmpty() && seen++ < MAX_SEARCH_ELEMENTS) {
      Element e = todo.pop();
      if (isFeedElement(e)) {
        return e;
      }
      List<Element> children = e.getChildren();
      for (int i = children.size() - 1; i >= 0; i--) {
        todo.push(children.get(i));
      }
    }
    return null;
  }

  private static boolean isFeedElement(Element e) {
    String name = e.getName();
    String ns = e.getNamespaceURI();
    return name.equals("rss") || name.equals("RDF")
        || (name.equals("feed") && (ns.startsWith("http://www.w3.org/2005/Atom")
            || ns.equals("http://purl.org/atom/ns#")));
  }

  private static boolean looksLikeJson(byte[] body, String contentType) {
    int i = 0;
    if (body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB
        && (body[2] & 0xFF) == 0xBF) {
      i = 3;
    }
    while (i < body.length && Character.isWhitespace(body[i])) {
      i++;
    }
    if (i >= body.length) {
      return false;
    }
    if (body[i] == '{') {
      return true;
    }
    return body[i] != '<' && contentType != null
        && contentType.toLowerCase(Locale.ROOT).contains("json");
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (!Character.isWhitespace(b)) {
        return false;
      }
    }
    return true;
  }

  private static String causeMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }
}
