package cc.microsolidarity.tributary.poll;

import cc.microsolidarity.tributary.store.Database;
import cc.microsolidarity.tributary.store.SourceState;
import cc.microsolidarity.tributary.store.SourceStateStore;
import cc.microsolidarity.tributary.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bookkeeping of polls that stored nothing (a 304, or the same bytes again), saved up to
 * {@code size} sources per transaction instead of one transaction each: a pass over a
 * thousand unchanged sources made a thousand commits, and a WAL of as many page copies for
 * the checkpoint at close to fold back.
 *
 * <p>What waits here is never an item and never shown: a crash before it is saved costs a
 * repeated conditional GET, nothing more (DESIGN: nothing committed is lost; items of a fetch
 * are still stored in their own transaction). A source whose state could not be saved is
 * remembered with the reason ({@link #failure}). Thread-safe.
 */
public final class UnchangedStates {
  private final Database db;
  private final SourceStateStore states;
  private final int size;
  private final CpuStages stages;
  private final List<SourceState> pending = new ArrayList<>();
  private final Map<String, String> failures = new ConcurrentHashMap<>();

  UnchangedStates(Database db, SourceStateStore states, int size, CpuStages stages) {
    this.db = db;
    this.states = states;
    this.size = Math.max(1, size);
    this.stages = stages;
  }

  /**
   * Keeps {@code state} to save; saves the lot when {@code size} are waiting. The batch is
   * written outside the lock: the first write waits for the database's integrity verdict, and
   * other polls must not queue behind it to hand in theirs.
   */
  void add(SourceState state) {
    List<SourceState> batch = null;
    synchronized (this) {
      pending.add(state);
      if (pending.size() >= size) {
        batch = take();
      }
    }
    if (batch != null) {
      save(batch);
    }
  }

  /** Saves every waiting state in one transaction; never throws for a database failure. */
  public void flush() {
    List<SourceState> batch;
    synchronized (this) {
      batch = take();
    }
    if (!batch.isEmpty()) {
      save(batch);
    }
  }

  /** The waiting states: saved or not, they are not tried again (the next poll writes afresh). */
  private List<SourceState> take() {
    List<SourceState> batch = List.copyOf(pending);
    pending.clear();
    return batch;
  }

  private void save(List<SourceState> batch) {
    try {
      db.transaction(c -> {
        for (SourceState s : batch) {
          states.save(c, s);
        }
        return null;
      }, stages.onWriter(CpuStages.Stage.STORE));
    } catch (StoreException e) {
      for (SourceState s : batch) {
        failures.put(s.sourceId(), "storing failed: " + e.getMessage());
      }
    }
  }

  /** Why the state of {@code sourceId} could not be saved, or null when it was (or is due). */
  public String failure(String sourceId) {
    return failures.get(sourceId);
  }
}
