package cc.microsolidarity.tributary.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.model.Enclosure;
import cc.microsolidarity.tributary.model.IdentityKey;
import cc.microsolidarity.tributary.model.Item;
import cc.microsolidarity.tributary.normalize.EnclosureCanonicalizer;
import cc.microsolidarity.tributary.normalize.LinkCanonicalizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Runs the whole matcher (canonicalisers + IdentityKeys: same iff any key is equal) over the
 * labelled pairs in identity-pairs.tsv and demands 100% precision and 100% recall.
 */
class MatcherPrecisionRecallTest {
  private final LinkCanonicalizer links = new LinkCanonicalizer();
  private final EnclosureCanonicalizer enclosures = new EnclosureCanonicalizer(links);
  private final IdentityKeys identity = new IdentityKeys();

  record Pair(boolean same, String name, String[] a, String[] b, int line) {}

  @Test
  void labelledPairsMatchWithFullPrecisionAndRecall() throws IOException {
    List<Pair> pairs = load();
    assertThat(pairs).hasSizeGreaterThanOrEqualTo(200);
    int tp = 0;
    int fp = 0;
    int fn = 0;
    int tn = 0;
    List<String> wrong = new ArrayList<>();
    for (Pair p : pairs) {
      Set<IdentityKey> a = new HashSet<>(keys(p.a()));
      boolean matched = keys(p.b()).stream().anyMatch(a::contains);
      if (matched && p.same()) {
        tp++;
      } else if (matched) {
        fp++;
        wrong.add("line " + p.line() + " false match: " + p.name());
      } else if (p.same()) {
        fn++;
        wrong.add("line " + p.line() + " missed: " + p.name());
      } else {
        tn++;
      }
    }
    double precision = tp + fp == 0 ? 1 : (double) tp / (tp + fp);
    double recall = tp + fn == 0 ? 1 : (double) tp / (tp + fn);
    System.out.printf("identity pairs: %d (same %d, different %d); precision %.1f%%, recall %.1f%%%n",
        pairs.size(), tp + fn, fp + tn, precision * 100, recall * 100);
    assertThat(wrong).isEmpty();
    assertThat(precision).isEqualTo(1.0);
    assertThat(recall).isEqualTo(1.0);
  }

  private List<IdentityKey> keys(String[] f) {
    String source = f[0];
    Item item = Item.builder().guid(opt(f[1])).link(opt(f[2]))
        .enclosures(opt(f[3]) == null ? List.of() : List.of(new Enclosure(f[3], "audio/mpeg", -1)))
        .build();
    List<String> encs = item.enclosures().stream().map(e -> enclosures.canonicalize(e.url()))
        .toList();
    return identity.of(source, item, links.canonicalize(item.link()), encs);
  }

  private static String opt(String s) {
    return s.equals("-") ? null : s;
  }

  private static List<Pair> load() throws IOException {
    List<Pair> out = new ArrayList<>();
    try (InputStream in = MatcherPrecisionRecallTest.class
        .getResourceAsStream("/dedupe/identity-pairs.tsv")) {
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i];
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] c = line.split("\t", -1);
        if (c.length != 10) {
          throw new IllegalStateException("line " + (i + 1) + ": expected 10 columns");
        }
        out.add(new Pair(c[0].equals("same"), c[1], new String[] {c[2], c[3], c[4], c[5]},
            new String[] {c[6], c[7], c[8], c[9]}, i + 1));
      }
    }
    return out;
  }
}
