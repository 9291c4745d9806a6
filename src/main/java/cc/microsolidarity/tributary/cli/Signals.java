package cc.microsolidarity.tributary.cli;

import sun.misc.Signal;

/**
 * SIGTERM and Ctrl-C (SIGINT) handling. A shutdown hook cannot tell a first signal from a
 * second, so the daemon takes the signals itself: the first starts a clean stop, the second
 * exits at once.
 */
final class Signals {
  private Signals() {}

  static void onStop(Runnable handler) {
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        Signal.handle(new Signal(name), s -> handler.run());
      } catch (IllegalArgumentException e) {
        // signal not available on this platform (e.g. INT under some service managers)
      }
    }
  }
}
