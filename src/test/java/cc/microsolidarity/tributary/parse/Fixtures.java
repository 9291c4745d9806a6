package cc.microsolidarity.tributary.parse;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.model.ParsedFeed;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;

/** Reads our own one-quirk fixtures from src/test/resources/parse/. */
final class Fixtures {
  static final URI DOCUMENT_URL = URI.create("https://example.org/feeds/main.xml");

  private Fixtures() {
  }

  static byte[] bytes(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/parse/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ParsedFeed parsed(FeedParser parser, String name) {
    return parsed(parser.parse(bytes(name), null, DOCUMENT_URL));
  }

  static ParsedFeed parsed(ParseResult result) {
    assertThat(result).as(String.valueOf(result)).isInstanceOf(ParseResult.Parsed.class);
    return ((ParseResult.Parsed) result).feed();
  }
}
