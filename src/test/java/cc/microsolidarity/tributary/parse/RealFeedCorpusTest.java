package cc.microsolidarity.tributary.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import cc.microsolidarity.tributary.model.ParsedFeed;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real-world feed in the shared corpus (read in place, never copied): well-formed ones
 * parse with exactly the item count INDEX.tsv gives; ill-formed ones are recovered with the
 * count its notes give for a lenient reader, or fail with the typed Failed.
 */
class RealFeedCorpusTest {
  private static final FeedParser PARSER = new FeedParser();

  static Stream<Arguments> corpus() throws IOException {
    String dir = System.getProperty("tributary.sharedFixtures");
    Assumptions.assumeTrue(dir != null && Files.isDirectory(Path.of(dir)),
        "shared fixtures not present");
    List<Arguments> rows = new ArrayList<>();
    List<String> lines = Files.readAllLines(Path.of(dir, "INDEX.tsv"), StandardCharsets.UTF_8);
    for (String line : lines.subList(1, lines.size())) {
      String[] cols = line.split("\t");
      rows.add(Arguments.of(cols[0], cols[1], cols[3], cols.length > 4 ? cols[4] : "",
          Path.of(dir, cols[0])));
    }
    return rows.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void everyRealFeedParsesWithItsIndexedItemCount(String file, String format, String items,
      String notes, Path path) throws IOException {
    byte[] body = Files.readAllBytes(path);
    ParseResult result = assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> PARSER.parse(body, null, URI.create("https://example.org/feeds/" + file)));
    if (format.equals("illformed")) {
      Integer lenient = lenientCount(notes);
      if (result instanceof ParseResult.Parsed) {
        ParsedFeed feed = ((ParseResult.Parsed) result).feed();
        assertThat(lenient).as("recovered, so the notes must give a lenient count").isNotNull();
        assertThat(feed.items()).hasSize(lenient);
        assertThat(feed.warnings()).isNotEmpty();
      } else {
        assertThat(result).isInstanceOf(ParseResult.Failed.class);
      }
      return;
    }
    assertThat(result).as(String.valueOf(result)).isInstanceOf(ParseResult.Parsed.class);
    ParsedFeed feed = ((ParseResult.Parsed) result).feed();
    assertThat(feed.items()).hasSize(Integer.parseInt(items));
  }

  private static Integer lenientCount(String notes) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("lenient: (\\d+) item")
        .matcher(notes);
    return m.find() ? Integer.valueOf(m.group(1)) : null;
  }
}
