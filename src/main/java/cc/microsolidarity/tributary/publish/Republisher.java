package cc.microsolidarity.tributary.publish;

import cc.microsolidarity.tributary.model.FeedsConfig;
import java.time.Duration;
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
 */
public final class Republisher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Republisher.class);

  private final OutputBuilder builder;
  private final Supplier<FeedsConfig> config;
  private final Consumer<Map<String, RenderedFeed>> sink;
  private final Duration coalesce;
  private final AtomicBoolean pending = new AtomicBoolean();
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
      executor.schedule(this::rebuild, coalesce.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Builds and hands over the outputs now, on the caller's thread (used at start). */
  public synchronized void rebuildNow() {
    sink.accept(builder.build(config.get()));
  }

  private void rebuild() {
    pending.set(false);
    try {
      rebuildNow();
    } catch (RuntimeException e) {
      // The last good outputs stay served; the next change tries again.
      log.warn("rebuilding the feeds failed: {}", e.getMessage());
    }
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
