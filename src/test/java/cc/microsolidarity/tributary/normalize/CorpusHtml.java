package cc.microsolidarity.tributary.normalize;

import cc.microsolidarity.tributary.model.Item;
import cc.microsolidarity.tributary.parse.FeedParser;
import cc.microsolidarity.tributary.parse.ParseResult;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Every item's summary and content HTML in the shared corpus of real feeds, read in place;
 * the calling test is skipped where the corpus is not present (CI has it).
 */
final class CorpusHtml {
  /** One HTML text, and where it came from: the file and the item's guid. */
  record Sample(String where, String html) {}

  private CorpusHtml() {}

  static List<Sample> all() throws IOException {
    String dir = System.getProperty("tributary.sharedFixtures");
    Assumptions.assumeTrue(dir != null && Files.isDirectory(Path.of(dir)),
        "shared fixtures not present");
    FeedParser parser = new FeedParser();
    List<Path> files;
    try (Stream<Path> listed = Files.list(Path.of(dir))) {
      files = listed.filter(Files::isRegularFile).sorted().toList();
    }
    List<Sample> out = new ArrayList<>();
    for (Path file : files) {
      ParseResult result = parser.parse(Files.readAllBytes(file), null,
          URI.create("https://example.org/feeds/" + file.getFileName()));
      if (!(result instanceof ParseResult.Parsed parsed)) {
        continue;
      }
      for (Item item : parsed.feed().items()) {
        for (String html : new String[] {item.summaryHtml(), item.contentHtml()}) {
          if (html != null) {
            out.add(new Sample(file.getFileName() + " " + item.guid(), html));
          }
        }
      }
    }
    return out;
  }
}
