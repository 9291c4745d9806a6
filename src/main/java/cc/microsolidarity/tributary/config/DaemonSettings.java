package cc.microsolidarity.tributary.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Daemon settings from config/tributary.yaml; command-line options override them. */
public record DaemonSettings(
    Path database,
    Path outDir,
    String httpHost,
    int httpPort,
    int concurrency,
    int perHost,
    Duration connectTimeout,
    Duration readTimeout,
    Duration callTimeout,
    long maxBodyBytes,
    String contact,
    Duration firstRound) {

  public static DaemonSettings defaults() {
    return new DaemonSettings(Path.of("data/tributary.db"), Path.of("public"), "0.0.0.0", 8080,
        8, 2, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60),
        16L * 1024 * 1024, null, Duration.ofMinutes(1));
  }

  public DaemonSettings withDatabase(Path p) {
    return new DaemonSettings(p, outDir, httpHost, httpPort, concurrency, perHost,
        connectTimeout, readTimeout, callTimeout, maxBodyBytes, contact, firstRound);
  }

  public DaemonSettings withOutDir(Path p) {
    return new DaemonSettings(database, p, httpHost, httpPort, concurrency, perHost,
        connectTimeout, readTimeout, callTimeout, maxBodyBytes, contact, firstRound);
  }

  public DaemonSettings withPort(int port) {
    return new DaemonSettings(database, outDir, httpHost, port, concurrency, perHost,
        connectTimeout, readTimeout, callTimeout, maxBodyBytes, contact, firstRound);
  }

  /**
   * What differs in {@code next}, one {@code key before → after} per setting, named by its key
   * in tributary.yaml; empty when nothing does.
   */
  public List<String> changesTo(DaemonSettings next) {
    List<String> changes = new ArrayList<>();
    changed(changes, "database", database, next.database);
    changed(changes, "out", outDir, next.outDir);
    changed(changes, "http.host", httpHost, next.httpHost);
    changed(changes, "http.port", httpPort, next.httpPort);
    changed(changes, "fetch.concurrency", concurrency, next.concurrency);
    changed(changes, "fetch.per_host", perHost, next.perHost);
    changed(changes, "fetch.connect_timeout", Durations.format(connectTimeout),
        Durations.format(next.connectTimeout));
    changed(changes, "fetch.read_timeout", Durations.format(readTimeout),
        Durations.format(next.readTimeout));
    changed(changes, "fetch.call_timeout", Durations.format(callTimeout),
        Durations.format(next.callTimeout));
    changed(changes, "fetch.max_body_mib", maxBodyBytes / (1024 * 1024),
        next.maxBodyBytes / (1024 * 1024));
    changed(changes, "fetch.contact", contact == null ? "(feed.link)" : contact,
        next.contact == null ? "(feed.link)" : next.contact);
    changed(changes, "schedule.first_round", Durations.format(firstRound),
        Durations.format(next.firstRound));
    return changes;
  }

  private static void changed(List<String> changes, String key, Object before, Object after) {
    if (!Objects.equals(before, after)) {
      changes.add(key + " " + before + " → " + after);
    }
  }
}
