package cc.microsolidarity.tributary.cli;

import cc.microsolidarity.tributary.config.DaemonSettings;
import cc.microsolidarity.tributary.config.FeedsConfigLoader;
import cc.microsolidarity.tributary.config.SettingsWatcher;
import cc.microsolidarity.tributary.fetch.FeedFetcher;
import cc.microsolidarity.tributary.http.FeedServer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"The daemon: polls each source on its schedule, serves the merged feeds over "
        + "HTTP, reloads feeds.yaml when it changes, and stops cleanly on SIGTERM / Ctrl-C."})
final class RunCommand implements Callable<Integer> {
  @Mixin CommonOptions options;

  @Spec CommandSpec spec;

  Integer port;

  /** Checked as it is parsed, so a wrong port is a usage error like a wrong option. */
  @Option(names = "--port", paramLabel = "N", description = "HTTP port (default 8080; 0 picks a free one).")
  void setPort(int value) {
    if (value < 0 || value > 65535) {
      throw new ParameterException(spec.commandLine(),
          "Invalid value for option '--port': must be between 0 and 65535, not " + value);
    }
    port = value;
  }

  @Override
  public Integer call() throws Exception {
    // While this thread reads the configuration, another core loads what the first served
    // byte waits for, then what the first fetch does.
    Preloading.start(FeedServer::preload, FeedFetcher::preload);
    SettingsWatcher settings = new SettingsWatcher(options.configPath(), () -> {
      DaemonSettings read = Loaded.settingsFrom(options);
      return port != null ? read.withPort(port) : read;
    });
    return new Daemon(settings.readFirst(), settings, options.feeds, new FeedsConfigLoader())
        .runUntilStopped();
  }
}
