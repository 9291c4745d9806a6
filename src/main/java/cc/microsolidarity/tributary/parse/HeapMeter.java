package cc.microsolidarity.tributary.parse;

/**
 * What a document being parsed will take in the heap, against the share one feed may have.
 * It starts from the document itself (its text, and the body it was decoded from, both held
 * while it is read), then adds its parts (XML elements or JSON tokens, each with what ROME and
 * the poll make of it, as measured by the readers) and their text once more. The estimate is
 * checked every 256 parts, so counting costs next to nothing. One per document and thread.
 */
final class HeapMeter {
  private final long budget;
  private final long partBytes;
  private final long held;
  private long parts;
  private long extra;
  private long chars;

  /** {@code budget}: what one document may take, itself included; {@code partBytes}: a part's. */
  HeapMeter(String document, long budget, long partBytes) {
    this.budget = budget;
    this.partBytes = partBytes;
    this.held = 2L * document.length();
  }

  /** One more part, with {@code extraBytes} beside it; true once the estimate is past budget. */
  boolean part(long extraBytes) {
    extra += extraBytes;
    return (++parts & 255) == 0 && bytes() > budget;
  }

  /** Text inside the parts: once more in the tree (compact strings, a byte a character). */
  void text(long length) {
    chars += length;
  }

  long bytes() {
    return held + parts * partBytes + extra + chars;
  }

  /** The failure to report, naming the parts counted ("elements", "JSON tokens"). */
  ParseResult.Failed tooLarge(String parts) {
    return ParseResult.Failed.tooLargeForHeap(this.parts, parts, bytes(), budget);
  }
}
