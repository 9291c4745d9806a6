package cc.microsolidarity.tributary.publish;

import cc.microsolidarity.tributary.model.Enclosure;
import cc.microsolidarity.tributary.model.Entry;
import cc.microsolidarity.tributary.model.Item;
import cc.microsolidarity.tributary.model.Person;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Podcast RSS 2.0 with the iTunes and Podcasting 2.0 namespaces: what Apple Podcasts,
 * Pocket Casts and AntennaPod read. Only entries with a playable (audio/video) enclosure
 * appear, each with exactly one {@code <enclosure>}: its first playable one. Written with
 * StAX because ROME has no Podcasting 2.0 module.
 */
final class PodcastRssWriter {
  static final String ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd";
  static final String PODCAST = "https://podcastindex.org/namespace/1.0";
  static final String ATOM = "http://www.w3.org/2005/Atom";
  /** Apple's category list has no better fit for a community feed; not configurable yet. */
  static final String CATEGORY = "Society & Culture";

  /** The episodes among {@code entries}, newest first, at most {@code max}. */
  static List<Entry> episodes(List<Entry> entries, int max) {
    List<Entry> out = new ArrayList<>();
    for (Entry e : entries) {
      if (out.size() >= max) {
        break;
      }
      if (playable(e.item()).isPresent()) {
        out.add(e);
      }
    }
    return out;
  }

  static Optional<Enclosure> playable(Item item) {
    return item.enclosures().stream().filter(Enclosure::isPlayableMedia).findFirst();
  }

  byte[] write(FeedContext ctx, List<Entry> episodes) {
    XmlOut x = new XmlOut();
    x.open("rss").attr("version", "2.0")
        .namespace("itunes", ITUNES).namespace("podcast", PODCAST).namespace("atom", ATOM);
    x.open("channel");
    x.element("title", ctx.feed().title());
    x.element("link", ctx.feed().link());
    x.element("description", ctx.description());
    x.element("language", ctx.feed().language());
    x.empty("atom:link", "href", ctx.url(OutputPaths.PODCAST), "rel", "self",
        "type", "application/rss+xml");
    x.element("generator", AtomWriter.GENERATOR);
    x.element("lastBuildDate", Times.rfc822(Times.newest(episodes)));
    String image = ctx.feed().image();
    if (Texts.isWebUrl(image)) {
      x.open("image");
      x.element("url", image).element("title", ctx.feed().title())
          .element("link", ctx.feed().link());
      x.close();
      x.empty("itunes:image", "href", image);
    }
    Person owner = ctx.author();
    String ownerName = Texts.present(owner.name()) ? owner.name() : ctx.feed().title();
    x.element("itunes:author", ownerName);
    x.element("itunes:summary", ctx.description());
    x.open("itunes:owner");
    x.element("itunes:name", ownerName);
    if (Texts.present(owner.email())) {
      x.element("itunes:email", owner.email());
    }
    x.close();
    x.empty("itunes:category", "text", CATEGORY);
    x.element("itunes:explicit", "false");
    x.element("itunes:type", "episodic");
    x.element("podcast:guid", PodcastGuid.forFeedUrl(ctx.url(OutputPaths.PODCAST)).toString());
    for (Entry e : episodes) {
      item(x, ctx, e);
    }
    x.close();
    x.close();
    return x.finish();
  }

  private void item(XmlOut x, FeedContext ctx, Entry e) {
    Item item = e.item();
    Enclosure enclosure = playable(item).orElseThrow();
    x.open("item");
    x.element("title", Texts.title(e));
    if (Texts.present(item.link())) {
      x.element("link", item.link());
    }
    x.element("guid", e.id(), "isPermaLink", "false");
    x.element("pubDate", Times.rfc822(Times.published(e)));
    String description = Texts.present(item.contentHtml()) ? item.contentHtml()
        : item.summaryHtml();
    if (Texts.present(description)) {
      x.element("description", description);
    }
    String summary = Texts.summaryText(item);
    if (!summary.isEmpty()) {
      x.element("itunes:summary", Texts.excerpt(summary, 4000));
    }
    x.empty("enclosure", "url", enclosure.url(),
        "length", Long.toString(Math.max(0, enclosure.length())),
        "type", enclosure.type());
    if (item.duration() != null && !item.duration().isNegative()) {
      x.element("itunes:duration", duration(item.duration()));
    }
    if (Texts.isWebUrl(item.image())) {
      x.empty("itunes:image", "href", item.image());
    }
    if (item.episode() != null && item.episode() > 0) {
      x.element("itunes:episode", item.episode().toString());
    }
    if (item.season() != null && item.season() > 0) {
      x.element("itunes:season", item.season().toString());
    }
    if (item.explicit() != null) {
      x.element("itunes:explicit", item.explicit() ? "true" : "false");
    }
    List<String> names = item.authors().stream().map(Person::name)
        .filter(Texts::present).toList();
    if (!names.isEmpty()) {
      x.element("itunes:author", String.join(", ", names));
    } else {
      ctx.firstSource(e).ifPresent(s -> x.element("itunes:author", FeedContext.sourceName(s)));
    }
    x.close();
  }

  /** HH:MM:SS, which every podcast app reads. */
  static String duration(Duration d) {
    long s = d.getSeconds();
    return String.format("%02d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60);
  }
}
