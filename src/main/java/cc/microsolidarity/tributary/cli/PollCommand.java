package cc.microsolidarity.tributary.cli;

import cc.microsolidarity.tributary.config.NearestName;
import cc.microsolidarity.tributary.fetch.FeedFetcher;
import cc.microsolidarity.tributary.model.Counted;
import cc.microsolidarity.tributary.model.FeedsConfig;
import cc.microsolidarity.tributary.model.Source;
import cc.microsolidarity.tributary.poll.CpuStages;
import cc.microsolidarity.tributary.poll.LoggingPollListener;
import cc.microsolidarity.tributary.poll.PollOutcome;
import cc.microsolidarity.tributary.poll.PollPass;
import cc.microsolidarity.tributary.publish.OutputBuilder;
import cc.microsolidarity.tributary.store.Database;
import cc.microsolidarity.tributary.store.RunLock;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "poll", mixinStandardHelpOptions = true,
    description = {"Fetch every enabled source once (conditional GET still applies), store new "
        + "items, write feed.atom, podcast.rss, feed.json, sources.opml and index.html to --out, "
        + "print a summary per source, and exit.",
        "Exit 0 when the config is valid, even if some sources failed."})
final class PollCommand implements Callable<Integer> {
  @Mixin CommonOptions options;
  @Spec CommandSpec spec;

  @Option(names = "--source", paramLabel = "ID", description = "Poll only this source.")
  String sourceId;

  @Option(names = "--due-only", description = "Poll only sources whose next poll is due "
      + "(for cron).")
  boolean dueOnly;

  @Option(names = {"-q", "--quiet"}, description = "Print nothing unless something failed: "
      + "no summary, and of the log only the failures (as cron wants).")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    Preloading.start(FeedFetcher::preload);
    Loaded loaded = Loaded.from(options);
    FeedsConfig config = loaded.feeds();
    PrintWriter out = quiet ? new PrintWriter(Writer.nullWriter())
        : spec.commandLine().getOut();
    List<Source> chosen = config.enabledSources();
    if (sourceId != null) {
      Source s = config.source(sourceId).orElse(null);
      if (s == null) {
        String hint = NearestName.among(sourceId, config.sources().stream().map(Source::id)
            .toList()).map(near -> " (did you mean '" + near + "'?)").orElse("");
        spec.commandLine().getErr().println("no source with id '" + sourceId + "' in "
            + options.feeds + hint);
        return ExitCodes.USAGE;
      }
      chosen = List.of(s);
    }
    Clock clock = Clock.systemUTC();
    RunLock.Attempt lock = dueOnly ? RunLock.attempt(
        RunLock.pollFileFor(loaded.settings().database()), ProcessHandle.current().pid(),
        clock.instant()) : null;
    if (lock != null && lock.lock() == null) {
      // cron started this one while the last still runs: that one polls what is due.
      out.println("another 'poll --due-only' is polling " + loaded.settings().database()
          + lock.holderInParentheses() + ": it polls what is due, and this one nothing");
      out.flush();
      return ExitCodes.OK;
    }
    try (RunLock held = lock == null ? null : lock.lock()) {
      return pollAndPublish(loaded, config, chosen, out, clock);
    }
  }

  private int pollAndPublish(Loaded loaded, FeedsConfig config, List<Source> chosen,
      PrintWriter out, Clock clock) {
    // The database's integrity is checked while the first fetches run (every write waits
    // for the verdict): on a large file that check is a good part of a poll that fetches
    // little.
    try (Pipeline p = new Pipeline(loaded.settings(), config, clock,
        new LoggingPollListener(quiet), Database.Integrity.CHECK_ALONGSIDE)) {
      if (dueOnly) {
        Instant now = clock.instant();
        chosen = chosen.stream().filter(s -> {
          Instant due = p.poller.nextDue(s);
          return due == null || !due.isAfter(now);
        }).toList();
      }
      long started = System.nanoTime();
      List<PollOutcome> outcomes = new PollPass(p.poller, loaded.settings().concurrency())
          .run(chosen, config.feed());
      long pollMillis = (System.nanoTime() - started) / 1_000_000;
      p.db.requireIntact(); // a corrupt file: refused (exit 3) even if nothing was written
      // Before publishing, so that a failure to write still shows what the pass stored.
      printSummary(out, outcomes, pollMillis);
      out.flush();
      CpuStages stages = p.poller.stages();
      long publishStart = stages.mark();
      // After a pass that changed nothing shown (every source 304), the outputs on disk are
      // already what a render would write: the stamp in --out proves it, and skips the render.
      OutputBuilder.Published published = p.outputs.publish(config, loaded.settings().outDir());
      long publishNanos = stages.mark() - publishStart;
      out.println(published.wereCurrent()
          ? "outputs in " + loaded.settings().outDir() + " are current (nothing to write)"
          : "wrote " + published.files() + " files to " + loaded.settings().outDir());
      printCpu(out, stages, Duration.ofNanos(publishNanos), processCpu());
      out.flush();
    } catch (IOException e) {
      spec.commandLine().getErr().println("cannot write to " + loaded.settings().outDir() + ": "
          + IoErrors.describe(e) + " (what was fetched is stored; the next poll writes it)");
      return ExitCodes.RUNTIME;
    }
    return ExitCodes.OK;
  }

  /**
   * Where the CPU time went: each step of polling summed over its threads, publishing, and the
   * rest of the process (start-up, JIT compilation, garbage collection). {@code process}: the
   * whole process's CPU time so far, or null when the JVM cannot tell.
   */
  static void printCpu(PrintWriter out, CpuStages stages, Duration publish, Duration process) {
    StringBuilder line = new StringBuilder("cpu: ");
    Duration counted = publish;
    StringBuilder parts = new StringBuilder();
    for (CpuStages.Stage s : CpuStages.Stage.values()) {
      Duration d = stages.spent(s);
      counted = counted.plus(d);
      parts.append(s.name().toLowerCase(Locale.ROOT)).append(' ').append(seconds(d))
          .append(" + ");
    }
    parts.append("publish ").append(seconds(publish));
    if (process != null) {
      Duration other = process.minus(counted);
      line.append(seconds(process)).append(" s = ").append(parts).append(" + other ")
          .append(seconds(other.isNegative() ? Duration.ZERO : other))
          .append(" (start-up, JIT, GC)");
    } else {
      line.append(seconds(counted)).append(" s in polling = ").append(parts);
    }
    out.println(line);
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.2f", d.toNanos() / 1e9);
  }

  /** The process's CPU time, where the JVM reports it. */
  private static Duration processCpu() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os && os.getProcessCpuTime() >= 0) {
      return Duration.ofNanos(os.getProcessCpuTime());
    }
    return null;
  }

  static void printSummary(PrintWriter out, List<PollOutcome> outcomes, long totalMillis) {
    int width = outcomes.stream().mapToInt(o -> o.sourceId().length()).max().orElse(6);
    int added = 0;
    int updated = 0;
    int failed = 0;
    for (PollOutcome o : outcomes) {
      String what = switch (o.status()) {
        case FETCHED -> o.httpStatus() + "  " + o.stored().added() + " new, "
            + o.stored().updated() + " updated"
            + (o.stored().merged() > 0 ? ", " + o.stored().merged() + " merged" : "")
            + (o.stored().filtered() > 0 ? ", " + o.stored().filtered() + " filtered" : "");
        case NOT_MODIFIED -> o.httpStatus() + "  not modified";
        case DISABLED -> "-    not fetched: " + (o.error() == null
            ? "disabled in feeds.yaml (enabled: false)" : o.error());
        case FAILED -> (o.httpStatus() == 0 ? "ERR" : String.valueOf(o.httpStatus()))
            + "  failed: " + o.error();
      };
      if (o.status() == PollOutcome.Status.DISABLED) {
        out.printf("%-" + width + "s  %s%n", o.sourceId(), what);
      } else {
        out.printf("%-" + width + "s  %s  (%d ms)%n", o.sourceId(), what, o.elapsedMillis());
      }
      added += o.stored().added();
      updated += o.stored().updated();
      failed += o.status() == PollOutcome.Status.FAILED ? 1 : 0;
    }
    out.printf("total: %s, %d new, %d updated, %d failed, %d ms%n",
        Counted.of(outcomes.size(), "source"),
        added, updated, failed, totalMillis);
  }
}
