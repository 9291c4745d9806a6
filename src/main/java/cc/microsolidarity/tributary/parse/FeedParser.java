package cc.microsolidarity.tributary.parse;

import java.net.URI;

/**
 * Bytes + Content-Type in, items out. Thread-safe. Never throws for a bad document.
 * TODO(issue 4): implementation.
 */
public final class FeedParser {
  public ParseResult parse(byte[] body, String contentType, URI documentUrl) {
    throw new UnsupportedOperationException("issue 4");
  }
}
