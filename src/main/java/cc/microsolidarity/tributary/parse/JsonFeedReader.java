package cc.microsolidarity.tributary.parse;

import static cc.microsolidarity.tributary.parse.RomeFeedAdapter.blankToNull;

import cc.microsolidarity.tributary.model.Enclosure;
import cc.microsolidarity.tributary.model.Item;
import cc.microsolidarity.tributary.model.ParsedFeed;
import cc.microsolidarity.tributary.model.Person;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads JSON Feed 1.0 and 1.1 (https://www.jsonfeed.org/version/1.1/) into our model. Jackson's
 * default stream constraints bound nesting depth and value sizes. Thread-safe: the
 * ObjectMapper is configured once and only read from.
 */
final class JsonFeedReader {
  /**
   * What each token (a value, a key, a bracket) takes once parsed, with what the poll makes of
   * it: 100,000 short items in 9.7 MB, 842,000 tokens, needed ~100 MB of heap.
   */
  static final long TOKEN_BYTES = 110;

  private final ObjectMapper mapper = new ObjectMapper();
  private final long treeBudgetBytes;

  /** {@code treeBudgetBytes}: what one document may take in the heap once parsed. */
  JsonFeedReader(long treeBudgetBytes) {
    this.treeBudgetBytes = treeBudgetBytes;
  }

  /** Stops a document before it outgrows its share of the heap ({@link HeapMeter}). */
  private static final class Metered extends JsonParserDelegate {
    final HeapMeter meter;

    Metered(JsonParser parser, HeapMeter meter) {
      super(parser);
      this.meter = meter;
    }

    @Override
    public JsonToken nextToken() throws IOException {
      JsonToken t = super.nextToken();
      if (t == JsonToken.VALUE_STRING) {
        meter.text(getTextLength());
      }
      if (meter.part(0)) {
        throw new TooLarge();
      }
      return t;
    }
  }

  private static final class TooLarge extends IOException {
    TooLarge() {
      super("document too large for the heap", null);
    }
  }

  /** The feed, or null with a reason in {@code failure[0]} when the JSON is not a feed. */
  ParsedFeed read(String text, URI documentUrl, List<String> warnings, String[] failure)
      throws IOException {
    JsonNode root;
    Metered metered = new Metered(mapper.getFactory().createParser(text),
        new HeapMeter(text, treeBudgetBytes, TOKEN_BYTES));
    try (metered) {
      root = mapper.readTree(metered);
    } catch (TooLarge e) {
      failure[0] = metered.meter.tooLarge("JSON tokens").message();
      return null;
    } catch (JsonProcessingException e) {
      // Some failures (a stream constraint such as the nesting limit) carry no location.
      var at = e.getLocation();
      failure[0] = "JSON error" + (at == null ? "" : " at " + at.getLineNr() + ":"
          + at.getColumnNr()) + ": " + e.getOriginalMessage();
      return null;
    }
    if (root == null || !root.isObject() || !root.path("items").isArray()) {
      failure[0] = "not a feed: JSON without an items array";
      return null;
    }
    if (!root.path("version").asText("").contains("jsonfeed.org")) {
      warnings.add("JSON Feed without a jsonfeed.org version");
    }
    List<Item> items = new ArrayList<>();
    for (JsonNode node : root.path("items")) {
      if (node.isObject()) {
        items.add(item(node, documentUrl, authors(root)));
      }
    }
    String image = str(root, "icon");
    return new ParsedFeed(str(root, "title"),
        UrlResolver.resolve(documentUrl, str(root, "home_page_url")),
        str(root, "description"),
        UrlResolver.resolve(documentUrl, image != null ? image : str(root, "favicon")),
        items, null, warnings);
  }

  private static Item item(JsonNode n, URI base, List<Person> feedAuthors) {
    Item.Builder b = Item.builder();
    JsonNode id = n.get("id");
    b.guid(id == null || id.isNull() || id.isContainerNode() ? null : blankToNull(id.asText()));
    String url = str(n, "url");
    b.link(UrlResolver.resolve(base, url != null ? url : str(n, "external_url")));
    b.title(str(n, "title") == null ? null : RomeFeedAdapter.escape(str(n, "title")));
    String html = str(n, "content_html");
    if (html == null && str(n, "content_text") != null) {
      html = RomeFeedAdapter.escape(str(n, "content_text")).replace("\n", "<br>");
    }
    b.contentHtml(UrlResolver.resolveHtml(base, html));
    String summary = str(n, "summary");
    b.summaryHtml(summary == null ? null : RomeFeedAdapter.escape(summary));
    b.published(FeedDates.parse(str(n, "date_published")));
    b.updated(FeedDates.parse(str(n, "date_modified")));
    List<Person> authors = authors(n);
    b.authors(authors.isEmpty() ? feedAuthors : authors);
    Set<String> tags = new LinkedHashSet<>();
    for (JsonNode t : n.path("tags")) {
      if (t.isTextual() && !t.asText().isBlank()) {
        tags.add(t.asText().trim());
      }
    }
    b.categories(List.copyOf(tags));
    List<Enclosure> enclosures = new ArrayList<>();
    Duration duration = null;
    for (JsonNode a : n.path("attachments")) {
      String au = UrlResolver.resolve(base, str(a, "url"));
      if (au == null) {
        continue;
      }
      long size = a.path("size_in_bytes").canConvertToLong() ? a.path("size_in_bytes").asLong()
          : -1;
      enclosures.add(new Enclosure(au, str(a, "mime_type"), size < 0 ? -1 : size));
      if (duration == null && a.path("duration_in_seconds").isNumber()
          && a.path("duration_in_seconds").asLong() > 0) {
        duration = Duration.ofSeconds(a.path("duration_in_seconds").asLong());
      }
    }
    b.enclosures(enclosures);
    b.duration(duration);
    String image = str(n, "image");
    b.image(UrlResolver.resolve(base, image != null ? image : str(n, "banner_image")));
    return b.build();
  }

  private static List<Person> authors(JsonNode n) {
    List<Person> out = new ArrayList<>();
    JsonNode list = n.path("authors");
    if (list.isArray()) {
      for (JsonNode a : list) {
        addPerson(out, a);
      }
    }
    addPerson(out, n.path("author"));
    return out;
  }

  private static void addPerson(List<Person> out, JsonNode a) {
    if (!a.isObject()) {
      return;
    }
    Person p = new Person(str(a, "name"), null, str(a, "url"));
    if (!p.isEmpty() && !out.contains(p)) {
      out.add(p);
    }
  }

  private static String str(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || !v.isValueNode() || v.isNull() ? null : blankToNull(v.asText());
  }
}
