package cc.microsolidarity.tributary.fetch;

/**
 * Fetches one feed document over HTTP. Safe for concurrent use; one instance per process.
 * TODO(issue 3): implementation.
 */
public final class FeedFetcher implements AutoCloseable {
  public FeedFetcher(FetchSettings settings) {
  }

  public FetchResult fetch(FetchRequest request) {
    throw new UnsupportedOperationException("issue 3");
  }

  @Override
  public void close() {
  }
}
