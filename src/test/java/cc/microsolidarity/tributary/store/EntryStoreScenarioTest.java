package cc.microsolidarity.tributary.store;

import cc.microsolidarity.tributary.testing.MutableClock;
import cc.microsolidarity.tributary.testing.Sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import cc.microsolidarity.tributary.dedupe.EntryIds;
import cc.microsolidarity.tributary.dedupe.IdentityKeys;
import cc.microsolidarity.tributary.model.Enclosure;
import cc.microsolidarity.tributary.model.Entry;
import cc.microsolidarity.tributary.model.IdentityKey;
import cc.microsolidarity.tributary.model.Item;
import cc.microsolidarity.tributary.model.Source;
import cc.microsolidarity.tributary.model.SourceKind;
import cc.microsolidarity.tributary.normalize.EnclosureCanonicalizer;
import cc.microsolidarity.tributary.normalize.ItemFilter;
import cc.microsolidarity.tributary.normalize.LinkCanonicalizer;
import java.net.URI;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The identity scenarios of issue 5, end to end from items to the visible feed, on a real
 * SQLite file. Keys and ids come from the real canonicalisers, as the Poller makes them.
 */
class EntryStoreScenarioTest {
  static final String FEED_ID = "tag:microsolidarity.cc,2019:merged";
  static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

  @TempDir Path dir;
  private Database db;
  private final MutableClock clock = new MutableClock(T0);
  private final EntryStore store = new EntryStore(clock);
  private final LinkCanonicalizer links = new LinkCanonicalizer();
  private final EnclosureCanonicalizer enclosures = new EnclosureCanonicalizer(links);
  private final IdentityKeys identity = new IdentityKeys();
  private final EntryIds ids = new EntryIds();
  private final ItemFilter filter = new ItemFilter("microsolidarity");

  private final Source mediumPub = source("medium-pub", SourceKind.BLOG);
  private final Source mediumTag = source("medium-tag", SourceKind.BLOG);
  private final Source podA = source("podcast-a", SourceKind.PODCAST);
  private final Source podB = source("podcast-b", SourceKind.PODCAST);
  private final Source blog = source("blog", SourceKind.BLOG);
  private final Source search = source("social-coop", SourceKind.SEARCH);

  @BeforeEach
  void open() {
    db = Database.open(dir.resolve("t.db"));
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void mediumPublicationAndTagFeedCarryingOnePostGiveOneEntry() {
    Item pub = Item.builder().guid("https://medium.com/p/417d97952d42").title("Crews")
        .link("https://medium.com/microsolidarity/crews-417d97952d42?source=rss----d12c403d4976---4")
        .published(T0.minus(Duration.ofDays(1))).build();
    Item tag = pub.toBuilder()
        .link("https://medium.com/microsolidarity/crews-417d97952d42?source=rss------microsolidarity-5")
        .build();
    assertThat(poll(mediumPub, pub)).isEqualTo(new StoreOutcome(1, 0, 0, 0, 0));
    assertThat(poll(mediumTag, tag)).isEqualTo(new StoreOutcome(0, 0, 1, 0, 0));
    List<Entry> feed = visible(mediumPub, mediumTag);
    assertThat(feed).hasSize(1);
    assertThat(feed.get(0).sourceIds()).containsExactly("medium-pub", "medium-tag");
  }

  @Test
  void twoPodcastFeedsWithDifferentTrackingPrefixesAndGuidsGiveOneEntry() {
    Item a = episode("anchor-guid-1", "https://dts.podtrac.com/redirect.mp3/chrt.fm/track/9EE2G/"
        + "traffic.megaphone.fm/ABC123.mp3");
    Item b = episode("prx_77_1f0c", "https://op3.dev/e,pg=5a1f0c3e/prfx.byspotify.com/e/"
        + "https://traffic.megaphone.fm/ABC123.mp3?utm_source=x");
    poll(podA, a);
    assertThat(poll(podB, b).merged()).isEqualTo(1);
    assertThat(visible(podA, podB)).singleElement()
        .satisfies(e -> assertThat(e.sourceIds()).containsExactly("podcast-a", "podcast-b"));
    // the output keeps the original URL
    assertThat(visible(podA, podB).get(0).item().enclosures().get(0).url())
        .isEqualTo(a.enclosures().get(0).url());
  }

  @Test
  void aNewGuidWithTheSameLinkIsTheSameEntry() {
    Item old = Item.builder().guid("http://blog.example.net/?p=12").title("Circles")
        .link("http://blog.example.net/2024/01/circles/").build();
    poll(blog, old);
    String id = onlyVisible(blog).id();
    Item migrated = old.toBuilder().guid("5e0c7c0e-2b1f-4d0a-8f53-0d5c1f1a9c2e")
        .link("https://blog.example.net/2024/01/circles").build();
    clock.advance(Duration.ofHours(1));
    assertThat(poll(blog, migrated).added()).isZero();
    assertThat(onlyVisible(blog).id()).isEqualTo(id);
    // both GUIDs now lead to it
    poll(blog, old);
    assertThat(visible(blog)).hasSize(1);
  }

  @Test
  void anAnchorRenameKeepsTheEntryAndUpdatesItsLinkAndTitle() {
    String guid = "0c5f6a3e-8a9b-4b0e-9d47-3d2a5f1c7e21";
    Item first = Item.builder().guid(guid).title("Episode 7")
        .link("https://podcasters.spotify.com/pod/show/micro/episodes/Episode-7-e2abc1")
        .published(T0.minus(Duration.ofHours(2))).build();
    poll(podA, first);
    Entry before = onlyVisible(podA);
    clock.advance(Duration.ofHours(1));
    Item renamed = first.toBuilder().title("Episode 7: Crews and trust")
        .link("https://podcasters.spotify.com/pod/show/micro/episodes/Episode-7-Crews-and-trust-e2abc1")
        .build();
    assertThat(poll(podA, renamed)).isEqualTo(new StoreOutcome(0, 1, 0, 0, 0));
    Entry after = onlyVisible(podA);
    assertThat(after.id()).isEqualTo(before.id());
    assertThat(after.item().link()).isEqualTo(renamed.link());
    assertThat(after.published()).isEqualTo(before.published());
  }

  @Test
  void aTitleEditKeepsIdAndPublishedAndMovesUpdated() {
    Item item = Item.builder().guid("https://social.coop/@alice/1").title("Draft")
        .link("https://social.coop/@alice/1").published(T0.minus(Duration.ofDays(2))).build();
    poll(blog, item);
    Entry before = onlyVisible(blog);
    assertThat(before.published()).isEqualTo(T0.minus(Duration.ofDays(2)));
    clock.advance(Duration.ofMinutes(30));
    assertThat(poll(blog, item.toBuilder().title("Final").build()).updated()).isEqualTo(1);
    Entry after = onlyVisible(blog);
    assertThat(after.id()).isEqualTo(before.id());
    assertThat(after.item().title()).isEqualTo("Final");
    assertThat(after.published()).isEqualTo(before.published());
    assertThat(after.updated()).isAfter(before.updated()).isEqualTo(clock.instant());
  }

  @Test
  void anEntryStoredWithTheOldSha256HashIsNotEditedByTheUpgrade() {
    Item item = Item.builder().guid("https://social.coop/@alice/2").title("Old row")
        .link("https://social.coop/@alice/2").published(T0.minus(Duration.ofDays(2))).build();
    poll(blog, item);
    Entry before = onlyVisible(blog);
    hashAsAnEarlierVersionDid(item);
    clock.advance(Duration.ofMinutes(30));

    assertThat(poll(blog, item)).isEqualTo(new StoreOutcome(0, 0, 0, 1, 0));
    Entry after = onlyVisible(blog);
    assertThat(after.updated()).isEqualTo(before.updated());
    assertThat(storedContentHash()).isEqualTo(new ItemCodec().contentHash(item));
    // and from there on, an edit is an edit
    assertThat(poll(blog, item.toBuilder().title("Edited").build()).updated()).isEqualTo(1);
  }

  @Test
  void anEditOfAnEntryStillCarryingTheOldHashIsAnEdit() {
    Item item = Item.builder().guid("https://social.coop/@alice/3").title("Old row")
        .link("https://social.coop/@alice/3").published(T0.minus(Duration.ofDays(2))).build();
    poll(blog, item);
    hashAsAnEarlierVersionDid(item);
    clock.advance(Duration.ofMinutes(30));
    Item edited = item.toBuilder().title("Edited").build();
    assertThat(poll(blog, edited).updated()).isEqualTo(1);
    assertThat(onlyVisible(blog).updated()).isEqualTo(clock.instant());
    assertThat(storedContentHash()).isEqualTo(new ItemCodec().contentHash(edited));
  }

  /** The stored entry's content hash as versions before the fingerprint wrote it. */
  private void hashAsAnEarlierVersionDid(Item item) {
    String sha256 = new ItemCodec().sha256ContentHash(item);
    db.transaction(c -> {
      try (Statement s = c.createStatement()) {
        return s.executeUpdate("UPDATE entries SET content_hash = '" + sha256 + "'");
      }
    });
  }

  private String storedContentHash() {
    return db.read(c -> {
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT content_hash FROM entries")) {
        assertThat(rs.next()).isTrue();
        return rs.getString(1);
      }
    });
  }

  @Test
  void anEditCarryingALaterUpdatedDateUsesIt() {
    Instant edited = T0.minus(Duration.ofMinutes(5));
    Item item = Item.builder().guid("urn:uuid:1").title("a").published(T0.minus(Duration.ofDays(1)))
        .updated(T0.minus(Duration.ofDays(1))).build();
    poll(blog, item);
    poll(blog, item.toBuilder().title("b").updated(edited).build());
    assertThat(onlyVisible(blog).updated()).isEqualTo(edited);
  }

  @Test
  void storingTheSameFetchAgainWritesNothing() throws SQLException {
    Item a = Item.builder().guid("https://medium.com/p/a").title("A").link("https://x.example/a")
        .build();
    Item b = episode("ep-b", "https://pdst.fm/e/cdn.example/b.mp3");
    poll(blog, a, b);
    Entry before = visible(blog).get(0);
    clock.advance(Duration.ofHours(3));
    long changes = db.transaction(c -> {
      long start = totalChanges(c);
      StoreOutcome o = store.store(c, blog.id(), candidates(blog, a, b));
      assertThat(o).isEqualTo(new StoreOutcome(0, 0, 0, 2, 0));
      assertThat(o.changedEntries()).isFalse();
      return totalChanges(c) - start;
    });
    assertThat(changes).isZero();
    assertThat(visible(blog).get(0).updated()).isEqualTo(before.updated());
  }

  @Test
  void searchSourcesKeepOnlyItemsWithTheHashtagAndRememberTheRest() throws SQLException {
    Item tagged = Item.builder().guid("https://social.coop/@a/1").title("Crews #microsolidarity")
        .build();
    Item other = Item.builder().guid("https://social.coop/@a/2").title("#microsolidarityX")
        .build();
    assertThat(poll(search, tagged, other)).isEqualTo(new StoreOutcome(1, 0, 0, 0, 1));
    assertThat(visible(search)).extracting(e -> e.item().guid())
        .containsExactly("https://social.coop/@a/1");
    assertThat(count(search.id())).isEqualTo(1);
    long changes = db.transaction(c -> {
      long start = totalChanges(c);
      assertThat(store.store(c, search.id(), candidates(search, tagged, other)))
          .isEqualTo(new StoreOutcome(0, 0, 0, 1, 1));
      return totalChanges(c) - start;
    });
    assertThat(changes).isZero();
    // another source that accepts the rejected item shows it
    poll(blog, other);
    assertThat(visible(search, blog)).hasSize(2);
  }

  @Test
  void includeAndExcludeKeywordsFilterAnySource() {
    Source picky = new Source("picky", SourceKind.BLOG, URI.create("https://p.example/feed"),
        Duration.ofHours(1), null, List.of("mutual aid"), List.of("sponsored"), true);
    Item keep = Item.builder().guid("k").title("Mutual aid in crews").build();
    Item noKeyword = Item.builder().guid("n").title("Gardening").build();
    Item sponsored = Item.builder().guid("s").title("Mutual aid, sponsored").build();
    assertThat(poll(picky, keep, noKeyword, sponsored)).isEqualTo(new StoreOutcome(1, 0, 0, 0, 2));
    assertThat(visible(picky)).extracting(e -> e.item().title())
        .containsExactly("Mutual aid in crews");
  }

  @Test
  void aFilterChangeHidesAnEntryAndLettingItBackKeepsItsIdAndDate() {
    Item item = Item.builder().guid("g").title("Crews").published(T0.minus(Duration.ofDays(3)))
        .build();
    poll(blog, item);
    Entry before = onlyVisible(blog);
    Source strict = new Source("blog", SourceKind.BLOG, blog.url(), Duration.ofHours(1), null,
        List.of("unrelated"), List.of(), true);
    assertThat(poll(strict, item).filtered()).isEqualTo(1);
    assertThat(visible(blog)).isEmpty();
    clock.advance(Duration.ofDays(1));
    poll(blog, item);
    Entry back = onlyVisible(blog);
    assertThat(back.id()).isEqualTo(before.id());
    assertThat(back.published()).isEqualTo(before.published());
  }

  @Test
  void removingASourceHidesItsEntriesAndItsReturnRestoresTheSameIds() {
    poll(podA, episode("a1", "https://cdn.example/a1.mp3"), episode("a2", "https://cdn.example/a2.mp3"));
    poll(blog, Item.builder().guid("b1").title("post").build());
    List<String> idsBefore = visible(podA, blog).stream().map(Entry::id).toList();
    assertThat(idsBefore).hasSize(3);
    assertThat(visible(blog)).hasSize(1);
    clock.advance(Duration.ofDays(2));
    poll(podA, episode("a1", "https://cdn.example/a1.mp3"), episode("a2", "https://cdn.example/a2.mp3"));
    assertThat(visible(podA, blog).stream().map(Entry::id).toList()).isEqualTo(idsBefore);
  }

  @Test
  void mergesAreTransitiveAndTheFirstSeenIdSurvives() {
    Item a = Item.builder().guid("guid-a").link("https://blog.example/post").title("A").build();
    poll(blog, a);
    String first = onlyVisible(blog).id();
    clock.advance(Duration.ofHours(1));
    Item b = episode("guid-b", "https://chtbl.com/track/X1/cdn.example/post.mp3");
    poll(podA, b);
    assertThat(visible(blog, podA)).hasSize(2);
    String second = visible(podA).get(0).id();
    clock.advance(Duration.ofHours(1));
    // this item carries both the link of A and the enclosure of B: one item after all
    Item bridge = Item.builder().guid("guid-c").link("https://blog.example/post/?utm_source=x")
        .enclosures(List.of(new Enclosure("https://cdn.example/post.mp3", "audio/mpeg", 1)))
        .build();
    assertThat(poll(podB, bridge).merged()).isEqualTo(1);
    List<Entry> feed = visible(blog, podA, podB);
    assertThat(feed).singleElement().satisfies(e -> {
      assertThat(e.id()).isEqualTo(first);
      assertThat(e.sourceIds()).containsExactly("blog", "podcast-a", "podcast-b");
    });
    assertThat(byId(second)).isEmpty();
    assertThat(resolve(second)).contains(first);
    // the merged-away id never returns, whatever its source sends again
    clock.advance(Duration.ofHours(1));
    poll(podA, b);
    assertThat(visible(blog, podA, podB)).extracting(Entry::id).containsExactly(first);
    assertThat(count("podcast-a")).isEqualTo(1);
  }

  @Test
  void aMergeFindsTheTombstonesToRepointThroughAnIndex() {
    // Not by reading every entry: that took 0.7 s a merge in a 2 GB database.
    List<String> plan = db.read(c -> {
      List<String> steps = new ArrayList<>();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("EXPLAIN QUERY PLAN " + EntryStore.RETIRE)) {
        while (rs.next()) {
          steps.add(rs.getString(4));
        }
      }
      return steps;
    });
    assertThat(plan).as(String.join("\n", plan))
        .noneMatch(step -> step.startsWith("SCAN"))
        .anyMatch(step -> step.contains("INDEX entries_merged (merged_into=?)"));
  }

  @Test
  void aLinkSharedByManyEpisodesIsNotAnIdentity() {
    String home = "https://anchor.fm/microsolidarity";
    Item ep1 = Item.builder().guid("ep1").link(home).title("One").build();
    poll(podA, ep1);
    Item ep2 = Item.builder().guid("ep2").link(home).title("Two").build();
    Item ep3 = Item.builder().guid("ep3").link(home).title("Three").build();
    assertThat(poll(podA, ep3, ep2, ep1)).isEqualTo(new StoreOutcome(2, 0, 0, 1, 0));
    // from now on the home page joins nothing, even when a feed shows one item
    Item ep4 = Item.builder().guid("ep4").link(home).title("Four").build();
    assertThat(poll(podA, ep4).added()).isEqualTo(1);
    assertThat(visible(podA)).extracting(e -> e.item().title())
        .containsExactlyInAnyOrder("One", "Two", "Three", "Four");
  }

  @Test
  void theSameItemTwiceInOneFetchIsStoredOnce() {
    Item a = Item.builder().guid("dup").title("first copy").build();
    Item b = Item.builder().guid("dup").title("second copy").build();
    assertThat(poll(blog, a, b)).isEqualTo(new StoreOutcome(1, 0, 0, 1, 0));
    assertThat(onlyVisible(blog).item().title()).isEqualTo("first copy");
  }

  @Test
  void anIdAlreadyTakenGivesTheNewEntryADerivedOne() {
    // As when the key an id was minted from later proved ambiguous: another item's first key
    // mints the same id. The new entry must not be lost or take the other's place.
    String taken = "urn:uuid:00000000-0000-5000-8000-000000000001";
    Item first = Item.builder().guid("a").title("first").published(T0.minusSeconds(60)).build();
    Item second = Item.builder().guid("b").title("second").published(T0).build();
    StoreOutcome one = db.transaction(c -> store.store(c, "blog", List.of(new Candidate(first,
        List.of(new IdentityKey(IdentityKey.Kind.GUID, "blog\na")), taken, true))));
    StoreOutcome two = db.transaction(c -> store.store(c, "blog", List.of(new Candidate(second,
        List.of(new IdentityKey(IdentityKey.Kind.GUID, "blog\nb")), taken, true))));
    assertThat(one.added()).isEqualTo(1);
    assertThat(two.added()).isEqualTo(1);
    String derived = "urn:uuid:" + java.util.UUID.nameUUIDFromBytes((taken + "#1")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(visible(blog)).extracting(Entry::id, e -> e.item().title())
        .containsExactly(tuple(derived, "second"), tuple(taken, "first"));
    // and the same item again is the same entry, under its derived id
    StoreOutcome again = db.transaction(c -> store.store(c, "blog", List.of(new Candidate(second,
        List.of(new IdentityKey(IdentityKey.Kind.GUID, "blog\nb")), taken, true))));
    assertThat(again.unchanged()).isEqualTo(1);
    assertThat(visible(blog)).hasSize(2);
  }

  @Test
  void theDatabaseRefusesASecondOwnerForAKey() {
    poll(blog, Item.builder().guid("urn:x:1").build());
    assertThatThrownBy(() -> db.transaction(c -> {
      try (Statement s = c.createStatement()) {
        s.execute("INSERT INTO entries(id, data, content_hash, content_source, published,"
            + " updated, first_seen) VALUES ('other', '{}', 'h', 'blog', 0, 0, 0)");
        s.execute("INSERT INTO identity_keys(kind, value, entry_seq) VALUES"
            + " ('GUID', 'urn:x:1', (SELECT seq FROM entries WHERE id = 'other'))");
      }
      return null;
    })).isInstanceOf(StoreException.class).hasMessageContaining("UNIQUE");
    assertThat(visible(blog)).hasSize(1);
  }

  @Test
  void visibleIsNewestPublishedFirstAndPages() {
    for (int i = 0; i < 5; i++) {
      poll(blog, Item.builder().guid("g" + i).title("t" + i)
          .published(T0.minus(Duration.ofDays(10 - i))).build());
    }
    poll(blog, Item.builder().guid("undated").title("undated").build());
    assertThat(visible(blog)).extracting(e -> e.item().title())
        .containsExactly("undated", "t4", "t3", "t2", "t1", "t0");
    assertThat(page(Set.of("blog"), 2, 2))
        .extracting(e -> e.item().title()).containsExactly("t3", "t2");
    assertThat(visible(blog).get(0).published()).isEqualTo(T0);
  }

  @Test
  void aFutureDateIsClampedToFirstSeen() {
    poll(blog, Item.builder().guid("f").published(T0.plus(Duration.ofDays(30))).build());
    assertThat(onlyVisible(blog).published()).isEqualTo(T0);
  }

  @Test
  void entriesSurviveReopeningTheDatabase() {
    Item item = Item.builder().guid("https://medium.com/p/z").title("Kept")
        .categories(List.of("crews")).duration(Duration.ofMinutes(42))
        .enclosures(List.of(new Enclosure("https://cdn.example/z.mp3", "audio/mpeg", 99))).build();
    poll(mediumPub, item);
    String id = onlyVisible(mediumPub).id();
    db.close();
    db = Database.open(dir.resolve("t.db"));
    Entry e = onlyVisible(mediumPub);
    assertThat(e.id()).isEqualTo(id);
    assertThat(e.item()).isEqualTo(item);
    assertThat(poll(mediumPub, item).unchanged()).isEqualTo(1);
  }

  /** Entries are bound as UTF-8 bytes; they must be stored as text, new or edited. */
  @Test
  void entriesAreStoredAsTextWhenAddedAndWhenEdited() throws SQLException {
    Item post = Item.builder().guid("https://e.org/p/1").title("Caf\u00e9 \ud83d\ude00")
        .contentHtml("<p>\u4e2d \"q\"</p>").published(T0).build();
    poll(blog, post);
    assertThat(storedData()).containsExactly("text", new ItemCodec().toJson(post));
    Item edited = post.toBuilder().title("Edited \u2014").build();
    assertThat(poll(blog, edited).updated()).isEqualTo(1);
    assertThat(storedData()).containsExactly("text", new ItemCodec().toJson(edited));
    assertThat(visible(blog)).singleElement()
        .satisfies(e -> assertThat(e.item().title()).isEqualTo("Edited \u2014"));
  }

  /** Stored keys are looked up 64 at a time per kind: fetches past a chunk, old and new mixed. */
  @Test
  void aLargeFetchMixingKnownAndNewItemsFindsEveryKnownOne() throws SQLException {
    List<Item> first = new ArrayList<>();
    List<Item> second = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Item post = Item.builder().guid("urn:post:" + i).link("https://e.org/p/" + i)
          .title("Post " + i).published(T0.minus(Duration.ofMinutes(i))).build();
      if (i % 4 != 3) {
        first.add(post);
      }
      second.add(post);
    }
    assertThat(poll(blog, first.toArray(Item[]::new)))
        .isEqualTo(new StoreOutcome(150, 0, 0, 0, 0));
    assertThat(poll(mediumPub, second.toArray(Item[]::new)))
        .isEqualTo(new StoreOutcome(50, 0, 150, 0, 0));
    assertThat(poll(blog, second.toArray(Item[]::new)))
        .isEqualTo(new StoreOutcome(0, 0, 50, 150, 0));
    try (Sql sql = new Sql(dir.resolve("t.db"))) {
      assertThat(sql.count("SELECT count(*) FROM entries")).isEqualTo(200);
    }
  }

  // ---- helpers: what the Poller does ----

  /** The one stored entry's data: its SQLite type, and its text. */
  private List<String> storedData() throws SQLException {
    try (Sql sql = new Sql(dir.resolve("t.db"))) {
      return sql.rows("SELECT typeof(data), data FROM entries").get(0);
    }
  }

  private StoreOutcome poll(Source source, Item... items) {
    return db.transaction(c -> store.store(c, source.id(), candidates(source, items)));
  }

  private List<Candidate> candidates(Source source, Item... items) {
    return Arrays.stream(items).map(item -> {
      List<String> encs = item.enclosures().stream().map(e -> enclosures.canonicalize(e.url()))
          .toList();
      List<IdentityKey> keys = identity.of(source.id(), item, links.canonicalize(item.link()),
          encs);
      return new Candidate(item, keys, ids.mint(FEED_ID, keys.get(0)),
          filter.accepts(source, item));
    }).toList();
  }

  private List<Entry> visible(Source... active) {
    Set<String> ids = Arrays.stream(active).map(Source::id)
        .collect(java.util.stream.Collectors.toSet());
    return db.read(c -> store.visible(c, ids, 100, 0));
  }

  private long count(String sourceId) {
    Long n = db.read(c -> store.countForSource(c, sourceId));
    return n;
  }

  private java.util.Optional<Entry> byId(String id) {
    java.util.Optional<Entry> e = db.read(c -> store.byId(c, id));
    return e;
  }

  private java.util.Optional<String> resolve(String id) {
    java.util.Optional<String> r = db.read(c -> store.resolve(c, id));
    return r;
  }

  private List<Entry> page(Set<String> active, int limit, int offset) {
    List<Entry> p = db.read(c -> store.visible(c, active, limit, offset));
    return p;
  }

  private Entry onlyVisible(Source source) {
    List<Entry> v = visible(source);
    assertThat(v).hasSize(1);
    return v.get(0);
  }

  private static long totalChanges(java.sql.Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT total_changes()")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Item episode(String guid, String enclosureUrl) {
    return Item.builder().guid(guid).title("Episode " + guid)
        .enclosures(List.of(new Enclosure(enclosureUrl, "audio/mpeg", 1234))).build();
  }

  private static Source source(String id, SourceKind kind) {
    return Source.of(id, kind, "https://" + id + ".example/feed");
  }
}
