package cc.microsolidarity.tributary.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;

/**
 * The daemon's stop, step by step: each step runs even when one before it failed, so a
 * failure (a class the JVM can no longer load because the jar was overwritten in place, say)
 * never leaves the database open or the process hanging.
 */
final class ShutdownSteps {
  /** {@code limit} null: the step is waited for however long it takes. */
  private record Step(String what, Runnable action, Duration limit) {}

  private final Logger log;
  private final List<Step> steps = new ArrayList<>();

  ShutdownSteps(Logger log) {
    this.log = log;
  }

  ShutdownSteps then(String what, Runnable action) {
    steps.add(new Step(what, action, null));
    return this;
  }

  /**
   * A step waited for at most {@code limit}: one that waits on a thread which may have died
   * (out of memory), as stopping Jetty waits on its selector's, would otherwise hang the stop.
   */
  ShutdownSteps thenWithin(String what, Duration limit, Runnable action) {
    steps.add(new Step(what, action, limit));
    return this;
  }

  /** Runs every step in order; true when none failed. */
  boolean run() {
    boolean clean = true;
    for (Step step : steps) {
      try {
        if (step.limit() == null) {
          step.action().run();
        } else if (!runWithin(step)) {
          clean = false;
          log.error("stopping: {} did not finish within {} s; going on without it",
              step.what(), step.limit().toSeconds());
        }
      } catch (Throwable t) { // an Error too: the steps after it must still run
        clean = false;
        log.error("stopping: {} failed: {}", step.what(), t.toString());
      }
    }
    return clean;
  }

  /** False when the step was still running at its limit; what it threw is rethrown. */
  private static boolean runWithin(Step step) throws Throwable {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        step.action().run();
      } catch (Throwable e) {
        thrown.set(e);
      }
    }, "stop-step");
    t.setDaemon(true); // left behind when stuck: it must not keep the JVM alive
    t.start();
    t.join(step.limit().toMillis());
    if (t.isAlive()) {
      return false;
    }
    if (thrown.get() != null) {
      throw thrown.get();
    }
    return true;
  }
}
