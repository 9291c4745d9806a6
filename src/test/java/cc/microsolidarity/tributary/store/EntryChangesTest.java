package cc.microsolidarity.tributary.store;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.model.IdentityKey;
import cc.microsolidarity.tributary.model.Item;
import cc.microsolidarity.tributary.testing.MutableClock;
import cc.microsolidarity.tributary.testing.OldSchema;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entry change token moves with every write that can show, and only with those. */
class EntryChangesTest {
  static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  @TempDir Path dir;
  private Database db;
  private final EntryStore store = new EntryStore(new MutableClock(T0));
  private final EntryChanges changes = new EntryChanges();
  private final SourceStateStore states = new SourceStateStore();

  @BeforeEach
  void open() {
    db = Database.open(dir.resolve("t.db"));
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void storingANewEntryChangesTheToken() {
    long before = token();
    store("blog", item("one", "First"));
    assertThat(token()).isNotEqualTo(before);
  }

  @Test
  void anEditedEntryChangesTheTokenAndAnUnchangedOneDoesNot() {
    store("blog", item("one", "First"));
    long stored = token();

    assertThat(store("blog", item("one", "First"))).isEqualTo(new StoreOutcome(0, 0, 0, 1, 0));
    assertThat(token()).isEqualTo(stored);

    assertThat(store("blog", item("one", "First, edited")).updated()).isEqualTo(1);
    assertThat(token()).isNotEqualTo(stored);
  }

  @Test
  void aSecondSourceCarryingAnEntryChangesTheToken() {
    store("blog", item("one", "First"));
    long before = token();
    store("mirror", item("one", "First"));
    assertThat(token()).isNotEqualTo(before);
  }

  @Test
  void sourceBookkeepingLeavesTheTokenAlone() {
    store("blog", item("one", "First"));
    long before = token();
    db.transaction(c -> {
      states.save(c, SourceState.fresh("blog", URI.create("https://blog.example/feed"))
          .toBuilder().lastAttempt(T0).lastStatus(304).build());
      return null;
    });
    assertThat(token()).isEqualTo(before);
  }

  @Test
  void theTokenSurvivesReopening() {
    store("blog", item("one", "First"));
    long before = token();
    db.close();
    db = Database.open(dir.resolve("t.db"));
    assertThat(token()).isEqualTo(before);
  }

  @Test
  void aDatabaseUpgradedFromVersion3HasAToken() throws Exception {
    Path file = dir.resolve("old.db");
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      OldSchema.write(s, Database.MIGRATIONS.subList(0, 3));
    }
    try (Database old = Database.open(file)) {
      long first = old.read(changes::token);
      old.transaction(c -> store.store(c, "blog", List.of(candidate(item("one", "First")))));
      assertThat(old.read(changes::token)).isNotEqualTo(first);
    }
  }

  private long token() {
    return db.read(changes::token);
  }

  private StoreOutcome store(String sourceId, Item item) {
    return db.transaction(c -> store.store(c, sourceId, List.of(candidate(item))));
  }

  private static Candidate candidate(Item item) {
    IdentityKey key = new IdentityKey(IdentityKey.Kind.GUID, item.guid());
    return new Candidate(item, List.of(key), "tag:t,2026:" + item.guid(), true);
  }

  private static Item item(String guid, String title) {
    return Item.builder().guid("https://blog.example/" + guid).title(title)
        .link("https://blog.example/" + guid).published(T0.minusSeconds(3600)).build();
  }
}
