package cc.microsolidarity.tributary.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command takes (DESIGN.md "Command line"). */
public final class CommonOptions {
  @Option(names = "--feeds", paramLabel = "PATH", description = "Sources file (default: ./feeds.yaml).")
  Path feeds = Path.of("feeds.yaml");

  @Option(names = "--config", paramLabel = "PATH",
      description = "Daemon settings (default: ./config/tributary.yaml; optional).")
  Path config;

  @Option(names = "--db", paramLabel = "PATH",
      description = "SQLite database (default: ./data/tributary.db; poll and run create its "
          + "folder).")
  Path db;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Folder for the static feeds (default: ./public).")
  Path out;

  static final Path DEFAULT_CONFIG = Path.of("config", "tributary.yaml");

  Path configPath() {
    return config != null ? config : DEFAULT_CONFIG;
  }

  boolean configRequired() {
    return config != null;
  }
}
