package cc.microsolidarity.tributary.http;

/**
 * Told about every answered request, e.g. to count requests served. {@code route} is one of
 * the served paths ({@code /feed.atom} for every Atom page) or {@code other}, so it can be a
 * metric label. Called on request threads: fast, thread-safe, never throwing.
 */
@FunctionalInterface
public interface RequestListener {
  RequestListener NONE = (route, method, status) -> { };

  void served(String route, String method, int status);
}
