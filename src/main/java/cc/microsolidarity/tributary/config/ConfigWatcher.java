package cc.microsolidarity.tributary.config;

import cc.microsolidarity.tributary.model.Counted;
import cc.microsolidarity.tributary.model.FeedsConfig;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads feeds.yaml when it changes and hands a valid new snapshot to the listener; an
 * invalid one is reported and the last good configuration stays. Watches the file's folder,
 * not the file, so an editor that saves by writing a temp file and renaming it over the old
 * one is seen too. Changes are debounced, and a slow periodic check backs up the watch service
 * (which can miss events on some file systems).
 */
public final class ConfigWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("tributary.config");

  /** Called on the watcher's thread. */
  public interface Listener {
    void reloaded(FeedsConfig config);

    void rejected(ConfigException problems);
  }

  private final Path file;
  private final FeedsConfigLoader loader;
  private final Duration debounce;
  private final Duration fallbackCheck;
  private final ScheduledExecutorService executor;
  private volatile Listener listener;
  private WatchService watch;
  private ScheduledFuture<?> pending;
  private volatile FileStamp lastSeen;

  /** How long {@link #close} waits for the file system's watch to close. */
  static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

  /** Watches a folder for changes to its entries (a test gives a watch that misbehaves). */
  interface Watches {
    WatchService open(Path folder) throws IOException;
  }

  private final Watches watches;

  public ConfigWatcher(Path file, FeedsConfigLoader loader, Duration debounce,
      Duration fallbackCheck) {
    this(file, loader, debounce, fallbackCheck, ConfigWatcher::watch);
  }

  static WatchService watch(Path folder) throws IOException {
    WatchService watch = FileSystems.getDefault().newWatchService();
    folder.register(watch, StandardWatchEventKinds.ENTRY_CREATE,
        StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE,
        StandardWatchEventKinds.OVERFLOW);
    return watch;
  }

  ConfigWatcher(Path file, FeedsConfigLoader loader, Duration debounce, Duration fallbackCheck,
      Watches watches) {
    this.watches = watches;
    this.file = file.toAbsolutePath();
    this.loader = loader;
    this.debounce = debounce;
    this.fallbackCheck = fallbackCheck;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "config-watcher");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Reads the file for the first time. What it held is remembered first, so an edit made from
   * then on, also before {@link #start} (a daemon opens its database and schedules its sources
   * in between: seconds, or minutes when a large database is checked), is a reload.
   */
  public FeedsConfig loadFirst() throws ConfigException {
    lastSeen = FileStamp.of(file);
    return loader.load(file);
  }

  /**
   * Starts watching, after {@link #loadFirst}, and looks one debounce later for an edit made
   * since then.
   */
  public void start(Listener listener) {
    this.listener = listener;
    try {
      watch = watches.open(file.getParent());
      Thread t = new Thread(this::watchLoop, "config-watch-events");
      t.setDaemon(true);
      t.start();
    } catch (IOException e) {
      log.warn("cannot watch {} ({}); checking every {} s instead", file, e.getMessage(),
          fallbackCheck.toSeconds());
    }
    executor.scheduleWithFixedDelay(this::checkNow, fallbackCheck.toMillis(),
        fallbackCheck.toMillis(), TimeUnit.MILLISECONDS);
    // The watch reports only what happens after it was registered. Debounced like an event,
    // so a save that is still being written is read once it is whole.
    schedule();
  }

  private void watchLoop() {
    try {
      while (true) {
        WatchKey key = watch.take();
        boolean relevant = key.pollEvents().stream().anyMatch(e ->
            e.kind() == StandardWatchEventKinds.OVERFLOW
                || file.getFileName().equals(e.context()));
        key.reset();
        if (relevant) {
          schedule();
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closing
    }
  }

  private synchronized void schedule() {
    if (pending != null) {
      pending.cancel(false);
    }
    pending = executor.schedule(this::checkNow, debounce.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Looks at the file at once, on the watcher's thread, as SIGHUP asks: {@code by} names the
   * asker in the log, which also says when the file is unchanged (nothing to reload).
   */
  public void checkAt(String by) {
    try {
      executor.execute(() -> {
        if (!checkNow()) {
          log.info("{}: {} is unchanged", by, file);
        }
      });
    } catch (RejectedExecutionException closing) {
      // stopping: nothing to reload into
    }
  }

  /** Loads the file if its content changed since the last look; false when it had not. */
  boolean checkNow() {
    try {
      FileStamp now = FileStamp.of(file);
      if (now.equals(lastSeen)) {
        return false;
      }
      lastSeen = now;
      if (!now.exists()) {
        log.warn("{} is gone; keeping the last good configuration", file);
        listener.rejected(new ConfigException(java.util.List.of(
            ConfigProblem.missing(file.toString(), ""))));
        return true;
      }
      FeedsConfig config;
      try {
        config = loader.load(file);
      } catch (ConfigException e) {
        log.warn("{} has {}; keeping the last good configuration:\n{}", file,
            Counted.of(e.problems().size(), "problem"), e.getMessage());
        listener.rejected(e);
        return true;
      }
      log.info("reloaded {}: {}", file, Counted.of(config.sources().size(), "source"));
      listener.reloaded(config);
    } catch (RuntimeException e) {
      log.error("config reload failed unexpectedly", e);
    } catch (OutOfMemoryError e) {
      // Uncaught, the executor would keep it to itself: no log line, /health still "ok".
      ConfigProblem problem = new ConfigProblem(file.toString(), Mark.START,
          "too large for the JVM's heap: reloading it ran out of memory; give the JVM more"
              + " heap (-Xmx)");
      log.error("{}; keeping the last good configuration", problem);
      listener.rejected(new ConfigException(java.util.List.of(problem)));
    }
    return true;
  }

  @Override
  public void close() {
    executor.shutdownNow();
    if (watch == null) {
      return;
    }
    // The JDK's watch closes through a thread of its own. When that thread has died (out of
    // memory: seen after a reload too large for the heap), close() waits for it for ever,
    // and so did the daemon's stop.
    WatchService closing = watch;
    Thread closer = new Thread(() -> {
      try {
        closing.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }, "config-watch-close");
    closer.setDaemon(true);
    closer.start();
    try {
      closer.join(CLOSE_WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (closer.isAlive()) {
      log.warn("the watch on {} did not close within {} s; going on without closing it", file,
          CLOSE_WAIT.toSeconds());
    }
  }
}
