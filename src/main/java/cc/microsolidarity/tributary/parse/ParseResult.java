package cc.microsolidarity.tributary.parse;

import cc.microsolidarity.tributary.model.ParsedFeed;

/** Items or a typed error: a bad document never throws past the parser. */
public sealed interface ParseResult {
  record Parsed(ParsedFeed feed) implements ParseResult {}

  /** {@code message} is short and human ("not a feed: HTML page", "XML error at 12:5: ..."). */
  record Failed(String message) implements ParseResult {}
}
