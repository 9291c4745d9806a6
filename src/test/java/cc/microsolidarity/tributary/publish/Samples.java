package cc.microsolidarity.tributary.publish;

import cc.microsolidarity.tributary.model.Enclosure;
import cc.microsolidarity.tributary.model.Entry;
import cc.microsolidarity.tributary.model.FeedSettings;
import cc.microsolidarity.tributary.model.Item;
import cc.microsolidarity.tributary.model.Person;
import cc.microsolidarity.tributary.model.SourceKind;
import cc.microsolidarity.tributary.model.SourceStatus;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Test inputs for the writers: a feed, three sources and entries of each kind. */
public final class Samples {
  public static final Instant T0 = Instant.parse("2024-06-03T10:15:30Z");

  private Samples() {}

  public static FeedSettings feed(int maxEntries) {
    return new FeedSettings("#microsolidarity", "Podcasts, posts & threads",
        "tag:microsolidarity.cc,2019:merged", "https://microsolidarity.cc", "microsolidarity",
        new Person("Jo Host", "jo@example.org", null), "https://microsolidarity.cc/logo.png",
        "en", maxEntries);
  }

  public static FeedSettings feed() {
    return feed(50);
  }

  public static List<SourceStatus> sources() {
    return List.of(
        status("pod", SourceKind.PODCAST, "https://anchor.fm/s/abc/podcast/rss", "The Podcast",
            SourceStatus.State.OK),
        status("blog", SourceKind.BLOG, "https://medium.com/feed/microsolidarity", null,
            SourceStatus.State.FAILING),
        status("gone", SourceKind.FORUM, "https://forum.example.org/latest.rss", "Old forum",
            SourceStatus.State.DISABLED));
  }

  public static SourceStatus status(String id, SourceKind kind, String url, String title,
      SourceStatus.State state) {
    return new SourceStatus(id, kind, URI.create(url), URI.create(url), state, 200, T0, T0,
        null, 0, 3, T0.plusSeconds(3600), title, null);
  }

  /** An episode with an image, duration, season/episode and a non-media enclosure first. */
  public static Entry episode(int n, Instant published) {
    Item item = Item.builder()
        .guid("ep-" + n).link("https://anchor.fm/episodes/ep-" + n)
        .title("Episode " + n + ": circles & crews")
        .summaryHtml("<p>We talk about <b>crews</b> number " + n + ".</p>")
        .contentHtml("<p>We talk about <b>crews</b> number " + n + ". Longer notes.</p>")
        .authors(List.of(Person.named("Rich")))
        .categories(List.of("podcast", "community"))
        .published(published).updated(published)
        .enclosures(List.of(
            new Enclosure("https://anchor.fm/transcript-" + n + ".txt", "text/plain", 10),
            new Enclosure("https://anchor.fm/ep-" + n + ".mp3", "audio/mpeg", 12_345_678)))
        .duration(Duration.ofSeconds(3723)).image("https://anchor.fm/ep-" + n + ".jpg")
        .episode(n).season(2).explicit(false)
        .build();
    return new Entry("tag:microsolidarity.cc,2019:merged:ep" + n, item, published, published,
        published, List.of("pod"));
  }

  public static Entry post(int n, Instant published) {
    Item item = Item.builder()
        .guid("https://medium.com/p/" + n).link("https://medium.com/microsolidarity/post-" + n)
        .title("Post " + n).contentHtml("<p>Post body " + n + "</p>")
        .categories(List.of("microsolidarity"))
        .published(published).updated(published.plusSeconds(60))
        .build();
    return new Entry("tag:microsolidarity.cc,2019:merged:post" + n, item, published,
        published.plusSeconds(60), published, List.of("blog", "pod"));
  }

  /** {@code count} entries newest first, alternating posts and episodes, an hour apart. */
  public static List<Entry> mixed(int count) {
    List<Entry> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Instant t = T0.minus(Duration.ofHours(i));
      out.add(i % 2 == 0 ? post(i, t) : episode(i, t));
    }
    return out;
  }
}
