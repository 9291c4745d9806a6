package cc.microsolidarity.tributary.cli;

import org.slf4j.LoggerFactory;

/**
 * Start-up work that needs no configuration (loading and initialising classes: TLS, Jetty),
 * done on a second core while the main thread reads feeds.yaml and opens the
 * database. Best effort: a failure here is ignored, since the main path does the same work
 * again where it needs it and reports any problem there.
 */
final class Preloading {
  private Preloading() {}

  static void start(Runnable... work) {
    // Logging first, on this thread: SLF4J queues and then replays (with a warning on the
    // console) what other threads log while it is still being set up.
    LoggerFactory.getILoggerFactory();
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
}
