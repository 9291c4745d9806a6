package cc.microsolidarity.tributary.http;

/**
 * Supplies the {@code /metrics} body in the Prometheus text format 0.0.4. Called on a request
 * thread for every scrape: fast and thread-safe.
 */
@FunctionalInterface
public interface MetricsSource {
  byte[] scrape();
}
