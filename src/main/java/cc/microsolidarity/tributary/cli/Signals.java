package cc.microsolidarity.tributary.cli;

import sun.misc.Signal;

/**
 * SIGTERM and Ctrl-C (SIGINT) handling. A shutdown hook cannot tell a first signal from a
 * second, so the daemon takes the signals itself: the first starts a clean stop, the second
 * exits at once. SIGHUP, which the JVM would treat as a stop without the daemon's clean one,
 * asks for a reload instead, as daemons conventionally take it ({@code systemctl reload}).
 */
final class Signals {
  private Signals() {}

  static void onStop(Runnable handler) {
    for (String name : new String[] {"TERM", "INT"}) {
      handle(name, handler);
    }
  }

  static void onReload(Runnable handler) {
    handle("HUP", handler);
  }

  private static void handle(String name, Runnable handler) {
    try {
      Signal.handle(new Signal(name), s -> handler.run());
    } catch (IllegalArgumentException e) {
      // signal not available on this platform (e.g. INT under some service managers)
    }
  }
}
