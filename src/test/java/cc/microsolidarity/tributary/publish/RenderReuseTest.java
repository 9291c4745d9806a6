package cc.microsolidarity.tributary.publish;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.model.Entry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A rebuild reuses the outputs it rendered the same, and only those. */
class RenderReuseTest {
  private final Publisher publisher = new Publisher();

  @Test
  void outputsRenderedTheSameAreTheSameObjectsAndTheRestAreNew() {
    List<Entry> entries = new ArrayList<>(Samples.mixed(4));
    Map<String, RenderedFeed> first = publisher.render(Samples.feed(2), Samples.sources(), entries);
    Map<String, RenderedFeed> again = publisher.render(Samples.feed(2), Samples.sources(), entries,
        first);
    assertThat(again).hasSameSizeAs(first);
    again.forEach((path, out) -> assertThat(out).as(path).isSameAs(first.get(path)));

    entries.add(0, Samples.post(9, Samples.T0.plusSeconds(3600))); // a new entry on top
    Map<String, RenderedFeed> next = publisher.render(Samples.feed(2), Samples.sources(), entries,
        again);
    Map<String, RenderedFeed> fresh = publisher.render(Samples.feed(2), Samples.sources(),
        entries);
    // bytes, gzip, ETag and dates as if rendered afresh
    assertThat(next).usingRecursiveComparison().isEqualTo(fresh);
    assertThat(next.get(OutputPaths.OPML)).isSameAs(first.get(OutputPaths.OPML));
    assertThat(next.get(OutputPaths.ATOM)).isNotSameAs(first.get(OutputPaths.ATOM));
    assertThat(next.get(OutputPaths.INDEX)).isNotSameAs(first.get(OutputPaths.INDEX));

    Entry top = entries.get(0); // an edit that keeps the length: "A" for "a" in the title
    String title = top.item().title();
    entries.set(0, new Entry(top.id(), top.item().toBuilder()
        .title(title.substring(0, 1).toUpperCase() + title.substring(1).replace('o', 'O'))
        .build(), top.published(), top.updated(), top.firstSeen(), top.sourceIds()));
    Map<String, RenderedFeed> edited = publisher.render(Samples.feed(2), Samples.sources(),
        entries, next);
    assertThat(edited.get(OutputPaths.ATOM).body()).hasSameSizeAs(next.get(OutputPaths.ATOM)
        .body());
    assertThat(edited).usingRecursiveComparison().isEqualTo(publisher.render(Samples.feed(2),
        Samples.sources(), entries));
  }
}
