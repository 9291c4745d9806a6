package cc.microsolidarity.tributary.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutations of our fixtures (flipped bytes, cuts, splices, inserted markup fragments):
 * whatever comes in, parse answers Parsed or Failed and never throws. Deterministic: a failing
 * case is reproducible from the seed and index in the message.
 */
class FeedParserFuzzTest {
  private static final long SEED = 20240601L;
  private static final int CASES = 3000;
  private static final String[] FIXTURES = {"podcast-itunes.xml", "atom-xml-base.xml",
      "rss-xml-base.xml", "json-feed.json", "undefined-entities.xml", "sy-update-period.xml",
      "two-guids.xml", "internal-entity.xml", "latin1-no-declaration.xml", "utf8-bom.xml"};
  private static final String[] FRAGMENTS = {"<", ">", "&", "&nbsp;", "&#0;", "&#x110000;",
      "]]>", "<![CDATA[", "<!--", "<!DOCTYPE rss [<!ENTITY e \"x\">]>", "&e;", "\u0000",
      "\uFEFF", "xml:base=\"::\"", "<item>", "</item>", "<entry>", "{", "}", "\"", "[",
      "<?xml version=\"1.0\" encoding=\"klingon\"?>", "<itunes:duration>9:99:99</itunes:duration>",
      "<pubDate>Mon, 99 Foo 99999 99:99:99 +9999</pubDate>", "%", "\uD800"};

  private final FeedParser parser = new FeedParser();

  @Test
  void mutatedFeedsNeverThrow() {
    Random random = new Random(SEED);
    List<byte[]> seeds = new ArrayList<>();
    for (String f : FIXTURES) {
      seeds.add(Fixtures.bytes(f));
    }
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      for (int i = 0; i < CASES; i++) {
        byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), random);
        String contentType = random.nextInt(4) == 0 ? "text/xml; charset=utf-8" : null;
        ParseResult result = parser.parse(input, contentType, Fixtures.DOCUMENT_URL);
        assertThat(result).as("case %d of seed %d", i, SEED).isNotNull();
      }
    });
  }

  @Test
  void oneParserServesManyThreadsAtOnce() throws Exception {
    byte[] podcast = Fixtures.bytes("podcast-itunes.xml");
    byte[] atom = Fixtures.bytes("atom-xml-base.xml");
    ParseResult expectedPodcast = parser.parse(podcast, null, Fixtures.DOCUMENT_URL);
    ParseResult expectedAtom = parser.parse(atom, null, Fixtures.DOCUMENT_URL);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        boolean even = i % 2 == 0;
        results.add(pool.submit(() -> even
            ? parser.parse(podcast, null, Fixtures.DOCUMENT_URL).equals(expectedPodcast)
            : parser.parse(atom, null, Fixtures.DOCUMENT_URL).equals(expectedAtom)));
      }
      for (Future<Boolean> r : results) {
        assertThat(r.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static byte[] mutate(byte[] original, Random random) {
    byte[] b = original.clone();
    int rounds = 1 + random.nextInt(4);
    for (int r = 0; r < rounds && b.length > 0; r++) {
      switch (random.nextInt(5)) {
        case 0 -> b[random.nextInt(b.length)] = (byte) random.nextInt(256);
        case 1 -> b = Arrays.copyOf(b, random.nextInt(b.length));
        case 2 -> {
          int from = random.nextInt(b.length);
          int to = Math.min(b.length, from + random.nextInt(64));
          b = splice(b, from, to, new byte[0]);
        }
        case 3 -> {
          int at = random.nextInt(b.length + 1);
          byte[] fragment = FRAGMENTS[random.nextInt(FRAGMENTS.length)]
              .getBytes(StandardCharsets.UTF_8);
          b = splice(b, at, at, fragment);
        }
        default -> {
          int from = random.nextInt(b.length);
          int to = Math.min(b.length, from + random.nextInt(200));
          int at = random.nextInt(b.length + 1);
          b = splice(b, at, at, Arrays.copyOfRange(b, from, to));
        }
      }
    }
    return b;
  }

  private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
    byte[] out = new byte[b.length - (to - from) + insert.length];
    System.arraycopy(b, 0, out, 0, from);
    System.arraycopy(insert, 0, out, from, insert.length);
    System.arraycopy(b, to, out, from + insert.length, b.length - to);
    return out;
  }
}
