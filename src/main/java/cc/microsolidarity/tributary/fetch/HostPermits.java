package cc.microsolidarity.tributary.fetch;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;

/**
 * Politeness limits: at most {@code perHost} requests in flight per host name and
 * {@code overall} in total. The host permit is taken first, so threads queued behind a busy host
 * do not hold overall permits that other hosts could use. Fair semaphores: no starvation.
 * Thread-safe. One semaphore per host name ever seen (bounded by sources and their redirects).
 */
final class HostPermits {

  /** A piece of I/O run while holding permits. */
  @FunctionalInterface
  interface Io<T> {
    T run() throws IOException;
  }

  private final int perHost;
  private final Semaphore overall;
  private final ConcurrentMap<String, Semaphore> hosts = new ConcurrentHashMap<>();

  HostPermits(int perHost, int overall) {
    this.perHost = Math.max(1, perHost);
    this.overall = new Semaphore(Math.max(1, overall), true);
  }

  <T> T run(String host, Io<T> io) throws IOException, InterruptedException {
    Semaphore hostPermits = hosts.computeIfAbsent(
        host.toLowerCase(Locale.ROOT), h -> new Semaphore(perHost, true));
    hostPermits.acquire();
    try {
      overall.acquire();
      try {
        return io.run();
      } finally {
        overall.release();
      }
    } finally {
      hostPermits.release();
    }
  }
}
