package cc.microsolidarity.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParseCommandTest {
  @TempDir Path dir;
  Path rss;
  Path atom;
  Path html;

  record Run(int code, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  @BeforeEach
  void writeFixtures() throws Exception {
    rss = dir.resolve("blog.rss");
    Files.writeString(rss, """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0"><channel><title>Blog</title><link>https://blog.example.org/</link>
        <description>d</description>
        <item><title>One</title><link>/one</link><guid>https://blog.example.org/1</guid>
          <description><![CDATA[<p>Hello <script>alert(1)</script>world</p>]]></description>
          <pubDate>Mon, 06 Jan 2025 10:00:00 GMT</pubDate></item>
        <item><title>Two</title><link>https://blog.example.org/two</link>
          <guid>https://blog.example.org/2</guid><description>plain</description></item>
        <item><title>Three</title><link>https://blog.example.org/three</link>
          <guid>https://blog.example.org/3</guid><description>plain</description></item>
        </channel></rss>
        """);
    atom = dir.resolve("news.atom");
    Files.writeString(atom, """
        <?xml version="1.0" encoding="UTF-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom"><title>News</title>
        <id>tag:example.org,2025:news</id><updated>2025-01-06T10:00:00Z</updated>
        <entry><title>A</title><id>tag:example.org,2025:a</id>
          <link href="https://news.example.org/a"/><updated>2025-01-06T10:00:00Z</updated>
          <content type="html">&lt;p onclick="x()"&gt;Body&lt;/p&gt;</content></entry>
        <entry><title>B</title><id>tag:example.org,2025:b</id>
          <link href="https://news.example.org/b"/><updated>2025-01-05T10:00:00Z</updated>
          <summary>Short</summary></entry>
        </feed>
        """);
    html = dir.resolve("page.html");
    Files.writeString(html, "<!DOCTYPE html><html><head><title>Hi</title></head>"
        + "<body><p>not a feed</p></body></html>\n");
  }

  Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void printsOneAlignedLinePerFileWithItsItemCountAndASummary() {
    Run r = run("parse", rss.toString(), atom.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.lines()).hasSize(3);
    assertThat(r.lines().get(0)).startsWith(rss.toString()).endsWith("3 items");
    assertThat(r.lines().get(1)).startsWith(atom.toString()).endsWith("2 items");
    // the counts line up under each other
    assertThat(r.lines().get(0).indexOf("items")).isEqualTo(r.lines().get(1).indexOf("items"));
    assertThat(r.lines().get(2))
        .startsWith("parsed 2 files, 5 items, " + (bytes(rss) + bytes(atom)) + " bytes, 0 failed: ")
        .contains("items/s", "MB/s", "one thread");
  }

  @Test
  void oneItemIsCountedInTheSingularAndWarningsStillLineUp() throws Exception {
    String one = "<rss version=\"2.0\"><channel><title>t</title><link>https://e.example/</link>"
        + "<item><title>a</title><link>https://e.example/a</link></item></channel></rss>";
    Path plain = dir.resolve("one.rss");
    Path withBom = dir.resolve("bom.rss");
    Files.writeString(plain, one);
    Files.writeString(withBom, "\uFEFF" + one);
    Path three = dir.resolve("three.rss");
    Files.writeString(three, "\uFEFF" + Files.readString(rss));

    Run r = run("parse", plain.toString(), withBom.toString(), three.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.lines().get(0)).endsWith(" 1 item");
    assertThat(r.lines().get(1)).contains(" 1 item   warnings: ");
    assertThat(r.lines().get(2)).contains(" 3 items  warnings: ");
    assertThat(r.lines().get(1).indexOf("warnings"))
        .isEqualTo(r.lines().get(2).indexOf("warnings"));
    assertThat(r.lines().get(3)).startsWith("parsed 3 files, 5 items, ");
    assertThat(run("parse", "--quiet", plain.toString()).lines()).singleElement().asString()
        .startsWith("parsed 1 file, 1 item, ");
  }

  @Test
  void showsTheRecoveriesTheParserApplied() throws Exception {
    Path bom = dir.resolve("bom.rss");
    byte[] body = Files.readAllBytes(rss);
    byte[] withBom = new byte[body.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(body, 0, withBom, 3, body.length);
    Files.write(bom, withBom);

    Run r = run("parse", bom.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.lines().get(0)).contains("3 items  warnings: ").containsIgnoringCase("BOM");
  }

  @Test
  void anHtmlPageIsReportedAsFailedAndMakesTheExitCodeNonZero() {
    Run r = run("parse", rss.toString(), html.toString());

    assertThat(r.code()).isEqualTo(ExitCodes.RUNTIME);
    assertThat(r.lines().get(0)).endsWith("3 items");
    assertThat(r.lines().get(1)).startsWith(html.toString())
        .contains("failed: not a feed: HTML page");
    assertThat(r.lines().get(2)).contains("2 files, 3 items").contains("1 failed");
  }

  @Test
  void aMissingFileIsOneLineOnStderrAndAUsageError() {
    Path missing = dir.resolve("nope.xml");

    Run r = run("parse", rss.toString(), missing.toString());

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines().toList())
        .containsExactly("cannot read " + missing + ": no such file");
  }

  @Test
  void aWarmUpRunsUntimedPassesFirstAndTheSummarySaysSo() throws Exception {
    long started = System.nanoTime();
    Run text = run("parse", "--quiet", "--warmup", "0.2", "--rounds", "3", rss.toString());
    long tookMillis = (System.nanoTime() - started) / 1_000_000;
    Run json = run("parse", "--warmup", "0.2", "--json", rss.toString());

    assertThat(text.code()).as(text.err()).isZero();
    assertThat(tookMillis).as("the warm-up really ran").isGreaterThanOrEqualTo(200);
    assertThat(text.lines()).singleElement().asString()
        .endsWith("(median of 3 rounds after 0.2 s of warm-up, one thread)");
    assertThat(json.code()).as(json.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(json.out());
    assertThat(j.path("warmup_seconds").asDouble()).isEqualTo(0.2);
    assertThat(j.path("rounds").asInt()).isEqualTo(1);
    assertThat(j.path("items_per_s").asDouble()).isPositive();
  }

  @Test
  void aNegativeWarmUpIsAUsageError() {
    Run r = run("parse", "--warmup", "-1", rss.toString());

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--warmup must be between 0 and 3600 seconds");
  }

  @Test
  void quietPrintsOnlyTheSummary() {
    Run r = run("parse", "--quiet", rss.toString(), atom.toString());

    assertThat(r.code()).isZero();
    assertThat(r.lines()).singleElement().asString().startsWith("parsed 2 files, 5 items");
  }

  @Test
  void jsonWithNormalizeAndRoundsGivesTheCountsAndPositiveRates() throws Exception {
    Run r = run("parse", "--normalize", "--rounds", "2", "--json", rss.toString(),
        atom.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.lines()).hasSize(1);
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.path("files").asInt()).isEqualTo(2);
    assertThat(j.path("items").asInt()).isEqualTo(5);
    assertThat(j.path("bytes").asLong()).isEqualTo(bytes(rss) + bytes(atom));
    assertThat(j.path("failed").asInt()).isZero();
    assertThat(j.path("rounds").asInt()).isEqualTo(2);
    assertThat(j.path("normalize").asBoolean()).isTrue();
    assertThat(j.path("seconds_median").asDouble()).isPositive();
    assertThat(j.path("items_per_s").asDouble()).isPositive();
    assertThat(j.path("mb_per_s").asDouble()).isPositive();
    assertThat(j.path("cpu_items_per_s").asDouble()).isPositive();
  }

  @Test
  void jsonReportsFailuresOnStderrAndInTheCount() throws Exception {
    Run r = run("parse", "--json", html.toString(), atom.toString());

    assertThat(r.code()).isEqualTo(ExitCodes.RUNTIME);
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.path("failed").asInt()).isEqualTo(1);
    assertThat(j.path("items").asInt()).isEqualTo(2);
    assertThat(r.err()).contains(html + ": failed: not a feed: HTML page");
  }

  @Test
  void zeroRoundsIsAUsageError() {
    Run r = run("parse", "--rounds", "0", rss.toString());

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--rounds");
  }

  private static long bytes(Path p) {
    try {
      return Files.size(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
