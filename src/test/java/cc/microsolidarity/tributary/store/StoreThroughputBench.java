package cc.microsolidarity.tributary.store;

import cc.microsolidarity.tributary.model.Enclosure;
import cc.microsolidarity.tributary.model.IdentityKey;
import cc.microsolidarity.tributary.model.Item;
import cc.microsolidarity.tributary.model.Person;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Storing throughput, for profiling: {@code mvn -o test -Dtest=StoreThroughputBench
 * -Dbench.store=true}. Skipped otherwise (speed is measured by benchmarks, not asserted).
 */
class StoreThroughputBench {
  @TempDir Path dir;

  @Test
  void storeManyFetches() {
    Assumptions.assumeTrue(Boolean.getBoolean("bench.store"), "set -Dbench.store=true");
    String html = "<p>" + "Lorem ipsum dolor sit amet, <a href=\"https://x.example/a\">link</a>. "
        .repeat(30) + "</p>";
    for (int round = 0; round < 3; round++) {
      try (Database db = Database.open(dir.resolve("b" + round + ".db"))) {
        EntryStore store = new EntryStore(Clock.systemUTC());
        int feeds = 400;
        int perFeed = 50;
        long start = System.nanoTime();
        long[] inStore = {0};
        long[] inTx = {0};
        for (int f = 0; f < feeds; f++) {
          List<Candidate> batch = new ArrayList<>();
          for (int i = 0; i < perFeed; i++) {
            String link = "https://blog" + f + ".example/post/" + i;
            Item item = Item.builder().guid(link).link(link).title("Post " + i + " of " + f)
                .contentHtml(html).summaryHtml("Summary " + i)
                .authors(List.of(Person.named("Author " + f))).categories(List.of("a", "b"))
                .published(Instant.parse("2024-01-01T00:00:00Z").plusSeconds(f * 1000L + i))
                .enclosures(i % 5 == 0 ? List.of(new Enclosure(link + ".mp3", "audio/mpeg", 1234))
                    : List.of())
                .build();
            List<IdentityKey> keys = List.of(new IdentityKey(IdentityKey.Kind.GUID, link),
                new IdentityKey(IdentityKey.Kind.LINK, link));
            batch.add(new Candidate(item, keys, "urn:uuid:" + f + "-" + i, true));
          }
          String source = "s" + f;
          long t0 = System.nanoTime();
          db.transaction(c -> {
            long t1 = System.nanoTime();
            StoreOutcome o = store.store(c, source, batch);
            inStore[0] += System.nanoTime() - t1;
            return o;
          });
          inTx[0] += System.nanoTime() - t0;
        }
        double secs = (System.nanoTime() - start) / 1e9;
        System.out.printf("round %d: %d items in %.2f s = %.0f items/s (statements %.2f s,"
            + " commit %.2f s)%n", round, feeds * perFeed, secs, feeds * perFeed / secs,
            inStore[0] / 1e9, (inTx[0] - inStore[0]) / 1e9);
      }
    }
  }
}
