package cc.microsolidarity.tributary.parse;

import static cc.microsolidarity.tributary.parse.XmlElements.attribute;
import static cc.microsolidarity.tributary.parse.XmlElements.child;
import static cc.microsolidarity.tributary.parse.XmlElements.children;
import static cc.microsolidarity.tributary.parse.XmlElements.text;

import cc.microsolidarity.tributary.model.Enclosure;
import cc.microsolidarity.tributary.model.Item;
import cc.microsolidarity.tributary.model.ParsedFeed;
import cc.microsolidarity.tributary.model.Person;
import com.rometools.rome.feed.WireFeed;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.feed.rss.Channel;
import com.rometools.rome.feed.rss.Guid;
import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEnclosure;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndFeedImpl;
import com.rometools.rome.feed.synd.SyndPerson;
import com.rometools.rome.io.FeedException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.Namespace;

/**
 * Converts a ROME feed into our model; ROME types stop here. ROME reads the format (RSS
 * 0.9x/1.0/2.0, Atom 0.3/1.0, content types, people, categories); the item's own XML element,
 * matched by document order, supplies what ROME loses or reads strictly: xml:base, the first
 * guid verbatim, raw markup inside a description, lenient dates, every enclosure with its
 * length, and the iTunes / Media RSS podcast fields. Thread-safe (no mutable state).
 */
final class RomeFeedAdapter {
  private static final String RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
  private static final String ATOM_03 = "http://purl.org/atom/ns#";

  private final RomeWireReader reader = new RomeWireReader();

  ParsedFeed adapt(Document document, URI documentUrl, List<String> warnings)
      throws FeedException {
    Element root = document.getRootElement();
    boolean atomRoot = root.getName().equals("feed");
    List<Element> elements = itemElements(root, atomRoot);
    List<ItemDates> dates = new ArrayList<>(elements.size());
    for (Element el : elements) {
      dates.add(ItemDates.read(el, atomRoot));
    }
    WireFeed wire;
    try (RomeDateHider hider = new RomeDateHider()) {
      if (!root.getNamespaceURI().equals(ATOM_03)) {
        hideDates(hider, root, atomRoot, elements, dates);
      }
      wire = reader.read(document);
    }
    boolean atom = wire instanceof Feed;
    // RSS 0.94 / 2.0, nearly every RSS feed, is read from ROME's wire feed directly; other
    // formats go through ROME's SyndFeed conversion (see RssFromRome).
    Channel rss = RssFromRome.handles(wire) ? (Channel) wire : null;
    SyndFeed feed = rss == null ? new SyndFeedImpl(wire, true) : null;
    int romeItems = rss != null ? rss.getItems().size() : feed.getEntries().size();
    if (atom != atomRoot || romeItems != elements.size()) {
      // Rare: our guess at ROME's items was wrong, so hiding was too. Read the whole
      // document again, and when items still cannot be matched let ROME alone read them.
      wire = reader.read(document);
      atom = wire instanceof Feed;
      rss = null;
      feed = new SyndFeedImpl(wire, true);
      elements = itemElements(root, atom);
      dates.clear();
      for (Element el : elements) {
        dates.add(ItemDates.read(el, atom));
      }
      if (elements.size() != feed.getEntries().size()) {
        warnings.add("could not match items to their XML; xml:base and podcast fields skipped");
        elements = null;
      }
    }
    Element channel = atom ? root : firstChildNamed(root, "channel");
    URI feedBase = UrlResolver.baseOf(channel == null ? root : channel, documentUrl);

    List<SyndEntry> entries = feed == null ? null : feed.getEntries();
    int count = rss != null ? rss.getItems().size() : entries.size();
    List<Item> items = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Element el = elements == null ? null : elements.get(i);
      SyndEntry e = entries == null ? null : entries.get(i);
      FromRome r = e == null ? RssFromRome.entry(rss.getItems().get(i)) : fromSynd(e, atom);
      items.add(toItem(e, r, el, el == null ? null : dates.get(i), atom,
          el == null ? feedBase : UrlResolver.baseOf(el, documentUrl)));
    }
    String title = rss != null ? rss.getTitle() : feed.getTitle();
    String link = rss != null ? rss.getLink() : feed.getLink();
    String description = rss != null ? rss.getDescription() : feed.getDescription();
    String image;
    String icon;
    if (rss != null) {
      image = rss.getImage() == null ? null : rss.getImage().getUrl();
      icon = null;
    } else {
      image = feed.getImage() == null ? null : feed.getImage().getUrl();
      icon = feed.getIcon() == null ? null : feed.getIcon().getUrl();
    }
    return new ParsedFeed(
        blankToNull(title),
        UrlResolver.resolve(feedBase, feedLink(link, channel, atom)),
        blankToNull(description),
        UrlResolver.resolve(feedBase, channelImage(image, icon, channel)),
        items,
        refreshHint(channel),
        warnings);
  }

  /**
   * What an item takes from ROME rather than from its own XML: the title (escaped when it is
   * Atom text), the link when the element has none, the authors ROME names (before the iTunes
   * fallback), the categories, and ROME's dates for when ours did not parse.
   */
  record FromRome(String title, String link, List<Person> authors, List<String> categories,
      Instant published, Instant updated) {
  }

  static FromRome fromSynd(SyndEntry e, boolean atom) {
    return new FromRome(title(e, atom), blankToNull(e.getLink()), romeAuthors(e), categories(e),
        instant(e.getPublishedDate()), instant(e.getUpdatedDate()));
  }

  /**
   * Hides from ROME the item dates we already read, and the feed's own dates, which we never
   * use (no SyndFeed date is read here).
   */
  private static void hideDates(RomeDateHider hider, Element root, boolean atom,
      List<Element> elements, List<ItemDates> dates) {
    List<Element> hide = new ArrayList<>();
    for (int i = 0; i < elements.size(); i++) {
      dates.get(i).elementsRomeNeedNotParse(elements.get(i), atom, hide);
    }
    Element channel = atom ? root : firstChildNamed(root, "channel");
    if (channel != null) {
      String own = channel.getNamespaceURI();
      for (Element c : channel.getChildren()) {
        String name = c.getName();
        String ns = c.getNamespaceURI();
        if (ns.equals(own) && (name.equals("pubDate") || name.equals("lastBuildDate")
            || name.equals("updated")) || ns.equals(NamespaceFixer.DC) && name.equals("date")) {
          hide.add(c);
        }
      }
    }
    hider.hideAll(hide);
  }

  /** {@code e} is null only when {@code el} is not and the feed is RSS (see RssFromRome). */
  private Item toItem(SyndEntry e, FromRome r, Element el, ItemDates dates, boolean atom,
      URI base) {
    Item.Builder b = Item.builder();
    String own = el == null ? null : el.getNamespaceURI();
    b.guid(guid(e, el, atom));
    b.link(UrlResolver.resolve(base, link(r, el, atom, own)));
    b.title(r.title());

    Element summaryEl = el == null ? null
        : child(el, own, atom ? "summary" : "description");
    Element contentEl = el == null ? null
        : atom ? child(el, own, "content") : child(el, NamespaceFixer.CONTENT, "encoded");
    String summary;
    String content;
    if (atom || el == null) {
      summary = html(e.getDescription());
      content = e.getContents().isEmpty() ? null : html(e.getContents().get(0));
    } else {
      summary = XmlElements.html(summaryEl);
      content = XmlElements.html(contentEl);
    }
    b.summaryHtml(UrlResolver.resolveHtml(baseFor(summaryEl, base), summary));
    b.contentHtml(UrlResolver.resolveHtml(baseFor(contentEl, base), content));

    b.authors(authors(r, el));
    b.categories(r.categories());
    Instant published = dates == null ? null : dates.published();
    Instant updated = dates == null ? null : dates.updated();
    if (published == null) {
      published = r.published();
    }
    if (updated == null) {
      updated = r.updated();
    }
    // A feed that only says when an entry changed still dates it: use that as published.
    b.published(published != null ? published : updated);
    b.updated(updated);

    b.enclosures(enclosures(e, el, atom, own, base));
    if (el != null) {
      b.duration(ItunesValues.duration(text(el, NamespaceFixer.ITUNES, "duration")));
      b.episode(ItunesValues.number(text(el, NamespaceFixer.ITUNES, "episode")));
      b.season(ItunesValues.number(text(el, NamespaceFixer.ITUNES, "season")));
      b.explicit(ItunesValues.explicit(text(el, NamespaceFixer.ITUNES, "explicit")));
      b.image(UrlResolver.resolve(base, itemImage(el)));
    }
    return b.build();
  }

  private static URI baseFor(Element el, URI itemBase) {
    return el == null ? itemBase : UrlResolver.baseOf(el, itemBase);
  }

  private static String guid(SyndEntry e, Element el, boolean atom) {
    if (el != null) {
      String own = el.getNamespaceURI();
      if (atom) {
        return text(el, own, "id");
      }
      String guid = text(el, own, "guid");
      if (guid == null) {
        guid = blankToNull(el.getAttributeValue("about", Namespace.getNamespace(RDF)));
      }
      return guid;
    }
    Object wire = e.getWireEntry();
    if (wire instanceof com.rometools.rome.feed.rss.Item) {
      Guid g = ((com.rometools.rome.feed.rss.Item) wire).getGuid();
      return g == null ? null : blankToNull(g.getValue());
    }
    return blankToNull(e.getUri());
  }

  private static String link(FromRome r, Element el, boolean atom, String own) {
    if (el != null) {
      if (atom) {
        for (Element l : children(el, own, "link")) {
          String rel = attribute(l, "rel");
          if (rel == null || rel.equals("alternate")) {
            String href = attribute(l, "href");
            if (href != null) {
              return href;
            }
          }
        }
      } else {
        String link = text(el, own, "link");
        if (link != null) {
          return link;
        }
        // .NET's SyndicationFeed writes the item link as an Atom link (prefix a10).
        for (Element l : children(el, NamespaceFixer.ATOM, "link")) {
          String rel = attribute(l, "rel");
          if ((rel == null || rel.equals("alternate")) && attribute(l, "href") != null) {
            return attribute(l, "href");
          }
        }
      }
    }
    return r.link();
  }

  private static String title(SyndEntry e, boolean atom) {
    SyndContent t = e.getTitleEx();
    return title(t == null ? null : t.getValue(), t == null ? null : t.getType(), atom);
  }

  /** A title as the item carries it: null when blank, trimmed, escaped when Atom text. */
  static String title(String value, String type, boolean atom) {
    if (value == null || value.isBlank()) {
      return null;
    }
    // Atom text titles are plain text: escape them so the normaliser, which reads titles as
    // HTML the way RSS titles are written, keeps a literal "<" or "&" as it is.
    if (atom && (type == null || type.equals("text") || type.equals("text/plain"))) {
      return escape(value.trim());
    }
    return value.trim();
  }

  private static String html(SyndContent c) {
    if (c == null || c.getValue() == null || c.getValue().isBlank()) {
      return null;
    }
    String type = c.getType();
    String value = c.getValue().trim();
    if (type != null && (type.equals("text") || type.equals("text/plain"))) {
      return escape(value).replace("\n", "<br>");
    }
    return value;
  }

  private static List<Person> authors(FromRome r, Element el) {
    List<Person> out = new ArrayList<>(r.authors());
    if (out.isEmpty() && el != null) {
      String itunesAuthor = text(el, NamespaceFixer.ITUNES, "author");
      if (itunesAuthor != null) {
        out.add(Person.named(itunesAuthor));
      }
    }
    return out;
  }

  /** The entry's people as ROME reads them; its one author name when it lists none. */
  private static List<Person> romeAuthors(SyndEntry e) {
    List<Person> out = new ArrayList<>();
    for (SyndPerson p : e.getAuthors()) {
      Person person = new Person(blankToNull(p.getName()), blankToNull(p.getEmail()),
          blankToNull(p.getUri()));
      if (!person.isEmpty()) {
        out.add(person);
      }
    }
    if (out.isEmpty() && blankToNull(e.getAuthor()) != null) {
      out.add(Person.named(e.getAuthor().trim()));
    }
    return out;
  }

  private static List<String> categories(SyndEntry e) {
    Set<String> out = new LinkedHashSet<>();
    for (SyndCategory c : e.getCategories()) {
      String name = blankToNull(c.getName());
      if (name != null) {
        out.add(name);
      }
    }
    return List.copyOf(out);
  }

  private static List<Enclosure> enclosures(SyndEntry e, Element el, boolean atom, String own,
      URI base) {
    Map<String, Enclosure> out = new LinkedHashMap<>();
    if (el != null) {
      if (atom) {
        for (Element l : children(el, own, "link")) {
          if ("enclosure".equals(attribute(l, "rel"))) {
            add(out, base, attribute(l, "href"), attribute(l, "type"), attribute(l, "length"));
          }
        }
      } else {
        for (Element enc : children(el, own, "enclosure")) {
          add(out, base, attribute(enc, "url"), attribute(enc, "type"),
              attribute(enc, "length"));
        }
      }
    }
    if (el == null) {
      for (SyndEnclosure enc : e.getEnclosures()) {
        add(out, base, enc.getUrl(), enc.getType(),
            enc.getLength() > 0 ? Long.toString(enc.getLength()) : null);
      }
    }
    return List.copyOf(out.values());
  }

  private static void add(Map<String, Enclosure> out, URI base, String url, String type,
      String length) {
    String resolved = UrlResolver.resolve(base, url);
    if (resolved == null || resolved.isEmpty() || out.containsKey(resolved)) {
      return;
    }
    out.put(resolved, new Enclosure(resolved, blankToNull(type), ItunesValues.length(length)));
  }

  private static String itemImage(Element el) {
    String href = attribute(child(el, NamespaceFixer.ITUNES, "image"), "href");
    if (href != null) {
      return href;
    }
    String thumb = attribute(child(el, NamespaceFixer.MEDIA, "thumbnail"), "url");
    if (thumb != null) {
      return thumb;
    }
    Element group = child(el, NamespaceFixer.MEDIA, "group");
    return attribute(child(group, NamespaceFixer.MEDIA, "thumbnail"), "url");
  }

  private static String feedLink(String romeLink, Element channel, boolean atom) {
    if (!atom && channel != null) {
      String link = text(channel, channel.getNamespaceURI(), "link");
      if (link != null) {
        return link;
      }
    }
    return blankToNull(romeLink);
  }

  private static String channelImage(String romeImage, String romeIcon, Element channel) {
    String itunes = attribute(child(channel, NamespaceFixer.ITUNES, "image"), "href");
    if (itunes != null) {
      return itunes;
    }
    if (blankToNull(romeImage) != null) {
      return romeImage.trim();
    }
    return blankToNull(romeIcon);
  }

  /** RSS {@code <ttl>} minutes, else {@code sy:updatePeriod} / {@code sy:updateFrequency}. */
  static Duration refreshHint(Element channel) {
    if (channel == null) {
      return null;
    }
    Integer ttl = ItunesValues.number(text(channel, channel.getNamespaceURI(), "ttl"));
    if (ttl != null && ttl > 0) {
      return Duration.ofMinutes(ttl);
    }
    String period = text(channel, NamespaceFixer.SY, "updatePeriod");
    if (period == null) {
      return null;
    }
    Duration base;
    switch (period.toLowerCase(Locale.ROOT)) {
      case "hourly": base = Duration.ofHours(1); break;
      case "daily": base = Duration.ofDays(1); break;
      case "weekly": base = Duration.ofDays(7); break;
      case "monthly": base = Duration.ofDays(30); break;
      case "yearly": base = Duration.ofDays(365); break;
      default: return null;
    }
    Integer frequency = ItunesValues.number(text(channel, NamespaceFixer.SY, "updateFrequency"));
    return frequency == null || frequency < 1 ? base : base.dividedBy(frequency);
  }

  /** The elements ROME turns into entries, in the same order. */
  private static List<Element> itemElements(Element root, boolean atom) {
    if (atom) {
      return childrenNamed(root, "entry", root.getNamespaceURI());
    }
    if (root.getName().equals("RDF")) {
      List<Element> out = new ArrayList<>();
      for (Element c : root.getChildren()) {
        if (c.getName().equals("item") && !c.getNamespaceURI().equals(RDF)) {
          out.add(c);
        }
      }
      return out;
    }
    Element channel = firstChildNamed(root, "channel");
    return channel == null ? List.of() : childrenNamed(channel, "item", channel.getNamespaceURI());
  }

  private static List<Element> childrenNamed(Element parent, String local, String ns) {
    return children(parent, ns, local);
  }

  private static Element firstChildNamed(Element parent, String local) {
    for (Element c : parent.getChildren()) {
      if (c.getName().equals(local)) {
        return c;
      }
    }
    return null;
  }

  static Instant instant(Date d) {
    return d == null ? null : d.toInstant();
  }

  static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&': out.append("&amp;"); break;
        case '<': out.append("&lt;"); break;
        case '>': out.append("&gt;"); break;
        case '"': out.append("&quot;"); break;
        default: out.append(c);
      }
    }
    return out.toString();
  }
}
