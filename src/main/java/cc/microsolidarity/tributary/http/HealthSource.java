package cc.microsolidarity.tributary.http;

/**
 * Supplies the {@code /health} body. Called on a request thread for every request: it must
 * be fast, thread-safe and read prepared state only (never poll or rebuild anything).
 */
@FunctionalInterface
public interface HealthSource {
  Health health();

  /** A JSON body and whether the daemon is serving (false → 503). */
  record Health(boolean serving, byte[] json) {
    public Health {
      java.util.Objects.requireNonNull(json, "json");
    }
  }
}
