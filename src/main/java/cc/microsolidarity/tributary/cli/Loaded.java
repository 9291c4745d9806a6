package cc.microsolidarity.tributary.cli;

import cc.microsolidarity.tributary.config.ConfigException;
import cc.microsolidarity.tributary.config.DaemonSettings;
import cc.microsolidarity.tributary.config.DaemonSettingsLoader;
import cc.microsolidarity.tributary.config.FeedsConfigLoader;
import cc.microsolidarity.tributary.model.FeedsConfig;

/** Both config files read and validated, with command-line overrides applied. */
record Loaded(FeedsConfig feeds, DaemonSettings settings) {

  /** Each configured source's stored state, read from (and only from) the database. */
  java.util.List<cc.microsolidarity.tributary.model.SourceStatus> storedStatuses() {
    try (cc.microsolidarity.tributary.store.Database db =
        cc.microsolidarity.tributary.store.Database.open(settings.database())) {
      cc.microsolidarity.tributary.store.SourceStatuses reader =
          new cc.microsolidarity.tributary.store.SourceStatuses(
              new cc.microsolidarity.tributary.store.SourceStateStore(),
              new cc.microsolidarity.tributary.store.EntryStore(java.time.Clock.systemUTC()));
      return db.read(c -> reader.of(c, feeds.sources()));
    }
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
