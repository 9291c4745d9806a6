package cc.microsolidarity.tributary.parse;

import cc.microsolidarity.tributary.model.ParsedFeed;
import java.util.Locale;

/** Items or a typed error: a bad document never throws past the parser. */
public sealed interface ParseResult {
  record Parsed(ParsedFeed feed) implements ParseResult {}

  /** {@code message} is short and human ("not a feed: HTML page", "XML error at 12:5: ..."). */
  record Failed(String message) implements ParseResult {
    /**
     * A document whose tree and items did not fit in the heap. A tree takes up to ~15 times
     * its document's bytes (100,000 short items in 12.7 MB needed ~150 MB), so a feed inside
     * the 16 MiB fetch cap can outgrow a daemon's small heap.
     */
    static Failed tooLargeForHeap(long parts, String what, long bytes, long budget) {
      return new Failed(String.format(Locale.ROOT, "too large for the JVM's heap:"
          + " with its first %,d %s it needs about %d MB, more than the %d MB (half the"
          + " heap) one feed may take; give it more (-Xmx)", parts, what, bytes >> 20,
          budget >> 20));
    }

    public static Failed outOfMemory(long bodyBytes) {
      return new Failed(String.format(Locale.ROOT, "not enough memory to parse it:"
          + " its %.1f MB need more than the JVM's %d MB heap had free; give it more (-Xmx)",
          bodyBytes / 1e6, Runtime.getRuntime().maxMemory() >> 20));
    }
  }
}
