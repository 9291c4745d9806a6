package cc.microsolidarity.tributary.cli;

import cc.microsolidarity.tributary.fetch.FeedFetcher;
import cc.microsolidarity.tributary.http.FeedServer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"The daemon: polls each source on its schedule, serves the merged feeds over "
        + "HTTP, reloads feeds.yaml when it changes, and stops cleanly on SIGTERM / Ctrl-C."})
final class RunCommand implements Callable<Integer> {
  @Mixin CommonOptions options;

  @Option(names = "--port", paramLabel = "N", description = "HTTP port (default 8080; 0 picks a free one).")
  Integer port;

  @Override
  public Integer call() throws Exception {
    // While this thread reads feeds.yaml (~0.25 s for a thousand sources), another core loads
    // what the first served byte waits for, then what the first fetch does.
    Preloading.start(FeedServer::preload, FeedFetcher::preload);
    Loaded loaded = Loaded.from(options);
    if (port != null) {
      loaded = new Loaded(loaded.feeds(), loaded.settings().withPort(port));
    }
    return new Daemon(loaded, options.feeds).runUntilStopped();
  }
}
