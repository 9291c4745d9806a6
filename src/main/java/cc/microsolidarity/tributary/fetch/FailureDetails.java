package cc.microsolidarity.tributary.fetch;

import cc.microsolidarity.tributary.fetch.FetchResult.Reason;
import java.io.InterruptedIOException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Classifies an I/O failure once, into a {@link Reason} and a short human message (never a
 * stack trace). Pure.
 */
final class FailureDetails {

  record Classified(Reason reason, String detail) {}

  private final FetchSettings settings;

  FailureDetails(FetchSettings settings) {
    this.settings = settings;
  }

  Classified classify(IOException e, String host) {
    if (e instanceof AddressGuard.RefusedAddressException) {
      return new Classified(Reason.REDIRECT_REFUSED, e.getMessage());
    }
    if (e instanceof SocketTimeoutException) {
      // okio reports read timeouts as "timeout"; the JDK says "Connect timed out".
      return lower(e).contains("connect")
          ? new Classified(Reason.TIMEOUT, "connect timed out after " + human(settings.connectTimeout()))
          : new Classified(Reason.TIMEOUT, "read timed out after " + human(settings.readTimeout()));
    }
    if (e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
      return new Classified(Reason.NETWORK, "interrupted");
    }
    if (e instanceof InterruptedIOException) {
      // OkHttp's call timeout cancels the call and surfaces as InterruptedIOException("timeout").
      return new Classified(Reason.TIMEOUT, "call timed out after " + human(settings.callTimeout()));
    }
    if (e instanceof UnknownHostException) {
      return new Classified(Reason.NETWORK, "unknown host " + host);
    }
    if (e instanceof SSLException) {
      return new Classified(Reason.NETWORK, "TLS error: " + shortMessage(e));
    }
    if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
      String root = lower(rootCause(e));
      if (root.contains("timed out")) {
        return new Classified(Reason.TIMEOUT, "connect timed out after " + human(settings.connectTimeout()));
      }
      if (root.contains("refused")) {
        return new Classified(Reason.NETWORK, "connection refused");
      }
      return new Classified(Reason.NETWORK, "cannot connect to " + host + ": " + shortMessage(rootCause(e)));
    }
    if (e instanceof SocketException && lower(e).contains("reset")) {
      return new Classified(Reason.NETWORK, "connection reset");
    }
    return new Classified(Reason.NETWORK, "network error: " + shortMessage(e));
  }

  /** "30 s", "1500 ms". */
  static String human(Duration d) {
    long millis = d.toMillis();
    return millis % 1000 == 0 ? (millis / 1000) + " s" : millis + " ms";
  }

  /** "16 MiB", "64 KiB", "1000 bytes". */
  static String humanBytes(long bytes) {
    if (bytes % (1024 * 1024) == 0) {
      return (bytes / (1024 * 1024)) + " MiB";
    }
    if (bytes % 1024 == 0) {
      return (bytes / 1024) + " KiB";
    }
    return bytes + " bytes";
  }

  /** One line, at most 160 characters, the exception's class when it has no message. */
  static String shortMessage(Throwable t) {
    String message = t.getMessage();
    if (message == null || message.isBlank()) {
      return t.getClass().getSimpleName();
    }
    String line = message.replaceAll("\\s+", " ").trim();
    return line.length() > 160 ? line.substring(0, 157) + "..." : line;
  }

  private static Throwable rootCause(Throwable t) {
    Throwable cause = t;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static String lower(Throwable t) {
    String message = t.getMessage();
    return message == null ? "" : message.toLowerCase(Locale.ROOT);
  }
}
