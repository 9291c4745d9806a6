package cc.microsolidarity.tributary.fetch;

import java.time.Duration;

/** Short timeouts and a small body cap so tests stay quick. */
final class TestSettings {

  static final String USER_AGENT = "tributary/test (+https://microsolidarity.cc)";

  static FetchSettings quick() {
    return new FetchSettings(USER_AGENT, Duration.ofSeconds(1), Duration.ofSeconds(1),
        Duration.ofSeconds(5), 64 * 1024, 2, 8);
  }

  static FetchSettings withCallTimeout(Duration callTimeout) {
    FetchSettings s = quick();
    return new FetchSettings(s.userAgent(), s.connectTimeout(), s.readTimeout(), callTimeout,
        s.maxBodyBytes(), s.maxRequestsPerHost(), s.maxConcurrency());
  }

  private TestSettings() {}
}
