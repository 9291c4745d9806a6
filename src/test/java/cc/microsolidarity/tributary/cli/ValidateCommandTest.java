package cc.microsolidarity.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
  @TempDir Path dir;

  private static final String FEED = """
      feed:
        title: "T"
        id: "tag:example.org,2026:t"
        link: "https://example.org"
      """;

  private String validate(String yaml) throws Exception {
    Path feeds = dir.resolve("feeds.yaml");
    Files.writeString(feeds, yaml);
    Path config = Files.writeString(dir.resolve("tributary.yaml"), "# defaults\n");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "validate",
        "--feeds", feeds.toString(), "--config", config.toString());
    assertThat(code).as(err.toString()).isZero();
    return out.toString().replace(feeds.toString(), "feeds.yaml");
  }

  @Test
  void aPodcastWithoutArtworkOrOwnerEmailIsValidWithANoteForEach() throws Exception {
    String out = validate(FEED + """
        sources:
          - id: pod
            kind: podcast
            url: "https://pod.example.org/rss"
        """);

    assertThat(out.lines()).containsExactly(
        "feeds.yaml: ok (1 source, 1 enabled)",
        "feeds.yaml: note: feed.image is not set: podcast.rss goes out without artwork, which"
            + " Apple Podcasts requires (a square JPEG or PNG, 1400 to 3000 px)",
        "feeds.yaml: note: feed.author.email is not set: podcast.rss has no <itunes:email>, by"
            + " which Apple Podcasts confirms who owns a feed");
  }

  @Test
  void aCredentialInASourceUrlIsValidWithANoteThatItIsNotPublished() throws Exception {
    String out = validate(FEED + """
        sources:
          - id: crew-forum
            kind: forum
            url: "https://forum.example.org/c/crew.rss?api_key=f00d&api_username=system"
          - id: members
            kind: podcast
            url: "https://members.example.org/rss?auth=s3cr3t&token=x"
          - id: search
            url: "https://search.example.org/feed?keyword=microsolidarity"
        """);

    assertThat(out.lines()).contains(
        "feeds.yaml: note: source 'crew-forum': 'api_key' in its URL looks like a credential:"
            + " the published sources.opml, feed.atom and index.html show the URL without it",
        "feeds.yaml: note: source 'members': 'auth', 'token' in its URL look like credentials:"
            + " the published sources.opml, feed.atom and index.html show the URL without them")
        .noneMatch(line -> line.contains("'search'"));
  }

  @Test
  void noEnabledSourceIsValidWithANote() throws Exception {
    assertThat(validate(FEED + "sources: []\n").lines()).containsExactly(
        "feeds.yaml: ok (0 sources, 0 enabled)",
        "feeds.yaml: note: no source is enabled, so the merged feeds stay empty");
    assertThat(validate(FEED + """
        sources:
          - id: off
            url: "https://example.org/feed"
            enabled: false
        """).lines()).containsExactly(
        "feeds.yaml: ok (1 source, 0 enabled)",
        "feeds.yaml: note: no source is enabled, so the merged feeds stay empty");
  }

  @Test
  void noNoteWhenBothAreSetOrNoSourceIsAPodcast() throws Exception {
    String podcastReady = FEED + """
          image: "https://example.org/art.png"
          author: { name: "Crew", email: "crew@example.org" }
        sources:
          - id: pod
            kind: podcast
            url: "https://pod.example.org/rss"
        """;
    assertThat(validate(podcastReady).lines()).containsExactly(
        "feeds.yaml: ok (1 source, 1 enabled)");

    assertThat(validate(FEED + """
        sources:
          - id: blog
            url: "https://blog.example.org/feed"
          - id: other
            url: "https://other.example.org/feed"
            enabled: false
        """).lines()).containsExactly("feeds.yaml: ok (2 sources, 1 enabled)");
  }

  @Test
  void sourcesNamingTheSameFeedAreValidWithANote() throws Exception {
    String out = validate(FEED + """
        sources:
          - id: forum-all
            url: "https://forum.example/latest.rss"
          - id: blog
            url: "https://blog.example/feed"
          - id: forum-tagged
            url: "http://FORUM.example/latest.rss/"
            include: ["microsolidarity"]
          - id: forum-again
            url: "https://forum.example:443/latest.rss"
        """);

    assertThat(out.lines()).containsExactly(
        "feeds.yaml: ok (4 sources, 4 enabled)",
        "feeds.yaml: note: sources 'forum-all', 'forum-tagged' and 'forum-again' name the same"
            + " feed: it is fetched once for each, and what they share is stored once");
  }
}
