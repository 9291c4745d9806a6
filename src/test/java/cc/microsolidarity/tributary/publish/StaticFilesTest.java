package cc.microsolidarity.tributary.publish;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.model.Entry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticFilesTest {
  @TempDir Path dir;

  @Test
  void writeAllCreatesTheFolderAndWritesTheFiveStaticOutputsOnly() throws Exception {
    Publisher publisher = new Publisher();
    Map<String, RenderedFeed> out = publisher.render(Samples.feed(1), Samples.sources(),
        Samples.mixed(3));
    Path target = dir.resolve("public/nested");

    publisher.writeAll(target, out);

    try (Stream<Path> files = Files.list(target)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
          "feed.atom", "podcast.rss", "feed.json", "sources.opml", "index.html");
    }
    assertThat(Files.readAllBytes(target.resolve("feed.atom")))
        .isEqualTo(out.get("/feed.atom").body());
    assertThat(Files.readAllBytes(target.resolve("index.html"))).isEqualTo(out.get("/").body());
    assertThat(Files.getPosixFilePermissions(target.resolve("feed.json")).toString())
        .contains("OTHERS_READ");
  }

  @Test
  void writeAllReplacesExistingFilesAndLeavesNoTempFiles() throws Exception {
    Publisher publisher = new Publisher();
    Files.writeString(dir.resolve("feed.atom"), "old and much longer than anything else here");
    Map<String, RenderedFeed> out = publisher.render(Samples.feed(), Samples.sources(),
        Samples.mixed(1));

    publisher.writeAll(dir, out);
    publisher.writeAll(dir, out);

    assertThat(Files.readAllBytes(dir.resolve("feed.atom"))).isEqualTo(out.get("/feed.atom").body());
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  /** A one-shot poll renders the files only; they must be render's bytes, paging links too. */
  @Test
  void renderFilesGivesTheStaticOutputsOfRenderByteForByte() {
    Publisher publisher = new Publisher();
    List<Entry> entries = Samples.mixed(7);
    Map<String, RenderedFeed> all = publisher.render(Samples.feed(2), Samples.sources(), entries);
    Map<String, byte[]> files = publisher.renderFiles(Samples.feed(2), Samples.sources(), entries);

    assertThat(all).containsKey(OutputPaths.atomPage(4));
    assertThat(files.keySet()).containsExactlyInAnyOrderElementsOf(OutputPaths.STATIC);
    files.forEach((path, body) -> assertThat(body).as(path).isEqualTo(all.get(path).body()));
    assertThat(new String(files.get(OutputPaths.ATOM), StandardCharsets.UTF_8))
        .contains("rel=\"next\"");
  }

  @Test
  void writeFilesRewritesAFileWhenItsBytesChangeOrItIsGone() throws Exception {
    Publisher publisher = new Publisher();
    Map<String, byte[]> one = publisher.renderFiles(Samples.feed(), Samples.sources(),
        Samples.mixed(1));
    Map<String, byte[]> two = publisher.renderFiles(Samples.feed(), Samples.sources(),
        Samples.mixed(2));
    Path atom = dir.resolve("feed.atom");

    publisher.writeFiles(dir, one);
    assertThat(Files.readAllBytes(atom)).isEqualTo(one.get(OutputPaths.ATOM));
    publisher.writeFiles(dir, two);
    assertThat(Files.readAllBytes(atom)).isEqualTo(two.get(OutputPaths.ATOM))
        .isNotEqualTo(one.get(OutputPaths.ATOM));
    Files.delete(atom);
    publisher.writeFiles(dir, two);
    assertThat(Files.readAllBytes(atom)).isEqualTo(two.get(OutputPaths.ATOM));
  }
}
