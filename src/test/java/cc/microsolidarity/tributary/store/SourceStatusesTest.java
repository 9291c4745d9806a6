package cc.microsolidarity.tributary.store;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.model.Item;
import cc.microsolidarity.tributary.model.Source;
import cc.microsolidarity.tributary.model.SourceStatus;
import cc.microsolidarity.tributary.testing.Sql;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What operators see per source follows every write, also those made outside Tributary. */
class SourceStatusesTest {
  @TempDir Path dir;

  @Test
  void itemCountsFollowPollsAndEditsByHand() throws Exception {
    Path file = dir.resolve("t.db");
    RandomPolls random = new RandomPolls();
    SourceStatuses statuses = new SourceStatuses(new SourceStateStore(), random.store());
    Source blog = RandomPolls.SOURCES.get(0);
    Source podcast = RandomPolls.SOURCES.get(3);
    try (Database db = Database.open(file); Sql shell = new Sql(file)) {
      assertThat(items(db, statuses)).isEqualTo(Map.of("blog", 0L, "medium-tag", 0L,
          "search", 0L, "podcast", 0L));
      random.apply(db, blog, List.of(item("a"), item("b")));
      assertThat(items(db, statuses)).containsEntry("blog", 2L);
      assertThat(items(db, statuses)).containsEntry("blog", 2L); // read again, unchanged
      random.apply(db, podcast, List.of(item("a"), item("c")));
      assertThat(items(db, statuses)).containsEntry("blog", 2L).containsEntry("podcast", 2L);
      shell.execute("DELETE FROM entry_sources WHERE source_id = 'blog'"); // a repair by hand
      assertThat(items(db, statuses)).containsEntry("blog", 0L).containsEntry("podcast", 2L);
    }
  }

  private static Item item(String guid) {
    return Item.builder().guid("urn:" + guid).title(guid).build();
  }

  private static Map<String, Long> items(Database db, SourceStatuses statuses) {
    List<SourceStatus> now = db.read(c -> statuses.of(c, RandomPolls.SOURCES));
    return now.stream().collect(Collectors.toMap(SourceStatus::id, SourceStatus::items));
  }
}
