package cc.microsolidarity.tributary.poll;

import cc.microsolidarity.tributary.store.Database;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * CPU time spent in each step of polling, summed over the threads that ran it: where a poll's
 * cost goes, without a profiler. Reads the running thread's CPU clock at the edges of each
 * step, a few times per source; time a thread spends waiting (for the network, a parse slot,
 * the database writer) is not CPU and is not counted. Thread-safe.
 */
public final class CpuStages {
  /** The steps of {@link Poller}, in the order a fetched body goes through them. */
  public enum Stage {
    /** Connecting, sending, reading and decompressing. */
    FETCH,
    /** The body's hash, which skips the parse of a body seen before. */
    HASH,
    /** XML or JSON to items. */
    PARSE,
    /** Sanitising, canonical links, identity keys, filters. */
    NORMALISE,
    /** Items to stored JSON and content hashes. */
    ENCODE,
    /** The database transaction: items and the source's state. */
    STORE
  }

  private final LongSupplier threadCpuNanos;
  private final Map<Stage, LongAdder> spent = new EnumMap<>(Stage.class);

  /** {@code threadCpuNanos}: the calling thread's CPU time, in nanoseconds. */
  public CpuStages(LongSupplier threadCpuNanos) {
    this.threadCpuNanos = threadCpuNanos;
    for (Stage s : Stage.values()) {
      spent.put(s, new LongAdder());
    }
  }

  /** On the JVM's per-thread CPU clock; counts nothing where the JVM has none. */
  public static CpuStages ofThreadCpu() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    return threads.isCurrentThreadCpuTimeSupported()
        ? new CpuStages(threads::getCurrentThreadCpuTime) : new CpuStages(() -> 0L);
  }

  /** The calling thread's CPU clock, to pass to {@link #charge}. */
  public long mark() {
    return threadCpuNanos.getAsLong();
  }

  /** Charges {@code stage} the calling thread's CPU since {@code since}; returns a new mark. */
  public long charge(Stage stage, long since) {
    long now = threadCpuNanos.getAsLong();
    spent.get(stage).add(Math.max(0, now - since));
    return now;
  }

  /**
   * A span the database's writer tells around a transaction: charges {@code stage} the
   * writer's CPU for it, as storing runs there and not on the polling thread.
   */
  public Database.Span onWriter(Stage stage) {
    return new Database.Span() {
      @Override
      public long begin() {
        return mark();
      }

      @Override
      public void end(long begun) {
        charge(stage, begun);
      }
    };
  }

  public Duration spent(Stage stage) {
    return Duration.ofNanos(spent.get(stage).sum());
  }
}
