package cc.microsolidarity.tributary.cli;

import cc.microsolidarity.tributary.model.Counted;
import cc.microsolidarity.tributary.model.Item;
import cc.microsolidarity.tributary.normalize.ItemNormalizer;
import cc.microsolidarity.tributary.parse.FeedParser;
import cc.microsolidarity.tributary.parse.ParseResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Parses feed files from disk with the daemon's parser (no network, no database): what
 * Tributary sees in each file, and on request how fast it reads them on one thread.
 */
@Command(name = "parse", mixinStandardHelpOptions = true,
    description = {"Parse feed files with the parser the daemon uses and print one line per "
        + "file: item count, then the recoveries the parser applied (warnings) or why it "
        + "failed. No network access, no database.",
        "Each file is read into memory once; the figures are parsing only, not disk.",
        "Exit 0 when every file parsed, 4 when any file did not parse (reported on its line), "
        + "2 when a FILE cannot be read."})
final class ParseCommand implements Callable<Integer> {
  /**
   * The document URL relative links resolve against. Not the file's {@code file:} URI: the
   * daemon resolves against the feed's http(s) URL, and the normaliser drops non-http(s)
   * links, so a {@code file:} base would make relative links vanish and the work differ from
   * the daemon's. {@code .invalid} (RFC 2606) can never resolve, and the parser never fetches.
   */
  static final URI DOCUMENT_URL = URI.create("https://feed.invalid/feed.xml");

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Feed files (RSS, Atom, RDF, "
      + "JSON Feed).")
  List<Path> files;

  @Option(names = "--normalize", description = "Also run every item through the normaliser "
      + "the daemon applies before storing (sanitised HTML, clean titles, clamped dates).")
  boolean normalize;

  @Option(names = "--rounds", paramLabel = "N", defaultValue = "1",
      description = "Time N rounds over all files on one thread after a first (warm-up) pass "
          + "and report the median round. With 1 (default) the first pass itself is timed, "
          + "cold JVM included.")
  int rounds;

  @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "0",
      description = "Before the timed rounds, parse the files over and over for this long, "
          + "untimed, so the JIT has compiled the hot paths: a steady-state figure, as the "
          + "daemon runs. Default 0: only the first pass warms up.")
  double warmupSeconds;

  @Option(names = "--quiet", description = "Print only the summary line.")
  boolean quiet;

  @Option(names = "--json", description = "Print the summary as one JSON object instead "
      + "(files, items, bytes, failed, rounds, warmup_seconds, seconds_median, items_per_s, "
      + "mb_per_s, cpu_seconds_median, cpu_items_per_s (by this thread's CPU time), "
      + "normalize); per-file lines are left out and failures go to stderr.")
  boolean json;

  /** One file read into memory. */
  private record Input(Path path, byte[] body) {}

  /** What one pass over every file saw. */
  private record Pass(long items, int failed, long sink) {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (rounds < 1) {
      err.println("--rounds must be at least 1");
      err.flush();
      return ExitCodes.USAGE;
    }
    if (!(warmupSeconds >= 0 && warmupSeconds <= 3600)) {
      err.println("--warmup must be between 0 and 3600 seconds");
      err.flush();
      return ExitCodes.USAGE;
    }
    List<Input> inputs = new ArrayList<>();
    long bytes = 0;
    for (Path p : files) {
      try {
        byte[] body = Files.readAllBytes(p);
        inputs.add(new Input(p, body));
        bytes += body.length;
      } catch (NoSuchFileException e) {
        err.println("cannot read " + p + ": no such file");
        err.flush();
        return ExitCodes.USAGE;
      } catch (IOException e) {
        err.println("cannot read " + p + ": " + (Files.isDirectory(p) ? "is a folder"
            : e.getMessage()));
        err.flush();
        return Files.isDirectory(p) ? ExitCodes.USAGE : ExitCodes.RUNTIME;
      }
    }
    FeedParser parser = Pipeline.parser(FeedParser.DEFAULT_MAX_BODY_BYTES);
    ItemNormalizer normalizer = normalize ? Pipeline.normalizer(Clock.systemUTC()) : null;

    // The first pass reports each file, and is the warm-up when more rounds follow.
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long firstCpu = cpuTime(threads);
    long started = System.nanoTime();
    List<ParseResult> results = new ArrayList<>(inputs.size());
    Pass first = passOver(inputs, parser, normalizer, results);
    long firstNanos = System.nanoTime() - started;
    long firstCpuNanos = firstCpu < 0 ? -1 : cpuTime(threads) - firstCpu;
    report(out, err, inputs, results);

    long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
    while (warmupSeconds > 0 && System.nanoTime() - warmupEnd < 0) {
      passOver(inputs, parser, normalizer, null);
    }
    long[] nanos;
    long[] cpuNanos;
    if (rounds == 1 && warmupSeconds == 0) {
      nanos = new long[] {firstNanos};
      cpuNanos = new long[] {firstCpuNanos};
    } else {
      nanos = new long[rounds];
      cpuNanos = new long[rounds];
      for (int r = 0; r < rounds; r++) {
        long cpu0 = cpuTime(threads);
        long t0 = System.nanoTime();
        passOver(inputs, parser, normalizer, null);
        nanos[r] = System.nanoTime() - t0;
        cpuNanos[r] = cpu0 < 0 ? -1 : cpuTime(threads) - cpu0;
      }
    }
    double seconds = median(nanos) / 1e9;
    // This thread's CPU time as well: on a shared machine the wall time swings with the load.
    double cpuSeconds = cpuNanos[0] < 0 ? -1 : median(cpuNanos) / 1e9;
    double itemsPerSecond = seconds > 0 ? first.items() / seconds : 0;
    double mbPerSecond = seconds > 0 ? bytes / 1e6 / seconds : 0;
    String warmup = BigDecimal.valueOf(warmupSeconds).stripTrailingZeros().toPlainString();
    if (json) {
      String cpu = cpuSeconds < 0 ? "null" : String.format(Locale.ROOT, "%.6f", cpuSeconds);
      String cpuRate = cpuSeconds <= 0 ? "null"
          : String.format(Locale.ROOT, "%.1f", first.items() / cpuSeconds);
      out.printf(Locale.ROOT, "{\"files\":%d,\"items\":%d,\"bytes\":%d,\"failed\":%d,"
          + "\"rounds\":%d,\"warmup_seconds\":%s,\"seconds_median\":%.6f,"
          + "\"items_per_s\":%.1f,\"mb_per_s\":%.3f,"
          + "\"cpu_seconds_median\":%s,\"cpu_items_per_s\":%s,\"normalize\":%b}%n",
          inputs.size(), first.items(), bytes, first.failed(), rounds,
          warmup, seconds,
          itemsPerSecond, mbPerSecond, cpu, cpuRate, normalize);
    } else {
      out.printf(Locale.ROOT, "%s %s, %s, %d bytes, %d failed: %.0f items/s, "
          + "%.2f MB/s (%s, one thread)%n", normalize ? "parsed+normalised" : "parsed",
          Counted.of(inputs.size(), "file"), Counted.of(first.items(), "item"), bytes,
          first.failed(), itemsPerSecond, mbPerSecond,
          rounds == 1 && warmupSeconds == 0 ? "one pass, JVM not warmed up"
              : "median of " + rounds + " rounds"
                  + (warmupSeconds > 0 ? " after " + warmup + " s of warm-up" : ""));
    }
    out.flush();
    return first.failed() == 0 ? ExitCodes.OK : ExitCodes.RUNTIME;
  }

  /** Parses (and normalises) every input once; keeps the results when given a list. */
  private static Pass passOver(List<Input> inputs, FeedParser parser, ItemNormalizer normalizer,
      List<ParseResult> keep) {
    long items = 0;
    int failed = 0;
    long sink = 0;
    for (Input in : inputs) {
      // A file has no Content-Type: the parser sniffs JSON versus XML and reads the XML
      // declaration's encoding, as it does when a server sends none.
      ParseResult r;
      try {
        r = parser.parse(in.body(), null, DOCUMENT_URL);
        if (r instanceof ParseResult.Parsed parsed && normalizer != null) {
          for (Item item : parsed.feed().items()) {
            // Use the result so the work cannot be optimised away.
            sink += normalizer.normalize(item).summaryHtml() == null ? 0 : 1;
          }
        }
      } catch (OutOfMemoryError e) {
        r = ParseResult.Failed.outOfMemory(in.body().length); // the next file may fit
      }
      if (keep != null) {
        keep.add(r);
      }
      if (r instanceof ParseResult.Parsed parsed) {
        items += parsed.feed().items().size();
      } else {
        failed++;
      }
    }
    return new Pass(items, failed, sink);
  }

  private void report(PrintWriter out, PrintWriter err, List<Input> inputs,
      List<ParseResult> results) {
    if (json || quiet) {
      if (json) {
        for (int i = 0; i < inputs.size(); i++) {
          if (results.get(i) instanceof ParseResult.Failed f) {
            err.println(inputs.get(i).path() + ": failed: " + f.message());
          }
        }
        err.flush();
      }
      return;
    }
    int pathWidth = inputs.stream().mapToInt(in -> in.path().toString().length()).max()
        .orElse(4);
    int countWidth = 1;
    for (ParseResult r : results) {
      if (r instanceof ParseResult.Parsed p) {
        countWidth = Math.max(countWidth, String.valueOf(p.feed().items().size()).length());
      }
    }
    for (int i = 0; i < inputs.size(); i++) {
      ParseResult r = results.get(i);
      String count;
      String rest;
      if (r instanceof ParseResult.Parsed p) {
        count = String.valueOf(p.feed().items().size());
        rest = p.feed().warnings().isEmpty() ? ""
            : "  warnings: " + String.join("; ", p.feed().warnings());
      } else {
        count = "0";
        rest = "  failed: " + ((ParseResult.Failed) r).message();
      }
      String noun = count.equals("1") ? "item" : "items";
      if (!rest.isEmpty()) {
        noun = String.format("%-5s", noun); // warnings start in one column
      }
      out.printf("%-" + pathWidth + "s  %" + countWidth + "s %s%s%n",
          inputs.get(i).path(), count, noun, rest);
    }
  }

  /** This thread's CPU time in ns, or -1 where the JVM cannot tell. */
  private static long cpuTime(ThreadMXBean threads) {
    return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
  }
}
