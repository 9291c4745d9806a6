package cc.microsolidarity.tributary.cli;

import cc.microsolidarity.tributary.config.ConfigException;
import cc.microsolidarity.tributary.config.ConfigWatcher;
import cc.microsolidarity.tributary.config.DaemonSettings;
import cc.microsolidarity.tributary.config.FeedsConfigLoader;
import cc.microsolidarity.tributary.config.SettingsWatcher;
import cc.microsolidarity.tributary.http.FeedServer;
import cc.microsolidarity.tributary.http.HealthSource;
import cc.microsolidarity.tributary.http.ServerSettings;
import cc.microsolidarity.tributary.metrics.Metrics;
import cc.microsolidarity.tributary.model.Counted;
import cc.microsolidarity.tributary.model.FeedsConfig;
import cc.microsolidarity.tributary.model.SourceStatus;
import cc.microsolidarity.tributary.poll.LoggingPollListener;
import cc.microsolidarity.tributary.poll.PollListener;
import cc.microsolidarity.tributary.publish.HealthDocument;
import cc.microsolidarity.tributary.publish.OutputPaths;
import cc.microsolidarity.tributary.publish.Publisher;
import cc.microsolidarity.tributary.publish.RenderedFeed;
import cc.microsolidarity.tributary.publish.Republisher;
import cc.microsolidarity.tributary.schedule.PollScheduler;
import cc.microsolidarity.tributary.store.CommitsElsewhere;
import cc.microsolidarity.tributary.store.RunLock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running daemon: wires scheduler, publisher, HTTP server and config watcher, and owns
 * their lifecycle. Stops in order: HTTP, then the scheduler (letting polls finish up to 10 s),
 * then the publisher, then the database. A second SIGTERM / Ctrl-C exits at once.
 */
final class Daemon {
  private static final Logger log = LoggerFactory.getLogger("tributary");
  private static final Duration GRACE = Duration.ofSeconds(10);

  private final DaemonSettings settings;
  private final SettingsWatcher settingsWatcher;
  private final Path feedsFile;
  private final FeedsConfigLoader feedsLoader;
  private final Clock clock = Clock.systemUTC();
  private final AtomicReference<FeedsConfig> config = new AtomicReference<>();
  private final AtomicReference<String> configError = new AtomicReference<>();
  private final AtomicReference<Instant> lastPublished = new AtomicReference<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicInteger exitCode = new AtomicInteger(ExitCodes.OK);
  /** Set when a poll, a publish or a reload may have changed what /health shows. */
  private final AtomicBoolean healthStale = new AtomicBoolean(true);

  Daemon(DaemonSettings settings, SettingsWatcher settingsWatcher, Path feedsFile,
      FeedsConfigLoader feedsLoader) {
    this.settings = settings;
    this.settingsWatcher = settingsWatcher;
    this.feedsFile = feedsFile;
    this.feedsLoader = feedsLoader;
  }

  int runUntilStopped() throws Exception {
    Instant started = clock.instant();
    // Taken from the first moment: the JVM's own SIGHUP would stop the daemon uncleanly. An
    // edit made during start-up is read as the start finishes, so there is nothing to do yet.
    AtomicReference<Runnable> onHangUp = new AtomicReference<>(() ->
        log.info("SIGHUP while starting: {} is read as the start finishes", feedsFile));
    Signals.onReload(() -> onHangUp.get().run());
    StopSignal stopSignal = new StopSignal(log);
    // Before anything listens or polls: a second daemon on this database stops here.
    RunLock runLock = RunLock.take(settings.database(), ProcessHandle.current().pid(), started);
    Metrics metrics = new Metrics();
    PollListener listener = PollListener.all(new LoggingPollListener(), metrics);
    // /health serves prepared bytes; they are refreshed every few seconds off the request path.
    AtomicReference<byte[]> healthBytes = new AtomicReference<>(
        "{\"status\":\"starting\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    FeedServer server = new FeedServer(
        ServerSettings.of(settings.httpHost(), settings.httpPort()),
        () -> new HealthSource.Health(true, healthBytes.get()),
        metrics::scrape,
        (route, method, status) -> metrics.requestServed(route, status));
    // Listen first: /health answers "starting" at once, and a restart serves the feeds it
    // last published before feeds.yaml is read (a thousand sources take a third of a second)
    // or the database opened; on a first start the feeds answer 503 with Retry-After until
    // the first build, a moment later.
    Map<String, RenderedFeed> previous = Publisher.readPublished(settings.outDir());
    if (previous.containsKey(OutputPaths.ATOM)) {
      server.publish(previous);
    }
    try {
      server.start();
    } catch (RuntimeException e) {
      runLock.close();
      throw e;
    }
    ConfigWatcher watcher = new ConfigWatcher(feedsFile, feedsLoader,
        Duration.ofMillis(300), Duration.ofSeconds(5));
    FeedsConfig feeds;
    Pipeline pipeline;
    try {
      feeds = watcher.loadFirst();
      config.set(feeds);
      metrics.sourcesConfigured(feeds.sources());
      pipeline = new Pipeline(settings, feeds, clock, listener);
      metrics.pollCpu(pipeline.poller.stages());
    } catch (ConfigException | RuntimeException | Error e) {
      watcher.close();
      server.stop();
      runLock.close();
      throw e;
    }
    stopSignal.startIsShortNow();
    HealthDocument health = new HealthDocument(Version.current());
    Runnable refreshHealth = () -> {
      try {
        healthBytes.set(health.render(statuses(pipeline), started, configError.get(),
            lastPublished.get()));
      } catch (RuntimeException | OutOfMemoryError e) {
        // Caught, or the periodic refresh would stop for good and /health go stale.
        log.warn("cannot read source states for /health: {}", e.toString());
      }
    };
    ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "health");
      t.setDaemon(true);
      return t;
    });
    // The first health document is made just after start, off the path to the first byte;
    // later ones only after something changed (reading every source's state and count takes
    // the database for a moment, which a thousand-source daemon should not do for nothing).
    housekeeping.scheduleWithFixedDelay(() -> {
      if (healthStale.getAndSet(false)) {
        refreshHealth.run();
      }
    }, 0, 2, TimeUnit.SECONDS);
    // tributary.yaml is read at start only: an edit is logged with what a restart would do.
    housekeeping.scheduleWithFixedDelay(this::checkSettings, 5, 5, TimeUnit.SECONDS);
    Republisher republisher = new Republisher(pipeline.outputs, config::get,
        outputs -> publish(pipeline, server, outputs), Duration.ofSeconds(2));
    // A poll run by hand beside the daemon stores into the same file: publish what it stored.
    CommitsElsewhere elsewhere = new CommitsElsewhere(pipeline.db);
    housekeeping.scheduleWithFixedDelay(() -> {
      try {
        if (elsewhere.sinceLastLook()) {
          log.info("another process wrote to the database (a poll run by hand?): publishing"
              + " what it stored");
          republisher.requestRebuild();
          healthStale.set(true);
        }
      } catch (RuntimeException e) {
        // closing, or the database failing: polls report that
      }
    }, 2, 2, TimeUnit.SECONDS);
    PollScheduler scheduler = new PollScheduler(pipeline.poller, clock,
        RandomGenerator.getDefault(), settings.concurrency(), settings.firstRound(),
        outcome -> {
          healthStale.set(true);
          if (outcome.changedEntries()) {
            republisher.requestRebuild();
          }
        });
    ConfigWatcher.Listener onEdit = new ConfigWatcher.Listener() {
      @Override
      public void reloaded(FeedsConfig next) {
        FeedsConfig before = config.get();
        try {
          config.set(next);
          metrics.sourcesConfigured(next.sources());
          log.info("schedule: {}", scheduler.reconcile(next).describe());
        } catch (OutOfMemoryError e) {
          // More sources than the heap holds: back to those that ran, which frees what the
          // new ones took, so that the watcher's "keeping the last good configuration" holds.
          config.set(before);
          log.info("schedule: {}", scheduler.reconcile(before).describe());
          metrics.sourcesConfigured(before.sources());
          throw e;
        }
        configError.set(null);
        metrics.configReloaded(true);
        republisher.requestRebuild();
        refreshHealth.run();
      }

      @Override
      public void rejected(ConfigException problems) {
        configError.set(problems.getMessage());
        metrics.configReloaded(false);
        refreshHealth.run();
      }
    };

    republisher.rebuildNow();
    log.info("serving http://{}:{}/ ({})", settings.httpHost(), server.port(),
        Counted.of(feeds.sources().size(), "source"));
    scheduler.reconcile(feeds);
    scheduler.start();
    watcher.start(onEdit);
    onHangUp.set(() -> {
      watcher.checkAt("SIGHUP");
      checkSettings();
    });

    ShutdownSteps steps = new ShutdownSteps(log)
        .then("closing the config watcher", watcher::close)
        .then("stopping housekeeping", housekeeping::shutdownNow)
        .thenWithin("stopping the HTTP server", Duration.ofSeconds(10), server::stop)
        .then("finishing polls", () -> scheduler.shutdown(GRACE))
        .then("publishing", republisher::close)
        .then("closing the HTTP client and the database", pipeline::close)
        .then("releasing the database's run lock", runLock::close);
    Runnable shutdown = () -> {
      log.info("stopping");
      try {
        if (steps.run()) {
          log.info("stopped");
        } else {
          exitCode.set(ExitCodes.RUNTIME);
          log.warn("stopped, but not cleanly (see above)");
        }
      } finally {
        stopped.countDown();
      }
    };
    stopSignal.running(() -> new Thread(shutdown, "shutdown").start());
    stopped.await();
    return exitCode.get();
  }

  private void checkSettings() {
    try {
      settingsWatcher.check();
    } catch (RuntimeException e) {
      log.warn("cannot check {}: {}", settingsWatcher.file(), e.toString());
    }
  }

  private List<SourceStatus> statuses(Pipeline p) {
    FeedsConfig c = config.get();
    return p.db.read(conn -> p.statuses.of(conn, c.sources()));
  }

  private void publish(Pipeline p, FeedServer server, Map<String, RenderedFeed> outputs) {
    server.publish(outputs);
    lastPublished.set(clock.instant());
    healthStale.set(true);
    try {
      p.publisher.writeAll(settings.outDir(), outputs);
    } catch (IOException e) {
      // Serving from memory goes on; the static copies are a convenience.
      log.warn("cannot write static feeds to {}: {}", settings.outDir(),
          IoErrors.describe(e));
    }
  }
}
