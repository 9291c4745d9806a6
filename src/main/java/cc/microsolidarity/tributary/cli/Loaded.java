package cc.microsolidarity.tributary.cli;

import cc.microsolidarity.tributary.config.ConfigException;
import cc.microsolidarity.tributary.config.DaemonSettings;
import cc.microsolidarity.tributary.config.DaemonSettingsLoader;
import cc.microsolidarity.tributary.config.FeedsConfigLoader;
import cc.microsolidarity.tributary.model.FeedsConfig;
import cc.microsolidarity.tributary.model.SourceStatus;
import cc.microsolidarity.tributary.store.Database;
import cc.microsolidarity.tributary.store.EntryStore;
import cc.microsolidarity.tributary.store.SourceStateStore;
import cc.microsolidarity.tributary.store.SourceStatuses;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;

/** Both config files read and validated, with command-line overrides applied. */
record Loaded(FeedsConfig feeds, DaemonSettings settings) {

  /** Each configured source's stored state, read from (and only from) the database. */
  List<SourceStatus> storedStatuses() {
    if (!databaseExists()) {
      // Reading must not create the file: a mistyped --db would leave a stray database.
      return SourceStatuses.neverPolled(feeds.sources());
    }
    try (Database db = Database.open(settings.database(), Database.Integrity.FOR_READING)) {
      SourceStatuses reader = new SourceStatuses(new SourceStateStore(),
          new EntryStore(Clock.systemUTC()));
      return db.read(c -> reader.of(c, feeds.sources()));
    }
  }

  boolean databaseExists() {
    return Files.exists(settings.database());
  }

  static Loaded from(CommonOptions o) throws ConfigException {
    DaemonSettings settings = settingsFrom(o);
    return new Loaded(new FeedsConfigLoader().load(o.feeds), settings);
  }

  /** config/tributary.yaml alone, with the command line's --db and --out applied. */
  static DaemonSettings settingsFrom(CommonOptions o) throws ConfigException {
    DaemonSettings settings = new DaemonSettingsLoader().load(o.configPath(), o.configRequired());
    if (o.db != null) {
      settings = settings.withDatabase(o.db);
    }
    if (o.out != null) {
      settings = settings.withOutDir(o.out);
    }
    return settings;
  }
}
