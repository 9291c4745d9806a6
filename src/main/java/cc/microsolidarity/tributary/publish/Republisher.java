package cc.microsolidarity.tributary.publish;

import cc.microsolidarity.tributary.model.FeedsConfig;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds every output once after changes, coalescing bursts: many polls finishing together
 * cause one rebuild. Rebuilds run on one thread, so outputs are never built concurrently.
 * While changes keep coming (a first round over a thousand sources), rebuilds are spaced so
 * they take at most a tenth of one core: a rebuild renders and compresses every page, and
 * doing that every two seconds had doubled the CPU cost of a daemon's first round.
 */
public final class Republisher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("tributary.publish");
  /** Wait this many times the last rebuild's duration before the next (≤ 10% of a core). */
  static final int BUILD_SPACING = 9;
  static final Duration MAX_SPACING = Duration.ofSeconds(30);

  private final OutputBuilder builder;
  private final Supplier<FeedsConfig> config;
  private final Consumer<Map<String, RenderedFeed>> sink;
  private final Duration coalesce;
  private final AtomicBoolean pending = new AtomicBoolean();
  private volatile long lastBuildNanos;
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
      r -> {
        Thread t = new Thread(r, "republish");
        t.setDaemon(true);
        return t;
      });

  public Republisher(OutputBuilder builder, Supplier<FeedsConfig> config,
      Consumer<Map<String, RenderedFeed>> sink, Duration coalesce) {
    this.builder = builder;
    this.config = config;
    this.sink = sink;
    this.coalesce = coalesce;
  }

  /** Asks for a rebuild soon; cheap and safe from any thread. */
  public void requestRebuild() {
    if (pending.compareAndSet(false, true)) {
      executor.schedule(this::rebuild, delay(coalesce, Duration.ofNanos(lastBuildNanos)).toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  /** How long to wait before a requested rebuild, given how long the last one took. */
  static Duration delay(Duration coalesce, Duration lastBuild) {
    Duration spaced = lastBuild.multipliedBy(BUILD_SPACING);
    if (spaced.compareTo(MAX_SPACING) > 0) {
      spaced = MAX_SPACING; // a stalled machine still publishes within half a minute
    }
    return spaced.compareTo(coalesce) > 0 ? spaced : coalesce;
  }

  /** Builds and hands over the outputs now, on the caller's thread (used at start). */
  public synchronized void rebuildNow() {
    FeedsConfig current = config.get();
    Map<String, RenderedFeed> built;
    try {
      built = builder.build(current);
    } catch (OutOfMemoryError e) {
      // What the build held is garbage now; say what to change rather than die of it.
      throw new PublishException(String.format(Locale.ROOT, "not enough memory"
          + " to publish pages of %d entries (max_entries in feeds.yaml) with the JVM's %d MB"
          + " heap: lower max_entries or give it more (-Xmx)", current.feed().maxEntries(),
          Runtime.getRuntime().maxMemory() >> 20), e);
    }
    sink.accept(built);
  }

  private void rebuild() {
    pending.set(false);
    try {
      // Only these count for the spacing: the build at start runs in a cold JVM and says
      // nothing about what the next one will cost. CPU time, not wall time: a build that
      // waited for a locked database cost nothing and must not hold back the next one.
      long start = cpuNanos();
      rebuildNow();
      lastBuildNanos = cpuNanos() - start;
    } catch (RuntimeException e) {
      // The last good outputs stay served; the next change tries again.
      log.warn("rebuilding the feeds failed: {}", e.getMessage());
    }
  }

  private static long cpuNanos() {
    java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();
    return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : 0;
  }

  /** Finishes a pending rebuild (so a clean stop publishes what it stored), then stops. */
  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
