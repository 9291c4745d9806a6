package cc.microsolidarity.tributary.parse;

import cc.microsolidarity.tributary.model.Item;
import cc.microsolidarity.tributary.model.ParsedFeed;
import cc.microsolidarity.tributary.model.Source;
import cc.microsolidarity.tributary.model.SourceKind;
import cc.microsolidarity.tributary.normalize.ItemFilter;
import cc.microsolidarity.tributary.normalize.ItemNormalizer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Throughput harness, not a test: skipped unless {@code -Dbench.parse=true}. Reads every feed
 * file in {@code bench.dir} (default: the shared real corpus; {@code .gz} files skipped), warms
 * up, then times rounds of parsing every file with {@link FeedParser}, and of parsing plus
 * normalising (and filtering, as the poller does) every item, printing items/s and MB/s as the
 * median of five rounds. Single-threaded and timed by the thread's CPU time, so the figures are
 * per core (GC and JIT threads are not counted).
 */
class ParseThroughputBench {
  private static final int ROUNDS = 5;

  @Test
  void printsParseAndNormalizeThroughput() throws IOException {
    Assumptions.assumeTrue(Boolean.getBoolean("bench.parse"), "bench.parse not set");
    String dir = System.getProperty("bench.dir",
        System.getProperty("tributary.sharedFixtures", "/work/shared/fixtures/real"));
    long roundMillis = Long.getLong("bench.roundMillis", 2000);
    long warmMillis = Long.getLong("bench.warmMillis", 4000);
    List<Path> paths;
    try (Stream<Path> s = Files.list(Path.of(dir))) {
      paths = s.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().endsWith(".gz"))
          .filter(p -> !p.getFileName().toString().endsWith(".tsv"))
          .filter(p -> !p.getFileName().toString().endsWith(".md"))
          .sorted().toList();
    }
    List<byte[]> bodies = new ArrayList<>();
    long bytes = 0;
    for (Path p : paths) {
      byte[] b = Files.readAllBytes(p);
      bodies.add(b);
      bytes += b.length;
    }
    URI base = URI.create("https://example.org/feeds/x.xml");
    FeedParser parser = new FeedParser();
    ItemNormalizer normalizer = new ItemNormalizer(
        Clock.fixed(Instant.parse("2025-06-01T00:00:00Z"), ZoneOffset.UTC));
    ItemFilter filter = new ItemFilter(null);
    Source source = Source.of("bench", SourceKind.BLOG, "https://example.org/feeds/x.xml");

    String dump = System.getProperty("bench.dump");
    if (dump != null) {
      dump(Path.of(dump), paths, bodies, parser, normalizer, filter, source, base);
      return;
    }
    long items = countItems(parser, bodies, base);
    System.out.printf(Locale.ROOT, "bench: %d files, %.1f MB, %d items from %s%n",
        bodies.size(), bytes / 1e6, items, dir);

    runFor(warmMillis, () -> parseAll(parser, bodies, base, null, null, null));
    double[] parseRates = new double[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
      parseRates[r] = runFor(roundMillis, () -> parseAll(parser, bodies, base, null, null, null));
    }
    runFor(warmMillis, () -> parseAll(parser, bodies, base, normalizer, filter, source));
    double[] fullRates = new double[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
      fullRates[r] = runFor(roundMillis,
          () -> parseAll(parser, bodies, base, normalizer, filter, source));
    }
    report("parse", parseRates, items, bytes);
    report("parse+normalize", fullRates, items, bytes);
  }

  private static void report(String what, double[] passesPerSecond, long items, long bytes) {
    double[] sorted = passesPerSecond.clone();
    Arrays.sort(sorted);
    double median = sorted[sorted.length / 2];
    System.out.printf(Locale.ROOT,
        "bench: %-16s %9.0f items/s %7.1f MB/s (median of %d; rounds items/s: %s)%n",
        what, median * items, median * bytes / 1e6, sorted.length,
        Arrays.stream(passesPerSecond).mapToObj(p -> String.format(Locale.ROOT, "%.0f", p * items))
            .toList());
  }

  /**
   * Passes per second of this thread's CPU time, over at least {@code millis} of it: CPU time
   * rather than wall time because the machine is shared and its load swings.
   */
  private static double runFor(long millis, Runnable pass) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long start = threads.getCurrentThreadCpuTime();
    long end = start + millis * 1_000_000;
    int passes = 0;
    long now;
    do {
      pass.run();
      passes++;
      now = threads.getCurrentThreadCpuTime();
    } while (now < end);
    return passes / ((now - start) / 1e9);
  }

  /** Every result and normalised item as text, to diff behaviour before and after a change. */
  private static void dump(Path out, List<Path> paths, List<byte[]> bodies, FeedParser parser,
      ItemNormalizer normalizer, ItemFilter filter, Source source, URI base) throws IOException {
    ItemFilter tagged = new ItemFilter("#commons");
    Source search = Source.of("s", SourceKind.SEARCH, "https://example.org/s");
    Source words = new Source("w", SourceKind.BLOG, URI.create("https://example.org/w"),
        java.time.Duration.ofHours(1), null, List.of("garden", "the", "mutual aid"),
        List.of("river", "podcast"), true);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < bodies.size(); i++) {
      ParseResult r = parser.parse(bodies.get(i), null, base);
      sb.append("== ").append(paths.get(i).getFileName()).append('\n').append(r).append('\n');
      if (r instanceof ParseResult.Parsed) {
        for (Item item : ((ParseResult.Parsed) r).feed().items()) {
          Item n = normalizer.normalize(item);
          sb.append("-> ").append(filter.accepts(source, n)).append(' ')
              .append(tagged.accepts(search, n)).append(' ').append(filter.accepts(words, n))
              .append(' ').append(n).append('\n');
        }
      }
    }
    Files.writeString(out, sb.toString());
  }

  private static long countItems(FeedParser parser, List<byte[]> bodies, URI base) {
    long n = 0;
    for (byte[] b : bodies) {
      ParseResult r = parser.parse(b, null, base);
      if (r instanceof ParseResult.Parsed) {
        n += ((ParseResult.Parsed) r).feed().items().size();
      }
    }
    return n;
  }

  private int sink;

  private void parseAll(FeedParser parser, List<byte[]> bodies, URI base,
      ItemNormalizer normalizer, ItemFilter filter, Source source) {
    int h = 0;
    for (byte[] b : bodies) {
      ParseResult r = parser.parse(b, null, base);
      if (!(r instanceof ParseResult.Parsed)) {
        continue;
      }
      ParsedFeed feed = ((ParseResult.Parsed) r).feed();
      for (Item item : feed.items()) {
        if (normalizer != null) {
          Item n = normalizer.normalize(item);
          h += filter.accepts(source, n) ? 1 : 0;
          h += n.hashCode();
        } else {
          h += item.hashCode();
        }
      }
    }
    sink += h;
  }
}
