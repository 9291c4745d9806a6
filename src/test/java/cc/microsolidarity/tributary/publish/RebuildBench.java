package cc.microsolidarity.tributary.publish;

import cc.microsolidarity.tributary.config.FeedsConfigLoader;
import cc.microsolidarity.tributary.model.Entry;
import cc.microsolidarity.tributary.model.FeedsConfig;
import cc.microsolidarity.tributary.model.Source;
import cc.microsolidarity.tributary.model.SourceStatus;
import cc.microsolidarity.tributary.store.Database;
import cc.microsolidarity.tributary.store.EntryStore;
import cc.microsolidarity.tributary.store.SourceStateStore;
import cc.microsolidarity.tributary.store.SourceStatuses;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What a daemon's rebuild costs after one new entry, rendering afresh against reusing the last
 * build's unchanged outputs, taking turns in one JVM, on a database the benchmark filled:
 * {@code mvn -o test -Dtest=RebuildBench -Dbench.rebuild.db=bench/out/run-10000x50/poll.db
 * -Dbench.rebuild.feeds=bench/out/run-10000x50/feeds.yaml}. Skipped otherwise. The database is
 * opened for reading only.
 */
class RebuildBench {
  @Test
  void renderAfterOneNewEntry() throws Exception {
    String db = System.getProperty("bench.rebuild.db");
    Assumptions.assumeTrue(db != null, "set -Dbench.rebuild.db and -Dbench.rebuild.feeds");
    FeedsConfig config = new FeedsConfigLoader().load(
        Path.of(System.getProperty("bench.rebuild.feeds")));
    List<Entry> visible;
    List<SourceStatus> sources;
    try (Database d = Database.open(Path.of(db), Database.Integrity.FOR_READING)) {
      EntryStore entries = new EntryStore(Clock.systemUTC());
      SourceStatuses statuses = new SourceStatuses(new SourceStateStore(), entries);
      Set<String> active = config.sources().stream().map(Source::id).collect(Collectors.toSet());
      visible = d.read(c -> entries.visible(c, active, config.feed().maxEntries() * 20, 0));
      sources = d.read(c -> statuses.withoutCounts(c, config.sources()));
    }
    Publisher publisher = new Publisher();
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    List<Long> fresh = new ArrayList<>();
    List<Long> reusing = new ArrayList<>();
    Map<String, RenderedFeed> last = Map.of();
    List<Entry> list = new ArrayList<>(visible);
    int limit = list.size();
    for (int round = 0; round < 80; round++) {
      // Each round one more new entry on top, the oldest falling off, as the store would show.
      Entry top = visible.get(0);
      long later = 60L * (round + 1);
      list.add(0, new Entry(top.id() + "-" + round, top.item().toBuilder()
          .title("new " + round).build(), top.published().plusSeconds(later),
          top.updated().plusSeconds(later), top.firstSeen(), top.sourceIds()));
      list.remove(limit);
      boolean reuse = round % 2 == 1;
      long start = cpu.getCurrentThreadCpuTime();
      List<Entry> shown = List.copyOf(list);
      Map<String, RenderedFeed> out = reuse
          ? publisher.render(config.feed(), sources, shown, last)
          : publisher.render(config.feed(), sources, shown);
      long took = cpu.getCurrentThreadCpuTime() - start;
      if (round >= 20) { // after warming up
        (reuse ? reusing : fresh).add(took);
      }
      last = out;
    }
    System.out.printf("rebuild after one new entry, %d sources, %d entries: afresh %s,"
        + " reusing %s (CPU ms, median [min-max] of %d each)%n", sources.size(),
        visible.size(), summary(fresh), summary(reusing), fresh.size());
  }

  private static String summary(List<Long> nanos) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    return String.format("%.1f [%.1f-%.1f]", sorted.get(sorted.size() / 2) / 1e6,
        sorted.get(0) / 1e6, sorted.get(sorted.size() - 1) / 1e6);
  }
}
