package cc.microsolidarity.tributary.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;

/**
 * What SIGTERM and Ctrl-C do as the daemon starts, then runs. Taken from the first moment, so
 * none is met by the JVM's own handling, which exits without a word:
 * <ol>
 *   <li>while the configuration is read and the database opened (its check can take
 *       minutes), the process ends at once with 143: cutting that short loses nothing, as any
 *       kill does;
 *   <li>once the start is short (the first build, the schedule) a stop waits for its end, as
 *       the feeds may already be served;
 *   <li>running, the first signal starts the clean stop and a second exits at once.
 * </ol>
 */
final class StopSignal {
  private final Logger log;
  private final AtomicReference<Runnable> onSignal = new AtomicReference<>();
  private final AtomicBoolean askedWhileStarting = new AtomicBoolean();
  private final AtomicBoolean stopping = new AtomicBoolean();

  StopSignal(Logger log) {
    this.log = log;
    onSignal.set(() -> {
      log.info("stop asked for while starting: exiting now (nothing is lost)");
      Runtime.getRuntime().halt(ExitCodes.STOPPED_WHILE_STARTING);
    });
    Signals.onStop(() -> onSignal.get().run());
  }

  /** From here a stop waits for {@link #running}. */
  void startIsShortNow() {
    onSignal.set(() -> {
      if (askedWhileStarting.compareAndSet(false, true)) {
        log.info("stop asked for while starting: stopping as the start finishes");
      } else {
        exitNow();
      }
    });
  }

  /** The start is done: {@code stop} runs (once) at the first signal, or now if one came. */
  void running(Runnable stop) {
    Runnable once = () -> {
      if (stopping.compareAndSet(false, true)) {
        stop.run();
      } else {
        exitNow();
      }
    };
    onSignal.set(once);
    if (askedWhileStarting.get()) {
      once.run();
    }
  }

  private void exitNow() {
    log.warn("second signal: exiting now");
    Runtime.getRuntime().halt(130);
  }
}
