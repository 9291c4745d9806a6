package cc.microsolidarity.tributary.publish;

import cc.microsolidarity.tributary.model.Enclosure;
import cc.microsolidarity.tributary.model.Entry;
import cc.microsolidarity.tributary.model.Item;
import cc.microsolidarity.tributary.model.Person;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/). Keys are written in a fixed order so
 * equal entries give equal bytes. {@code summary} is plain text, as the spec asks.
 */
final class JsonFeedWriter {
  static final String VERSION = "https://jsonfeed.org/version/1.1";
  private static final int SUMMARY_CHARS = 500;

  private final ObjectMapper mapper =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  byte[] write(FeedContext ctx, List<Entry> entries) {
    ObjectNode root = mapper.createObjectNode();
    root.put("version", VERSION);
    root.put("title", ctx.feed().title());
    root.put("home_page_url", ctx.feed().link());
    root.put("feed_url", ctx.url(OutputPaths.JSON));
    if (Texts.present(ctx.feed().subtitle())) {
      root.put("description", ctx.feed().subtitle());
    }
    if (Texts.isWebUrl(ctx.feed().image())) {
      root.put("icon", ctx.feed().image());
      root.put("favicon", ctx.feed().image());
    }
    root.set("authors", authors(List.of(ctx.author())));
    if (Texts.present(ctx.feed().language())) {
      root.put("language", ctx.feed().language());
    }
    ArrayNode items = root.putArray("items");
    for (Entry e : entries) {
      items.add(item(e));
    }
    try {
      return mapper.writeValueAsBytes(root);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("JSON Feed output failed", ex);
    }
  }

  private ObjectNode item(Entry e) {
    Item item = e.item();
    ObjectNode n = mapper.createObjectNode();
    n.put("id", e.id());
    if (Texts.present(item.link())) {
      n.put("url", item.link());
    }
    n.put("title", Texts.title(e));
    String html = Texts.present(item.contentHtml()) ? item.contentHtml() : item.summaryHtml();
    // JSON Feed needs content_html or content_text on every item.
    n.put("content_html", html == null ? "" : html);
    String summary = Texts.summaryText(item);
    if (!summary.isEmpty()) {
      n.put("summary", Texts.excerpt(summary, SUMMARY_CHARS));
    }
    if (Texts.isWebUrl(item.image())) {
      n.put("image", item.image());
    }
    n.put("date_published", Times.rfc3339(Times.published(e)));
    n.put("date_modified", Times.rfc3339(Times.updated(e)));
    List<Person> people = item.authors().stream().filter(p -> Texts.present(p.name())).toList();
    if (!people.isEmpty()) {
      n.set("authors", authors(people));
    }
    List<String> tags = new LinkedHashSet<>(item.categories()).stream()
        .filter(Texts::present).map(String::trim).toList();
    if (!tags.isEmpty()) {
      ArrayNode t = n.putArray("tags");
      tags.forEach(t::add);
    }
    if (!item.enclosures().isEmpty()) {
      ArrayNode attachments = n.putArray("attachments");
      for (Enclosure enc : item.enclosures()) {
        ObjectNode a = attachments.addObject();
        a.put("url", enc.url());
        a.put("mime_type", Texts.present(enc.type()) ? enc.type() : "application/octet-stream");
        if (enc.length() > 0) {
          a.put("size_in_bytes", enc.length());
        }
        if (enc.isPlayableMedia() && item.duration() != null && !item.duration().isNegative()) {
          a.put("duration_in_seconds", item.duration().getSeconds());
        }
      }
    }
    return n;
  }

  private ArrayNode authors(List<Person> people) {
    ArrayNode arr = mapper.createArrayNode();
    for (Person p : people) {
      ObjectNode a = arr.addObject();
      if (Texts.present(p.name())) {
        a.put("name", p.name());
      }
      if (Texts.isWebUrl(p.uri())) {
        a.put("url", p.uri());
      }
    }
    return arr;
  }
}
