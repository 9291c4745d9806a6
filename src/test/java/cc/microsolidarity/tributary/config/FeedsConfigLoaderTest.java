package cc.microsolidarity.tributary.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cc.microsolidarity.tributary.model.FeedsConfig;
import cc.microsolidarity.tributary.model.Source;
import cc.microsolidarity.tributary.model.SourceKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FeedsConfigLoaderTest {
  private static final String FEED = """
      feed:
        title: "T"
        id: "tag:example.org,2024:merged"
        link: "https://example.org"
        hashtag: microsolidarity
      """;

  private final FeedsConfigLoader loader = new FeedsConfigLoader();

  @Test
  void readsAValidFileIntoImmutableRecords() throws Exception {
    FeedsConfig c = loader.parse("feeds.yaml", FEED + """
        defaults:
          interval: 2h
        sources:
          - id: pod
            kind: podcast
            url: "https://anchor.fm/s/abc/podcast/rss"
            interval: 6h
            title: "Pod"
            include: ["microsolidarity"]
            exclude: ["sponsored"]
          - id: tag-search
            kind: search
            url: "https://social.coop/tags/{hashtag}.rss"
          - id: off
            url: "https://example.org/feed"
            enabled: false
        """);
    assertThat(c.feed().title()).isEqualTo("T");
    assertThat(c.feed().maxEntries()).isEqualTo(50);
    assertThat(c.sources()).extracting(Source::id).containsExactly("pod", "tag-search", "off");
    Source pod = c.sources().get(0);
    assertThat(pod.kind()).isEqualTo(SourceKind.PODCAST);
    assertThat(pod.interval()).isEqualTo(Duration.ofHours(6));
    assertThat(pod.include()).containsExactly("microsolidarity");
    assertThat(pod.exclude()).containsExactly("sponsored");
    Source search = c.sources().get(1);
    assertThat(search.url().toString()).isEqualTo("https://social.coop/tags/microsolidarity.rss");
    assertThat(search.interval()).isEqualTo(Duration.ofHours(2));
    assertThat(c.sources().get(2).kind()).isEqualTo(SourceKind.BLOG);
    assertThat(c.enabledSources()).extracting(Source::id).containsExactly("pod", "tag-search");
  }

  static Stream<Arguments> brokenFiles() {
    return Stream.of(
        Arguments.of("unknown key with a suggestion", FEED + """
            sources:
              - id: a
                url: "https://example.org/a"
                intervall: 6h
            """, List.of("f.yaml:9:5: unknown key 'intervall' in a source (did you mean 'interval'?)")),
        Arguments.of("unknown top-level key", FEED + """
            source:
              - id: a
            """, List.of(
            "f.yaml:1:1: missing required key 'sources' (the list of feeds to poll)",
            "f.yaml:6:1: unknown key 'source' in the top level (did you mean 'sources'?)")),
        Arguments.of("duplicate id at its second occurrence", FEED + """
            sources:
              - id: a
                url: "https://example.org/a"
              - id: a
                url: "https://example.org/b"
            """, List.of("f.yaml:9:9: duplicate source id 'a' (first used at line 7)")),
        Arguments.of("id with capitals", FEED + """
            sources:
              - id: My_Blog
                url: "https://example.org/a"
            """, List.of("f.yaml:7:9: source id 'My_Blog' may contain only a-z, 0-9 and '-' (it keys the database)")),
        Arguments.of("relative url", FEED + """
            sources:
              - id: a
                url: "/feed.xml"
            """, List.of("f.yaml:8:10: 'url' must be an absolute http(s) URL, not '/feed.xml'")),
        Arguments.of("ftp url", FEED + """
            sources:
              - id: a
                url: "ftp://example.org/feed.xml"
            """, List.of("f.yaml:8:10: 'url' must be an absolute http(s) URL, not 'ftp://example.org/feed.xml'")),
        Arguments.of("url with a space", FEED + """
            sources:
              - id: a
                url: "https://example.org/my feed.xml"
            """, List.of("f.yaml:8:10: 'url' is not a valid URL: Illegal character in path in"
                + " 'https://example.org/my feed.xml' (write a space as %20)")),
        Arguments.of("url with a port out of range", FEED + """
            sources:
              - id: a
                url: "https://example.org:99999/feed"
              - id: b
                url: "https://example.org:0/feed"
            """, List.of("f.yaml:8:10: 'url' has port 99999, but a port is 1 to 65535:"
                + " 'https://example.org:99999/feed'",
                "f.yaml:10:10: 'url' has port 0, but a port is 1 to 65535:"
                + " 'https://example.org:0/feed'")),
        Arguments.of("url with a password, which the message does not repeat", FEED + """
            sources:
              - id: a
                url: "https://crew:s3cret@example.org/feed"
            """, List.of("f.yaml:8:10: 'url' holds a user name or password (before the @): it"
                + " would be published with the URL, and Tributary does not log in to feeds")),
        Arguments.of("url whose host is no domain name", FEED + """
            sources:
              - id: a
                url: "https://a_b.exämple/feed"
            """, List.of("f.yaml:8:10: 'url' has a host that is not a valid domain name:"
                + " 'https://a_b.exämple/feed'")),
        Arguments.of("bad duration", FEED + """
            sources:
              - id: a
                url: "https://example.org/a"
                interval: 6 hours
            """, List.of("f.yaml:9:15: 'interval' is not a duration: '6 hours'"
                + " (a number with s, m, h or d, e.g. 30s, 6h, 1h30m)")),
        Arguments.of("language and owner email", FEED + """
              language: english
              author:
                name: "Crew"
                email: crew at example.org
            sources: []
            """, List.of(
            "f.yaml:6:13: 'language' must be a language tag such as en or pt-BR, not 'english'",
            "f.yaml:9:12: 'email' must be an email address, not 'crew at example.org'")),
        Arguments.of("interval without a unit", FEED + """
            sources:
              - id: a
                url: "https://example.org/a"
                interval: 30
            """, List.of("f.yaml:9:15: 'interval' of '30' has no unit"
                + " (a number with s, m, h or d, e.g. 30s, 6h, 1h30m)")),
        Arguments.of("interval under five minutes", FEED + """
            sources:
              - id: a
                url: "https://example.org/a"
                interval: 4m
            """, List.of("f.yaml:9:15: 'interval' of 4m is under the minimum of 5m")),
        Arguments.of("search without hashtag", """
            feed:
              title: "T"
              id: "tag:example.org,2024:merged"
              link: "https://example.org"
            sources:
              - id: s
                kind: search
                url: "https://social.coop/tags/{hashtag}.rss"
            """, List.of(
            "f.yaml:7:11: a search source needs feed.hashtag: its items are kept only when they carry it",
            "f.yaml:8:10: 'url' uses {hashtag} but feed.hashtag is not set")),
        Arguments.of("missing url and unknown kind", FEED + """
            sources:
              - id: a
                kind: video
            """, List.of(
            "f.yaml:7:5: missing required key 'url' in a source",
            "f.yaml:8:11: unknown kind 'video' (one of podcast, blog, forum, search)")),
        Arguments.of("misspelt kind", FEED + """
            sources:
              - id: a
                kind: Podcasts
                url: "https://example.org/a"
              - id: b
                kind: blgo
                url: "https://example.org/b"
            """, List.of(
            "f.yaml:8:11: unknown kind 'Podcasts' (did you mean 'podcast'? one of podcast, blog,"
                + " forum, search)",
            "f.yaml:11:11: unknown kind 'blgo' (did you mean 'blog'? one of podcast, blog, forum,"
                + " search)")),
        Arguments.of("wrong types", FEED + """
              max_entries: lots
            sources:
              - id: a
                url: "https://example.org/a"
                include: microsolidarity
                enabled: maybe
            """, List.of(
            "f.yaml:6:16: 'max_entries' must be a whole number, not 'lots'",
            "f.yaml:10:14: 'include' must be a list, not a value",
            "f.yaml:11:14: 'enabled' must be true or false, not 'maybe'")),
        Arguments.of("feed missing its id and link", """
            feed:
              title: "T"
            sources: []
            """, List.of(
            "f.yaml:2:3: missing required key 'id' in 'feed'",
            "f.yaml:2:3: missing required key 'link' in 'feed'")),
        Arguments.of("sources not a list", FEED + """
            sources: "https://example.org/a"
            """, List.of("f.yaml:6:10: 'sources' must be a list, not a value")),
        Arguments.of("duplicate key", FEED + """
            sources:
              - id: a
                url: "https://example.org/a"
                url: "https://example.org/b"
            """, List.of("f.yaml:9:5: duplicate key 'url'")),
        Arguments.of("unclosed quote", FEED + """
            sources:
              - id: a
                url: "https://example.org/a
            """, List.of("f.yaml:9:1: invalid YAML: found unexpected end of stream"
            + " (while scanning a quoted scalar started at 8:10)")),
        Arguments.of("unclosed list", FEED + """
            sources:
              - id: a
                url: "https://example.org/a"
                include: [microsolidarity, crews
                exclude: [sponsored]
            """, List.of("f.yaml:10:12: invalid YAML: expected ',' or ']', but got :"
            + " (while parsing a flow sequence started at 9:14)")),
        Arguments.of("tab indentation", FEED + """
            sources:
              - id: a
            \turl: "https://example.org/a"
            """, List.of("f.yaml:8:1: invalid YAML: a tab cannot start a token here"
            + " (indent with spaces, not tabs)")),
        Arguments.of("key inside a value", FEED + """
            sources:
              - id: a
                url: https://example.org/a title: A
            """, List.of("f.yaml:8:37: invalid YAML: mapping values are not allowed here")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenFiles")
  void reportsEveryProblemWithItsLineAndColumn(String name, String yaml, List<String> expected) {
    assertThatThrownBy(() -> loader.parse("f.yaml", yaml))
        .isInstanceOfSatisfying(ConfigException.class, e ->
            assertThat(e.problems()).extracting(ConfigProblem::toString)
                .containsExactlyElementsOf(expected));
  }

  @Test
  void reportsAllErrorsOfOneFileTogether() {
    String yaml = FEED + """
        sources:
          - id: A
            url: "nope"
          - id: b
            url: "https://example.org/b"
            interval: 1m
            colour: red
        """;
    assertThatThrownBy(() -> loader.parse("f.yaml", yaml))
        .isInstanceOfSatisfying(ConfigException.class, e ->
            assertThat(e.problems()).hasSize(4));
  }

  @Test
  void aHostInAnotherScriptIsTakenInItsAsciiForm() throws Exception {
    FeedsConfig c = loader.parse("feeds.yaml", FEED + """
        sources:
          - id: books
            url: "https://Bücher.example:8443/föö?q=ü"
          - id: plain
            url: "https://example.org/feed"
        """);
    assertThat(c.sources()).extracting(s -> s.url().toString()).containsExactly(
        "https://xn--bcher-kva.example:8443/föö?q=ü", "https://example.org/feed");
  }

  @Test
  void refusesBinaryGarbageWithOneMessage(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("feeds.yaml");
    Files.write(f, new byte[] {'f', 'e', 0, 1, 2, (byte) 0xff});
    assertThatThrownBy(() -> loader.load(f))
        .isInstanceOfSatisfying(ConfigException.class, e ->
            assertThat(e.problems()).singleElement().asString()
                .endsWith("1:3: binary data (NUL byte): this is not a YAML text file"));
  }

  @Test
  void aFolderGivenAsTheFileIsOneProblemInWords(@TempDir Path dir) {
    assertThatThrownBy(() -> loader.load(dir))
        .isInstanceOfSatisfying(ConfigException.class, e ->
            assertThat(e.problems()).singleElement().asString()
                .isEqualTo(dir + ":1:1: is a folder, not a file"));
  }

  @Test
  void refusesAHugeFileWithoutReadingIt(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("feeds.yaml");
    Files.write(f, new byte[(int) ConfigText.MAX_BYTES + 1]);
    assertThatThrownBy(() -> loader.load(f))
        .isInstanceOfSatisfying(ConfigException.class, e ->
            assertThat(e.problems()).singleElement().asString()
                .contains("a config file may be at most 4 MiB"));
  }

  @Test
  void anEndlessStreamIsReadNoFurtherThanTheCap() {
    // A device or a pipe reports no size; /dev/zero used to be read until the heap ran out.
    Path endless = Path.of("/dev/zero");
    assumeTrue(Files.isReadable(endless), "needs /dev/zero");
    assertThatThrownBy(() -> loader.load(endless))
        .isInstanceOfSatisfying(ConfigException.class, e ->
            assertThat(e.problems()).singleElement().asString()
                .isEqualTo("/dev/zero:1:1: file is over 4 MiB; a config file may be at most"
                    + " 4 MiB"));
  }

  @Test
  void anAliasFloodIsOneProblemNotOnePerAlias() {
    // Just under the 4 MiB cap: about 1.4 million aliases. One line per alias would be a
    // flood of output (and of memory); one problem names the first and counts the rest.
    String yaml = "a: &a x\nb: [" + "*a,".repeat(1_390_000) + "*a]\n";
    assertThat((long) yaml.length()).isLessThan(ConfigText.MAX_BYTES);
    assertThatThrownBy(() -> loader.parse("f.yaml", yaml))
        .isInstanceOfSatisfying(ConfigException.class, e -> {
          assertThat(e.problems()).hasSizeLessThan(10);
          assertThat(e.getMessage()).contains("f.yaml:2:5: YAML aliases (*a) are not supported")
              .contains("1390000 more");
        });
  }

  @Test
  void refusesAnAliasBomb() {
    StringBuilder y = new StringBuilder("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
    for (char c = 'b'; c <= 'k'; c++) {
      char p = (char) (c - 1);
      y.append(c).append(": &").append(c).append(" [*").append(p);
      for (int i = 0; i < 8; i++) y.append(",*").append(p);
      y.append("]\n");
    }
    assertThatThrownBy(() -> loader.parse("f.yaml", y.toString()))
        .isInstanceOfSatisfying(ConfigException.class, e ->
            assertThat(e.problems()).extracting(ConfigProblem::message)
                .contains("YAML aliases (*a) are not supported here; write the value out"));
  }

  @Test
  void theShippedFeedsFileIsValid() throws Exception {
    FeedsConfig c = loader.load(Path.of("feeds.yaml"));
    assertThat(c.sources()).extracting(Source::id).contains("jim-rutt-show",
        "medium-enspiral-tales", "medium-tag", "social-coop", "mastodon-social",
        "edgeryders-thread");
    assertThat(new DaemonSettingsLoader().load(Path.of("config/tributary.yaml"), true))
        .isEqualTo(DaemonSettings.defaults());
  }

  @Test
  void aBlankLanguageOrEmailIsLeftOutNotRefused() throws Exception {
    FeedsConfig config = loader.parse("f.yaml", FEED + """
          language: ""
          author:
            name: "Crew"
            email: " "
        sources: []
        """);
    assertThat(config.feed().language()).isNull();
    assertThat(config.feed().author().email()).isNull();
  }
}
