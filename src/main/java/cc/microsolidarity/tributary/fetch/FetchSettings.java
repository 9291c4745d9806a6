package cc.microsolidarity.tributary.fetch;

import java.time.Duration;

/** Fetch limits from config/tributary.yaml (defaults per DESIGN.md). */
public record FetchSettings(
    String userAgent,
    Duration connectTimeout,
    Duration readTimeout,
    Duration callTimeout,
    long maxBodyBytes,
    int maxRequestsPerHost,
    int maxConcurrency) {

  public static FetchSettings defaults(String userAgent) {
    return new FetchSettings(userAgent, Duration.ofSeconds(10), Duration.ofSeconds(30),
        Duration.ofSeconds(60), 16L * 1024 * 1024, 2, 8);
  }
}
