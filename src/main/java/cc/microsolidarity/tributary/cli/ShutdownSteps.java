package cc.microsolidarity.tributary.cli;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * The daemon's stop, step by step: each step runs even when one before it failed, so a
 * failure (a class the JVM can no longer load because the jar was overwritten in place, say)
 * never leaves the database open or the process hanging.
 */
final class ShutdownSteps {
  private record Step(String what, Runnable action) {}

  private final Logger log;
  private final List<Step> steps = new ArrayList<>();

  ShutdownSteps(Logger log) {
    this.log = log;
  }

  ShutdownSteps then(String what, Runnable action) {
    steps.add(new Step(what, action));
    return this;
  }

  /** Runs every step in order; true when none failed. */
  boolean run() {
    boolean clean = true;
    for (Step step : steps) {
      try {
        step.action().run();
      } catch (Throwable t) { // an Error too: the steps after it must still run
        clean = false;
        log.error("stopping: {} failed: {}", step.what(), t.toString());
      }
    }
    return clean;
  }
}
