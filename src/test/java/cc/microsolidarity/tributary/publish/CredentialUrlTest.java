package cc.microsolidarity.tributary.publish;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.model.SourceKind;
import cc.microsolidarity.tributary.model.SourceStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A key in a source's URL reaches no published output; the operator's export keeps it. */
class CredentialUrlTest {
  final List<SourceStatus> sources = List.of(
      Samples.status("pod", SourceKind.PODCAST, "https://members.example.org/rss?auth=s3cr3t",
          "Members", SourceStatus.State.OK),
      Samples.status("blog", SourceKind.FORUM,
          "https://forum.example.org/c/crew.rss?api_key=f00dcafe&api_username=system",
          "Crew forum", SourceStatus.State.OK));

  @Test
  void noPublishedOutputShowsTheCredentials() {
    Map<String, RenderedFeed> outputs = new Publisher().render(Samples.feed(), sources,
        Samples.mixed(6));

    assertThat(outputs).containsKeys(OutputPaths.ATOM, OutputPaths.OPML, OutputPaths.INDEX);
    outputs.forEach((path, feed) -> assertThat(new String(feed.body(), StandardCharsets.UTF_8))
        .as(path).doesNotContain("s3cr3t", "f00dcafe", "auth=", "api_key"));
    assertThat(text(outputs.get(OutputPaths.OPML).body()))
        .contains("xmlUrl=\"https://members.example.org/rss\"",
            "xmlUrl=\"https://forum.example.org/c/crew.rss?api_username=system\"");
    assertThat(text(outputs.get(OutputPaths.ATOM).body()))
        .contains("<id>https://members.example.org/rss</id>",
            "href=\"https://forum.example.org/c/crew.rss?api_username=system\"");
    // The static files a poll writes are the same bytes.
    new Publisher().renderFiles(Samples.feed(), sources, Samples.mixed(6)).forEach((path, b) ->
        assertThat(text(b)).as(path).doesNotContain("s3cr3t", "f00dcafe"));
  }

  @Test
  void theOperatorsExportKeepsEveryUrlAsConfigured() {
    assertThat(text(new Publisher().exportOpml(Samples.feed(), sources))).contains(
        "xmlUrl=\"https://members.example.org/rss?auth=s3cr3t\"",
        "xmlUrl=\"https://forum.example.org/c/crew.rss?api_key=f00dcafe&amp;api_username=system\"");
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
