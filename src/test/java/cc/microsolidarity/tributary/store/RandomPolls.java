package cc.microsolidarity.tributary.store;

import cc.microsolidarity.tributary.dedupe.EntryIds;
import cc.microsolidarity.tributary.dedupe.IdentityKeys;
import cc.microsolidarity.tributary.model.Enclosure;
import cc.microsolidarity.tributary.model.IdentityKey;
import cc.microsolidarity.tributary.model.Item;
import cc.microsolidarity.tributary.model.Source;
import cc.microsolidarity.tributary.model.SourceKind;
import cc.microsolidarity.tributary.normalize.EnclosureCanonicalizer;
import cc.microsolidarity.tributary.normalize.ItemFilter;
import cc.microsolidarity.tributary.normalize.LinkCanonicalizer;
import cc.microsolidarity.tributary.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Random sequences of polls for the store's property tests. Items come from a small pool, so
 * guids, links and enclosures collide across polls and sources: entries merge, get re-accepted
 * and rejected, and share dates. Candidates are made by the real canonicalisers, as the Poller
 * makes them.
 */
final class RandomPolls {
  static final String FEED_ID = "tag:microsolidarity.cc,2019:merged";
  static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
  static final List<Source> SOURCES = List.of(
      Source.of("blog", SourceKind.BLOG, "https://blog.example/feed"),
      Source.of("medium-tag", SourceKind.BLOG, "https://medium.example/feed"),
      Source.of("search", SourceKind.SEARCH, "https://social.example/feed"),
      Source.of("podcast", SourceKind.PODCAST, "https://pod.example/feed"));

  /** One item from the pool; {@code day} 0 means undated (stored as first seen). */
  record ItemSpec(int guid, int link, int enclosure, boolean tagged, int edit, int day) {
    Item item() {
      Item.Builder b = Item.builder().guid("urn:g:" + guid)
          .title("post " + edit + (tagged ? " #microsolidarity" : ""));
      if (link > 0) {
        b.link("https://site.example/p/" + link + "?utm_source=feed" + guid);
      }
      if (enclosure > 0) {
        b.enclosures(List.of(new Enclosure("https://cdn.example/e" + enclosure + ".mp3",
            "audio/mpeg", 1)));
      }
      if (day > 0) {
        b.published(START.minus(Duration.ofDays(day)));
      }
      return b.build();
    }
  }

  record Poll(int source, List<ItemSpec> items) {
    Source from() {
      return SOURCES.get(source);
    }
  }

  static Arbitrary<List<Poll>> polls() {
    Arbitrary<ItemSpec> item = Combinators.combine(Arbitraries.integers().between(0, 7),
        Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 3),
        Arbitraries.of(true, false), Arbitraries.integers().between(0, 2),
        Arbitraries.integers().between(0, 2))
        .as(ItemSpec::new);
    Arbitrary<Poll> poll = Combinators.combine(Arbitraries.integers().between(0, 3),
        item.list().ofMinSize(1).ofMaxSize(4)).as(Poll::new);
    return poll.list().ofMinSize(1).ofMaxSize(12);
  }

  private final LinkCanonicalizer links = new LinkCanonicalizer();
  private final EnclosureCanonicalizer enclosures = new EnclosureCanonicalizer(links);
  private final IdentityKeys identity = new IdentityKeys();
  private final EntryIds ids = new EntryIds();
  private final ItemFilter filter = new ItemFilter("microsolidarity");
  private final MutableClock clock = new MutableClock(START);
  private final EntryStore store = new EntryStore(clock);

  EntryStore store() {
    return store;
  }

  /** Stores one poll; see {@link #apply(Database, Source, List)}. */
  boolean apply(Database db, Poll poll) {
    return apply(db, poll.from(), poll.items().stream().map(ItemSpec::item).toList());
  }

  /**
   * Stores one fetch of {@code items} as the Poller would, five minutes after the last. False
   * when the store refuses the fetch (e.g. two items claiming one id), which then writes nothing.
   */
  boolean apply(Database db, Source source, List<Item> items) {
    List<Candidate> candidates = items.stream().map(item -> candidate(source, item)).toList();
    try {
      db.transaction(c -> store.store(c, source.id(), candidates));
      return true;
    } catch (StoreException e) {
      return false;
    } finally {
      clock.advance(Duration.ofMinutes(5));
    }
  }

  private Candidate candidate(Source source, Item item) {
    List<String> encs = item.enclosures().stream().map(e -> enclosures.canonicalize(e.url()))
        .toList();
    List<IdentityKey> keys = identity.of(source.id(), item, links.canonicalize(item.link()),
        encs);
    return new Candidate(item, keys, ids.mint(FEED_ID, keys.get(0)), filter.accepts(source, item));
  }
}
