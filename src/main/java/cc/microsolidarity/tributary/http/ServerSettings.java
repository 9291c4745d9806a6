package cc.microsolidarity.tributary.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How the HTTP server binds and protects itself. {@code port} 0 picks a free port.
 * {@code maxThreads} bounds the request threads, {@code idleTimeout} drops silent
 * connections, {@code maxRequestHeaderBytes} answers 431 to larger request headers.
 */
public record ServerSettings(String host, int port, int maxThreads, Duration idleTimeout,
    int maxRequestHeaderBytes) {

  public static final int DEFAULT_MAX_THREADS = 32;
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_REQUEST_HEADER_BYTES = 8 * 1024;

  public ServerSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0-65535: " + port);
    }
    if (maxThreads < 8) {
      throw new IllegalArgumentException("maxThreads must be at least 8: " + maxThreads);
    }
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idleTimeout must be positive");
    }
    if (maxRequestHeaderBytes < 1024) {
      throw new IllegalArgumentException("maxRequestHeaderBytes must be at least 1024");
    }
  }

  /** The defaults (32 threads, 30 s idle, 8 KiB headers) on this host and port. */
  public static ServerSettings of(String host, int port) {
    return new ServerSettings(host, port, DEFAULT_MAX_THREADS, DEFAULT_IDLE_TIMEOUT,
        DEFAULT_MAX_REQUEST_HEADER_BYTES);
  }
}
