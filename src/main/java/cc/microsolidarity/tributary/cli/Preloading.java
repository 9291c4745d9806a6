package cc.microsolidarity.tributary.cli;

import org.slf4j.LoggerFactory;

/**
 * Start-up work that needs no configuration (loading and initialising classes: logging, TLS,
 * Jetty), done on a second core while the main thread reads feeds.yaml and opens the
 * database. Best effort: a failure here is ignored, since the main path does the same work
 * again where it needs it and reports any problem there.
 */
final class Preloading {
  private Preloading() {}

  static void start(Runnable... work) {
    Thread t = new Thread(() -> {
      for (Runnable step : work) {
        try {
          step.run();
        } catch (RuntimeException | LinkageError ignored) {
          // the main path meets it again and says so
        }
      }
    }, "preload");
    t.setDaemon(true);
    t.start();
  }

  /** Logback reads its configuration on first use (~0.1 s with a warm class archive). */
  static void logging() {
    LoggerFactory.getILoggerFactory();
  }
}
