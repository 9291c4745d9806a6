package cc.microsolidarity.tributary.config;

import java.nio.file.Path;
import java.time.Duration;

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
}
