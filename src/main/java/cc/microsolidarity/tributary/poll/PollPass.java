package cc.microsolidarity.tributary.poll;

import cc.microsolidarity.tributary.model.FeedSettings;
import cc.microsolidarity.tributary.model.Source;
import cc.microsolidarity.tributary.store.SourceState;
import cc.microsolidarity.tributary.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Polls a set of sources once, {@code concurrency} at a time (the fetcher adds the per-host
 * limit), and returns their outcomes in the sources' order. A source's failure never stops
 * the others. The bookkeeping of sources that stored nothing is saved in batches, all of it
 * before {@link #run} returns.
 */
public final class PollPass {
  /** Unchanged sources' bookkeeping saved per transaction (see {@link UnchangedStates}). */
  static final int STATES_PER_TRANSACTION = 128;

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
    UnchangedStates unchanged = poller.unchangedStates(STATES_PER_TRANSACTION);
    try {
      Map<String, SourceState> stored = storedStates();
      List<Future<PollOutcome>> futures = new ArrayList<>(sources.size());
      for (Source s : sources) {
        futures.add(pool.submit(() -> poller.poll(s, feed, unchanged, stored)));
      }
      List<PollOutcome> done = new ArrayList<>(sources.size());
      for (Future<PollOutcome> f : futures) {
        done.add(f.get());
      }
      unchanged.flush();
      List<PollOutcome> out = new ArrayList<>(done.size());
      for (PollOutcome o : done) {
        out.add(withStateSaved(o, unchanged));
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("poll interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("poll failed unexpectedly: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
      unchanged.flush(); // after a failure too: what was polled is remembered
    }
  }

  /**
   * Every source's state in one read; null when the database refuses it (a corrupt page), so
   * that each poll reads its own and fails alone with the reason, as it would by itself.
   */
  private Map<String, SourceState> storedStates() {
    try {
      return poller.storedStates();
    } catch (StoreException e) {
      return null;
    }
  }

  /** An unchanged poll whose state could not be saved failed after all, as it would alone. */
  private static PollOutcome withStateSaved(PollOutcome o, UnchangedStates unchanged) {
    String failure = o.status() == PollOutcome.Status.NOT_MODIFIED
        ? unchanged.failure(o.sourceId()) : null;
    if (failure == null) {
      return o;
    }
    return new PollOutcome(o.sourceId(), PollOutcome.Status.FAILED, o.httpStatus(), failure,
        null, o.stored(), o.items(), o.bytes(), o.elapsedMillis(), o.nextDue());
  }
}
