package cc.microsolidarity.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.testing.Sql;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.io.SyndFeedInput;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database stored under older link rules, polled by this version: heise's links carry
 * {@code ?wt_mc=rss.ho.beitrag.rdf}, a campaign tag the first rules kept in the identity key
 * and the current ones drop. Its items have no GUID, so they are known by that key alone.
 */
class CanonicalRulesUpgradeTest {
  private static final String TAG = "?wt_mc=rss.ho.beitrag.rdf";

  @TempDir Path dir;
  FeedFarm farm;
  Path feeds;

  @BeforeEach
  void setUp() throws Exception {
    farm = new FeedFarm().serve("/heise.xml", heise(3), "application/rss+xml");
    feeds = dir.resolve("feeds.yaml");
    Files.writeString(feeds, """
        feed:
          title: "News"
          id: "tag:example.org,2026:news"
          link: "https://example.org"
        sources:
          - id: heise
            url: "%s"
        """.formatted(farm.url("/heise.xml")));
    Files.writeString(dir.resolve("tributary.yaml"), "# defaults\n");
  }

  @AfterEach
  void tearDown() throws Exception {
    farm.close();
  }

  @Test
  void itemsStoredUnderOlderRulesAreNotNewAgainAfterTheUpgrade() throws Exception {
    assertThat(poll()).contains("3 new");
    List<String> ids = atomIds();
    try (Sql sql = new Sql(dir.resolve("data/t.db"))) { // the keys as the first rules made them
      sql.execute("UPDATE identity_keys SET value = value || '" + TAG + "' WHERE kind = 'LINK'");
      sql.execute("UPDATE identity_rules SET version = 1");
    }
    farm.serve("/heise.xml", heise(4), "application/rss+xml"); // one story more

    assertThat(poll()).contains("1 new");

    assertThat(atomIds()).hasSize(4).containsAll(ids);
    try (Sql sql = new Sql(dir.resolve("data/t.db"))) {
      assertThat(sql.count("SELECT version FROM identity_rules")).isEqualTo(2);
      assertThat(sql.count("SELECT COUNT(*) FROM identity_keys WHERE kind = 'LINK' AND value LIKE '%wt_mc%'"))
          .isZero();
      assertThat(sql.count("SELECT COUNT(*) FROM entries")).isEqualTo(4);
      assertThat(sql.count("SELECT COUNT(*) FROM identity_keys WHERE kind <> 'LINK'"))
          .as("known by their links alone").isZero();
    }
  }

  @Test
  void aFreshDatabaseStartsUnderTheCurrentRules() throws Exception {
    poll();
    try (Sql sql = new Sql(dir.resolve("data/t.db"))) {
      assertThat(sql.count("SELECT version FROM identity_rules")).isEqualTo(2);
      assertThat(sql.count("SELECT COUNT(*) FROM identity_keys WHERE kind = 'LINK' AND value LIKE '%wt_mc%'"))
          .isZero();
    }
  }

  /** A news feed as many are: no GUIDs, every link tagged. */
  private static String heise(int stories) {
    StringBuilder items = new StringBuilder();
    for (int i = 1; i <= stories; i++) {
      items.append("""
          <item>
            <title>Story %d</title>
            <link>https://www.heise.de/newsticker/meldung/story-%d.html%s</link>
            <description>Text of story %d.</description>
          </item>
          """.formatted(i, i, TAG, i));
    }
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0"><channel>
          <title>heise online News</title>
          <link>https://www.heise.de/newsticker/</link>
          <description>Nachrichten</description>
        %s</channel></rss>
        """.formatted(items);
  }

  private String poll() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "poll",
        "--feeds", feeds.toString(), "--db", dir.resolve("data/t.db").toString(), "--out",
        dir.resolve("public").toString(), "--config", dir.resolve("tributary.yaml").toString());
    assertThat(code).as(err.toString()).isZero();
    return out.toString();
  }

  private List<String> atomIds() throws Exception {
    String xml = Files.readString(dir.resolve("public/feed.atom"));
    return new SyndFeedInput().build(new StringReader(xml)).getEntries().stream()
        .map(SyndEntry::getUri).toList();
  }
}
