package cc.microsolidarity.tributary.fetch;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * One {@link OkHttpClient} per host, each the shared client with a connection pool of the
 * host's own that keeps one idle connection. OkHttp searches a pool linearly on every call, so
 * one pool holding a connection for each of 254 hosts cost a 1,000-feed warm poll 15-20 % of
 * its fetch CPU, and at 2,504 hosts keeping them all would have cost more than reconnecting.
 * A pool per host is searched in constant time, whatever the number of hosts.
 *
 * <p>Each idle connection holds an open file, so at most a quarter of the process's limit of
 * open files (at most {@value #MAX_HOST_POOLS}) hosts have a pool of their own at a time. A
 * host that finds the table full of pools still holding connections shares the fallback
 * client, whose pool should keep no idle connections (it would be searched linearly), and one
 * such call in {@code maxPools / 8} looks for pools that have emptied.
 */
final class HostClients {

  // With its map entry, a client and its pool take about half a kilobyte of heap.
  static final int MAX_HOST_POOLS = 4_096;
  private static final int MIN_HOST_POOLS = 64;

  private final OkHttpClient fallback;
  private final Duration keepAlive;
  private final int maxPools;
  /** Calls that find every pool taken share the fallback; one in this many looks for room. */
  private final int sweepEvery;
  private final AtomicInteger sharedSinceSweep = new AtomicInteger();
  private final Map<String, OkHttpClient> byHost = new ConcurrentHashMap<>();

  /** @param fallback the shared client; hosts get copies of it with pools of their own */
  HostClients(OkHttpClient fallback, Duration keepAlive) {
    this(fallback, keepAlive, poolsFor(openFileLimit()));
  }

  HostClients(OkHttpClient fallback, Duration keepAlive, int maxPools) {
    this.fallback = fallback;
    this.keepAlive = keepAlive;
    this.maxPools = maxPools;
    this.sweepEvery = Math.max(1, maxPools / 8);
  }

  OkHttpClient forHost(HttpUrl url) {
    OkHttpClient client = byHost.get(url.host());
    if (client != null) {
      return client;
    }
    if (byHost.size() >= maxPools) {
      // Pools empty only as their connections expire: looking through the whole table for
      // every new host would mostly be wasted.
      if (sharedSinceSweep.incrementAndGet() < sweepEvery) {
        return fallback;
      }
      sharedSinceSweep.set(0);
      byHost.values().removeIf(c -> c.connectionPool().connectionCount() == 0);
      if (byHost.size() >= maxPools) {
        return fallback;
      }
    }
    return byHost.computeIfAbsent(url.host(), host -> fallback.newBuilder()
        .connectionPool(new ConnectionPool(1, keepAlive.toMillis(), TimeUnit.MILLISECONDS))
        .build());
  }

  /** How many hosts may keep an idle connection, for a process that may open {@code files}. */
  static int poolsFor(long files) {
    return (int) Math.max(MIN_HOST_POOLS, Math.min(MAX_HOST_POOLS, files / 4));
  }

  private static long openFileLimit() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
        ? unix.getMaxFileDescriptorCount() : 4_096;
  }

  /** Hosts with a pool of their own (for tests). */
  int pools() {
    return byHost.size();
  }

  /** Closes every idle connection, the fallback's too. */
  void evictAll() {
    byHost.values().forEach(c -> c.connectionPool().evictAll());
    fallback.connectionPool().evictAll();
  }
}
