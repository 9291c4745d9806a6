package cc.microsolidarity.tributary.publish;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.model.Enclosure;
import cc.microsolidarity.tributary.model.Entry;
import cc.microsolidarity.tributary.model.Item;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Defence in depth, found by survival/ActiveContentIT: normalize drops script URLs before they
 * are stored, and the writers drop them too, so an entry stored by an older version (or by any
 * other path into the store) never reaches subscribers with one.
 */
class ScriptUrlTest {
  @Test
  void noWriterPublishesAScriptUrlFromAStoredEntry() {
    Item item = Item.builder().guid("https://x.example/1").link("javascript:alert(1)")
        .title("t").contentHtml("<p>x</p>")
        .enclosures(List.of(new Enclosure("javascript:alert(2)", "audio/mpeg", 1)))
        .published(Samples.T0).build();
    Entry entry = new Entry("urn:uuid:1", item, Samples.T0, Samples.T0, Samples.T0,
        List.of("pod"));

    Map<String, RenderedFeed> out = new Publisher().render(Samples.feed(), Samples.sources(),
        List.of(entry));

    for (String path : List.of("/feed.atom", "/feed.json", "/podcast.rss", "/")) {
      assertThat(new String(out.get(path).body(), StandardCharsets.UTF_8)).as(path)
          .doesNotContainIgnoringCase("javascript:");
    }
  }
}
