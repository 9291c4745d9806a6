package cc.microsolidarity.tributary.cli;

import static cc.microsolidarity.tributary.testing.Digests.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourcesAndOpmlCommandTest {
  @TempDir Path dir;
  FeedFarm farm;
  Path feeds;

  @BeforeEach
  void setUp() throws Exception {
    farm = new FeedFarm()
        .serveResource("/blog.atom", "/e2e/blog.atom", "application/atom+xml")
        .fail("/broken.xml", 500)
        .fail("/gone.xml", 410);
    feeds = dir.resolve("feeds.yaml");
    Files.writeString(feeds, """
        # Our sources. This comment must survive an import.
        feed:
          title: "T"
          id: "tag:example.org,2024:merged"
          link: "https://example.org"
        sources:
          - id: blog
            url: "%s"
          - id: broken
            url: "%s"
          - id: gone
            url: "%s"
          - id: paused
            url: "https://paused.example.org/feed"
            enabled: false
        """.formatted(farm.url("/blog.atom"), farm.url("/broken.xml"), farm.url("/gone.xml")));
    Files.writeString(dir.resolve("tributary.yaml"), "# defaults\n");
  }

  @AfterEach
  void tearDown() throws Exception {
    farm.close();
  }

  String run(int expectedCode, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--feeds", feeds.toString(), "--db", dir.resolve("t.db").toString(),
        "--out", dir.resolve("public").toString(), "--config",
        dir.resolve("tributary.yaml").toString()));
    int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true),
        all.toArray(String[]::new));
    assertThat(code).as(err.toString()).isEqualTo(expectedCode);
    return out.toString();
  }

  @Test
  void sourcesJsonHasExactlyTheDocumentedKeysAndStates() throws Exception {
    run(0, "poll");
    JsonNode array = new ObjectMapper().readTree(run(0, "sources", "--json"));
    assertThat(array.size()).isEqualTo(4);
    for (JsonNode o : array) {
      List<String> keys = new ArrayList<>();
      o.fieldNames().forEachRemaining(keys::add);
      assertThat(keys).containsExactly("id", "kind", "url", "effective_url", "state",
          "last_status", "last_success", "last_error", "consecutive_failures", "items",
          "next_poll");
    }
    assertThat(array.get(0).path("state").asText()).isEqualTo("ok");
    assertThat(array.get(0).path("items").asInt()).isEqualTo(2);
    assertThat(array.get(0).path("last_success").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(array.get(1).path("state").asText()).isEqualTo("backing-off");
    assertThat(array.get(1).path("last_status").asInt()).isEqualTo(500);
    assertThat(array.get(1).path("consecutive_failures").asInt()).isEqualTo(1);
    assertThat(array.get(1).path("last_error").asText()).isEqualTo("HTTP 500 Server Error");
    assertThat(array.get(2).path("state").asText()).isEqualTo("disabled");
    assertThat(array.get(2).path("next_poll").isNull()).isTrue();
    assertThat(array.get(3).path("state").asText()).isEqualTo("disabled");
    assertThat(array.get(3).path("last_success").isNull()).isTrue();
  }

  @Test
  void sourcesTableMarksTroubleAndAlignsColumns() {
    run(0, "poll");
    String table = run(0, "sources");
    List<String> lines = table.lines().toList();
    assertThat(lines.get(0)).startsWith("ID").contains("STATE").contains("LAST ERROR")
        .contains("LAST SUCCESS (UTC)").contains("NEXT POLL (UTC)");
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("broken").contains("! backing-off")
        .contains("HTTP 500 Server Error"));
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("gone").contains("- disabled"));
    int stateColumn = lines.get(0).indexOf("STATE");
    assertThat(lines.subList(1, lines.size()))
        .allSatisfy(l -> assertThat(l.charAt(stateColumn - 1)).isEqualTo(' '));
  }

  @Test
  void sourcesAndOpmlExportReadACrashedDaemonsFilesWithoutWritingThem() throws Exception {
    run(0, "poll");
    Path db = dir.resolve("t.db");
    Path wal = dir.resolve("t.db-wal");
    // What a kill -9 leaves: the file, and a log holding a commit not yet copied into it.
    Path savedDb = dir.resolve("saved.db");
    Path savedWal = dir.resolve("saved.db-wal");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA wal_autocheckpoint = 0");
      s.execute("UPDATE source_state SET last_error = 'only in the log'"
          + " WHERE source_id = 'broken'");
      Files.copy(db, savedDb);
      Files.copy(wal, savedWal);
    }
    Files.move(savedDb, db, StandardCopyOption.REPLACE_EXISTING);
    Files.move(savedWal, wal, StandardCopyOption.REPLACE_EXISTING);
    Files.deleteIfExists(dir.resolve("t.db-shm"));
    String dbBefore = sha256(db);
    String walBefore = sha256(wal);

    assertThat(run(0, "sources")).contains("only in the log");
    run(0, "opml", "export", "-o", dir.resolve("out.opml").toString());

    assertThat(sha256(db)).as("the database file").isEqualTo(dbBefore);
    assertThat(sha256(wal)).as("the log").isEqualTo(walBefore);
    assertThat(dir.resolve("out.opml")).content().contains(farm.url("/blog.atom"));
  }

  @Test
  void sourcesAndOpmlExportWithNoDatabaseYetCreateNone() {
    Path typo = dir.resolve("dta/t.db");
    String config = dir.resolve("tributary.yaml").toString();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "sources",
        "--feeds", feeds.toString(), "--db", typo.toString(), "--config", config);

    assertThat(code).isZero();
    assertThat(err.toString()).isEqualTo("no database at " + typo
        + " yet: no source has been polled" + System.lineSeparator());
    assertThat(out.toString()).containsPattern("(?m)^blog\\s+blog\\s+ok\\s+-\\s+never\\s")
        .containsPattern("(?m)^paused\\s+blog\\s+- disabled\\s");
    assertThat(Main.execute(new PrintWriter(new StringWriter(), true),
        new PrintWriter(new StringWriter(), true), "opml", "export", "-o",
        dir.resolve("out.opml").toString(), "--feeds", feeds.toString(), "--db",
        typo.toString(), "--config", config)).isZero();
    assertThat(dir.resolve("out.opml")).content().contains(farm.url("/blog.atom"));
    assertThat(dir.resolve("dta")).doesNotExist();
  }

  @Test
  void anImportOfAMissingFileOrAFolderSaysSoAsParseDoes() throws Exception {
    String before = Files.readString(feeds);
    Path missing = dir.resolve("missing.opml");
    for (Path file : List.of(missing, dir)) {
      StringWriter err = new StringWriter();
      int code = Main.execute(new PrintWriter(new StringWriter(), true),
          new PrintWriter(err, true), "opml", "import", file.toString(), "--feeds",
          feeds.toString());
      assertThat(code).isEqualTo(2);
      assertThat(err.toString()).isEqualTo("cannot read " + file + ": "
          + (file == dir ? "is a folder" : "no such file") + System.lineSeparator());
    }
    assertThat(Files.readString(feeds)).isEqualTo(before);
  }

  @Test
  void anExportCreatesTheFolderItIsToldToWriteIn() {
    Path opml = dir.resolve("exports/2026/sources.opml");
    run(0, "opml", "export", "-o", opml.toString());
    assertThat(opml).content().contains(farm.url("/blog.atom"));
    assertThat(dir.resolve("exports/2026")).isDirectoryNotContaining("glob:**.tmp");
  }

  @Test
  void anExportThatCannotCreateItsFolderNamesIt() throws Exception {
    Path file = dir.resolve("not-a-folder");
    Files.writeString(file, "x");
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(new StringWriter(), true),
        new PrintWriter(err, true), "opml", "export", "-o", file.resolve("s.opml").toString(),
        "--feeds", feeds.toString(), "--config", dir.resolve("tributary.yaml").toString());
    assertThat(code).isEqualTo(4);
    assertThat(err.toString()).isEqualTo("error: " + file + ": exists and is not a folder"
        + System.lineSeparator());
  }

  @Test
  void opmlExportThenImportIntoAnotherFileRoundTrips() throws Exception {
    Path opml = dir.resolve("out.opml");
    run(0, "opml", "export", "-o", opml.toString());
    assertThat(Files.readString(opml)).contains("<opml version=\"2.0\"")
        .contains(farm.url("/blog.atom"));

    // Import into a file that has only one of the sources.
    String before = Files.readString(feeds);
    Files.writeString(feeds, before.substring(0, before.indexOf("  - id: broken")));
    String out = run(0, "opml", "import", opml.toString());
    assertThat(out).contains("skipped " + farm.url("/blog.atom")).contains("3 added, 1 skipped");
    // The same ids, so the database's states and entries are theirs again; the same switches.
    assertThat(out).contains("added   broken", "added   gone", "added   paused");
    assertThat(Files.readString(feeds)).contains("""
          - id: paused
            url: "https://paused.example.org/feed"
            title: "paused"
            enabled: false
        """);
    String after = Files.readString(feeds);
    assertThat(after).startsWith("# Our sources. This comment must survive an import.");
    assertThat(run(0, "validate")).contains("ok (4 sources");
  }

  @Test
  void anImportOfOnlyEntriesFeedsYamlWouldRefuseNamesThemAndLeavesTheFileUntouched()
      throws Exception {
    Path opml = dir.resolve("bad.opml");
    Files.writeString(opml, """
        <?xml version="1.0"?><opml version="2.0"><head/><body>
        <outline text="Bad" xmlUrl="ftp://example.org/feed"/></body></opml>""");
    String before = Files.readString(feeds);
    StringWriter out = new StringWriter();
    int code = Main.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter()),
        "opml", "import", opml.toString(), "--feeds", feeds.toString());
    assertThat(code).isZero();
    assertThat(out.toString().lines()).containsExactly(
        "skipped bad ('url' must be an absolute http(s) URL, not 'ftp://example.org/feed')",
        "0 added, 1 skipped; " + feeds + " is valid and unchanged");
    assertThat(Files.readString(feeds)).isEqualTo(before);
  }

  @Test
  void anImportIntoAnInvalidFeedsYamlIsRefusedAndLeavesItUntouched() throws Exception {
    Path opml = dir.resolve("good.opml");
    Files.writeString(opml, """
        <?xml version="1.0"?><opml version="2.0"><head/><body>
        <outline text="Good" xmlUrl="https://good.example/feed"/></body></opml>""");
    Files.writeString(feeds, Files.readString(feeds).replace("url:", "ulr:"));
    String before = Files.readString(feeds);
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true),
        "opml", "import", opml.toString(), "--feeds", feeds.toString());
    assertThat(code).isEqualTo(ExitCodes.INVALID_CONFIG);
    assertThat(err.toString()).contains("unknown key 'ulr'");
    assertThat(Files.readString(feeds)).isEqualTo(before);
  }
}
