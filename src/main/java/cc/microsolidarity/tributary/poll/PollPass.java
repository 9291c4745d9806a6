package cc.microsolidarity.tributary.poll;

import cc.microsolidarity.tributary.model.FeedSettings;
import cc.microsolidarity.tributary.model.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Polls a set of sources once, {@code concurrency} at a time (the fetcher adds the per-host
 * limit), and returns their outcomes in the sources' order. A source's failure never stops
 * the others.
 */
public final class PollPass {
  private final Poller poller;
  private final int concurrency;

  public PollPass(Poller poller, int concurrency) {
    this.poller = poller;
    this.concurrency = Math.max(1, concurrency);
  }

  public List<PollOutcome> run(List<Source> sources, FeedSettings feed) {
    if (sources.isEmpty()) {
      return List.of();
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, sources.size()),
        r -> {
          Thread t = new Thread(r, "poll");
          t.setDaemon(true);
          return t;
        });
    try {
      List<Future<PollOutcome>> futures = new ArrayList<>(sources.size());
      for (Source s : sources) {
        futures.add(pool.submit(() -> poller.poll(s, feed)));
      }
      List<PollOutcome> out = new ArrayList<>(sources.size());
      for (Future<PollOutcome> f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("poll interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("poll failed unexpectedly: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
