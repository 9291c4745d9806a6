package cc.microsolidarity.tributary.fetch;

import java.net.URI;
import java.time.Duration;

/** The outcome of one fetch, classified once here so {@code poll} can decide per reason. */
public sealed interface FetchResult {

  /** The URL the source should be asked at from now on (after a 301/308), or null. */
  URI permanentRedirect();

  /**
   * A 200 with its (decompressed, capped) body. {@code cacheHint} is the server's
   * Cache-Control max-age / Expires, or null.
   */
  record Fetched(
      int status,
      byte[] body,
      String contentType,
      Validators validators,
      URI finalUrl,
      URI permanentRedirect,
      Duration cacheHint,
      long elapsedMillis) implements FetchResult {}

  /** A 304: nothing to parse. */
  record NotModified(
      Validators validators, URI permanentRedirect, Duration cacheHint, long elapsedMillis)
      implements FetchResult {}

  /**
   * Anything else. {@code status} is the HTTP status or 0 when there was no response;
   * {@code retryAfter} is set for 429/503 with a Retry-After header; {@code detail} is a short
   * human message, never a stack trace.
   */
  record Failed(
      Reason reason, int status, String detail, Duration retryAfter, URI permanentRedirect,
      long elapsedMillis) implements FetchResult {}

  enum Reason {
    HTTP_ERROR,      // 4xx/5xx other than those below
    GONE,            // 410: disable the source
    RATE_LIMITED,    // 429/503: honour retryAfter
    TOO_MANY_REDIRECTS,
    REDIRECT_REFUSED, // public -> private address
    TOO_LARGE,       // body cap hit (after decompression)
    TIMEOUT,
    NETWORK,         // DNS, refused, reset, TLS
  }
}
