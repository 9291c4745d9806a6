package cc.microsolidarity.tributary.publish;

import cc.microsolidarity.tributary.model.Enclosure;
import cc.microsolidarity.tributary.model.Entry;
import cc.microsolidarity.tributary.model.Item;
import cc.microsolidarity.tributary.model.SourceStatus;
import com.rometools.rome.feed.atom.Category;
import com.rometools.rome.feed.atom.Content;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.feed.atom.Generator;
import com.rometools.rome.feed.atom.Link;
import com.rometools.rome.feed.atom.Person;
import com.rometools.rome.feed.synd.SyndPerson;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.WireFeedOutput;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Atom 1.0 (RFC 4287) pages of the merged feed, written with ROME. Page {@code n} of
 * {@code pages} carries RFC 5005 paging links ({@code first}, {@code last}, {@code previous},
 * {@code next}) as absolute URLs under the context's base URL. The feed's {@code updated} is
 * the newest entry's, never the build time, so equal entries give equal bytes.
 */
final class AtomWriter {
  static final String GENERATOR = "Tributary";

  byte[] write(FeedContext ctx, List<Entry> pageEntries, int page, int pages) {
    Feed feed = new Feed("atom_1.0");
    feed.setEncoding("UTF-8");
    feed.setId(x(ctx.feed().id()));
    feed.setTitleEx(text(ctx.feed().title()));
    if (Texts.present(ctx.feed().subtitle())) {
      feed.setSubtitle(text(ctx.feed().subtitle()));
    }
    feed.setAlternateLinks(List.of(link("alternate", "text/html", ctx.feed().link())));
    List<Link> other = new ArrayList<>();
    other.add(link("self", "application/atom+xml", ctx.url(OutputPaths.atomPage(page))));
    if (pages > 1) {
      other.add(link("first", "application/atom+xml", ctx.url(OutputPaths.atomPage(1))));
      other.add(link("last", "application/atom+xml", ctx.url(OutputPaths.atomPage(pages))));
    }
    if (page > 1) {
      other.add(link("previous", "application/atom+xml",
          ctx.url(OutputPaths.atomPage(page - 1))));
    }
    if (page < pages) {
      other.add(link("next", "application/atom+xml", ctx.url(OutputPaths.atomPage(page + 1))));
    }
    feed.setOtherLinks(other);
    feed.setUpdated(Date.from(Times.newest(pageEntries)));
    feed.setAuthors(List.of(person(ctx.author(), ctx.feed().title())));
    if (Texts.isWebUrl(ctx.feed().image())) {
      feed.setIcon(ctx.feed().image());
      feed.setLogo(ctx.feed().image());
    }
    Generator generator = new Generator();
    generator.setValue(GENERATOR);
    feed.setGenerator(generator);
    List<com.rometools.rome.feed.atom.Entry> entries = new ArrayList<>();
    for (Entry e : pageEntries) {
      entries.add(entry(ctx, e));
    }
    feed.setEntries(entries);
    try {
      return new WireFeedOutput().outputString(feed, true).getBytes(StandardCharsets.UTF_8);
    } catch (FeedException e) {
      throw new IllegalStateException("ROME refused the merged Atom feed: " + e.getMessage(), e);
    }
  }

  private com.rometools.rome.feed.atom.Entry entry(FeedContext ctx, Entry e) {
    Item item = e.item();
    var out = new com.rometools.rome.feed.atom.Entry();
    out.setId(x(e.id()));
    out.setTitleEx(text(Texts.title(e)));
    boolean hasAlternate = Texts.present(item.link());
    if (hasAlternate) {
      out.setAlternateLinks(List.of(link("alternate", "text/html", item.link())));
    }
    List<Link> enclosures = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (Enclosure enc : item.enclosures()) {
      if (seen.add(enc.url())) {
        Link l = link("enclosure", Texts.present(enc.type()) ? enc.type() : null, enc.url());
        if (enc.length() > 0) {
          l.setLength(enc.length());
        }
        enclosures.add(l);
      }
    }
    // Provenance: atom:source names the first source; every other source that carried the
    // same item is a rel="via" link (RFC 4287 §4.2.7.2) to its feed.
    for (String other : e.sourceIds().subList(Math.min(1, e.sourceIds().size()),
        e.sourceIds().size())) {
      ctx.source(other).ifPresent(s -> {
        Link via = link("via", null, FeedContext.sourceUrl(s));
        via.setTitle(x(FeedContext.sourceName(s)));
        enclosures.add(via);
      });
    }
    out.setOtherLinks(enclosures);
    Instant published = Times.published(e);
    out.setPublished(Date.from(published));
    out.setUpdated(Date.from(Times.updated(e)));
    List<SyndPerson> authors = new ArrayList<>();
    for (var a : item.authors()) {
      if (Texts.present(a.name())) {
        authors.add(person(a, a.name()));
      }
    }
    out.setAuthors(authors);
    List<Category> categories = new ArrayList<>();
    for (String c : new LinkedHashSet<>(item.categories())) {
      if (Texts.present(c)) {
        Category cat = new Category();
        cat.setTerm(x(c.trim()));
        categories.add(cat);
      }
    }
    out.setCategories(categories);
    boolean hasSummary = Texts.present(item.summaryHtml());
    boolean hasContent = Texts.present(item.contentHtml());
    // RFC 4287 §4.1.2: an entry without an alternate link must have content. Without content
    // of its own (an RSS 0.91 item: title and description), its summary is that content.
    boolean summaryAsContent = !hasContent && !hasAlternate;
    if (hasSummary && !summaryAsContent
        && !(hasContent && item.summaryHtml().equals(item.contentHtml()))) {
      out.setSummary(html(item.summaryHtml()));
    }
    if (hasContent) {
      out.setContents(List.of(html(item.contentHtml())));
    } else if (summaryAsContent) {
      out.setContents(List.of(html(hasSummary ? item.summaryHtml() : "")));
    }
    ctx.firstSource(e).ifPresent(s -> out.setSource(source(s)));
    return out;
  }

  /** atom:source (RFC 4287 §4.2.11): the first source's id, title and feed link. */
  private static Feed source(SourceStatus s) {
    Feed source = new Feed("atom_1.0");
    source.setId(x(PublicUrl.of(s.url().toString())));
    source.setTitleEx(text(FeedContext.sourceName(s)));
    source.setOtherLinks(List.of(link("self", null, FeedContext.sourceUrl(s))));
    return source;
  }

  private static Link link(String rel, String type, String href) {
    Link l = new Link();
    l.setRel(rel);
    l.setType(x(type));
    l.setHref(x(href));
    return l;
  }

  private static Person person(cc.microsolidarity.tributary.model.Person p, String fallbackName) {
    Person out = new Person();
    out.setName(x(Texts.present(p.name()) ? p.name() : fallbackName));
    if (Texts.present(p.email())) {
      out.setEmail(x(p.email()));
    }
    if (Texts.isWebUrl(p.uri())) {
      out.setUri(x(p.uri()));
    }
    return out;
  }

  private static Content text(String value) {
    Content c = new Content();
    c.setType(Content.TEXT);
    c.setValue(x(value));
    return c;
  }

  private static Content html(String value) {
    Content c = new Content();
    c.setType(Content.HTML);
    c.setValue(x(value));
    return c;
  }

  private static String x(String s) {
    return XmlText.clean(s);
  }
}
