package cc.microsolidarity.tributary.survival;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import okio.Buffer;
import okio.BufferedSink;

/** Hostile feed responses, each written by us for one attack. */
final class HostileFeeds {
  static final String SECRET_FILE_MARKER = "root:x:0:0";

  private HostileFeeds() {}

  static MockResponse xml(String body) {
    return xml(body.getBytes(StandardCharsets.UTF_8));
  }

  static MockResponse xml(byte[] body) {
    return new MockResponse.Builder().addHeader("Content-Type", "application/rss+xml")
        .body(new Buffer().write(body)).build();
  }

  static String rss(String doctype, String itemXml) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + doctype
        + "<rss version=\"2.0\"><channel><title>Hostile</title>"
        + "<link>https://hostile.example/</link><description>x</description>"
        + itemXml + "</channel></rss>\n";
  }

  static String item(String id, String title, String description) {
    return "<item><title>" + title + "</title><link>https://hostile.example/" + id + "</link>"
        + "<guid>https://hostile.example/" + id + "</guid><description>" + description
        + "</description></item>";
  }

  /**
   * {@code n} short items: 100,000 make 16.6 MB, inside the 16 MiB cap (16.8 MB), and need
   * ~150 MB of heap once parsed. Not an attack, only more than a small heap holds.
   */
  static MockResponse manyItems(int n) {
    StringBuilder items = new StringBuilder(n * 120);
    for (int i = 0; i < n; i++) {
      items.append(item("many-" + i, "Item " + i, "x" + i)).append('\n');
    }
    return xml(rss("", items.toString()));
  }

  /**
   * A long-running podcast's feed: {@code episodes} episodes with ~5 KB of show notes each
   * (2,400 make ~12 MB), as real ones grow. Large, and fine.
   */
  static MockResponse bigPodcast(String show, int episodes) {
    String notes = "<p>" + "Show notes with links and words. ".repeat(150) + "</p>";
    StringBuilder items = new StringBuilder(episodes * 5_400);
    for (int i = 0; i < episodes; i++) {
      items.append("<item><title>").append(show).append(" episode ").append(i)
          .append("</title><link>https://").append(show).append(".example/e/").append(i)
          .append("</link><guid isPermaLink=\"false\">").append(show).append('-').append(i)
          .append("</guid><description><![CDATA[").append(notes).append("]]></description>")
          .append("<enclosure url=\"https://cdn.example/").append(show).append('/').append(i)
          .append(".mp3\" length=\"1234567\" type=\"audio/mpeg\"/></item>\n");
    }
    return xml(rss("", items.toString()));
  }

  /** An external general entity naming a local file. */
  static MockResponse xxeFile() {
    return xml(rss("<!DOCTYPE rss [<!ENTITY leak SYSTEM \"file:///etc/passwd\">]>\n",
        item("xxe-file", "Leak &leak;", "&leak;")));
  }

  /** External general and parameter entities naming an internal HTTP service (a canary). */
  static MockResponse xxeHttp(String canaryUrl) {
    return xml(rss("<!DOCTYPE rss [<!ENTITY leak SYSTEM \"" + canaryUrl + "\">"
        + "<!ENTITY % remote SYSTEM \"" + canaryUrl + "?param\"> %remote;]>\n",
        item("xxe-http", "Leak &leak;", "&leak;")));
  }

  /** Billion laughs: ten levels of ten references. */
  static MockResponse entityBomb() {
    StringBuilder dtd = new StringBuilder("<!DOCTYPE rss [<!ENTITY l0 \"lol\">");
    for (int i = 1; i <= 10; i++) {
      dtd.append("<!ENTITY l").append(i).append(" \"");
      for (int j = 0; j < 10; j++) {
        dtd.append("&l").append(i - 1).append(';');
      }
      dtd.append("\">");
    }
    dtd.append("]>\n");
    return xml(rss(dtd.toString(), item("bomb", "Bomb &l10;", "&l10;")));
  }

  /** 256 MiB of zeros gzipped to about 250 KiB, sent with Content-Encoding: gzip. */
  static MockResponse gzipBomb() {
    byte[] zeros = new byte[1024 * 1024];
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      byte[] head = rss("", "<item><title>").getBytes(StandardCharsets.UTF_8);
      gz.write(head, 0, head.length - "</channel></rss>\n".length());
      Arrays.fill(zeros, (byte) 'a');
      for (int i = 0; i < 256; i++) {
        gz.write(zeros);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new MockResponse.Builder().addHeader("Content-Type", "application/rss+xml")
        .addHeader("Content-Encoding", "gzip").body(new Buffer().write(bytes.toByteArray()))
        .build();
  }

  /** A chunked body that never ends (until the client hangs up). */
  static MockResponse endless() {
    return new MockResponse.Builder().addHeader("Content-Type", "application/rss+xml")
        .body(new MockResponseBody() {
          @Override
          public long getContentLength() {
            return -1;
          }

          @Override
          public void writeTo(BufferedSink sink) throws IOException {
            sink.writeUtf8(rss("", "<item><title>").replace("</channel></rss>\n", ""));
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'x');
            while (true) {
              sink.write(chunk); // ends with an IOException when the reader hangs up
              sink.flush();
            }
          }
        }).build();
  }

  /** A valid feed sent at one byte a second: only the call timeout can end it. */
  static MockResponse trickle() {
    return new MockResponse.Builder().addHeader("Content-Type", "application/rss+xml")
        .throttleBody(1, 1, TimeUnit.SECONDS)
        .body(rss("", item("trickle", "Slow", "slow"))).build();
  }

  /** Each hop redirects to the next, forever. */
  static MockResponse redirectToNext(String path) {
    int n = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
    return new MockResponse.Builder().code(302)
        .addHeader("Location", path.substring(0, path.lastIndexOf('/') + 1) + (n + 1)).build();
  }

  /** One 10 MB line: the whole feed, with an item description of 10 MB of text. */
  static MockResponse tenMegabyteLine() {
    StringBuilder b = new StringBuilder(10_500_000);
    for (int i = 0; b.length() < 10_000_000; i++) {
      b.append("word").append(i % 10).append(' ');
    }
    return xml(rss("", item("long-line", "Long line", b.toString())).replace("\n", " "));
  }

  /** 10,000 nested elements inside an item. */
  static MockResponse deepXml() {
    String open = "<x>".repeat(10_000);
    String close = "</x>".repeat(10_000);
    return xml(rss("", "<item><title>Deep</title><guid>https://hostile.example/deep</guid>"
        + open + close + "</item>"));
  }

  /** 10,000 nested HTML elements in an item's content. */
  static MockResponse deepHtml() {
    String html = "<div>".repeat(10_000) + "deep" + "</div>".repeat(10_000);
    return xml(rss("", item("deep-html", "Deep HTML", "<![CDATA[" + html + "]]>")));
  }

  /** A JSON Feed nested 10,000 arrays deep. */
  static MockResponse deepJson() {
    String json = "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"J\",\"items\":"
        + "[".repeat(10_000) + "]".repeat(10_000) + "}";
    return new MockResponse.Builder().addHeader("Content-Type", "application/feed+json")
        .body(json).build();
  }

  /** Declared UTF-8, carrying bytes that are not UTF-8 at all. */
  static MockResponse invalidUtf8() {
    byte[] head = rss("", item("bad-utf8", "Bad \u0001TITLE", "Caf\u0002 ok"))
        .getBytes(StandardCharsets.UTF_8);
    String s = new String(head, StandardCharsets.ISO_8859_1)
        .replace("\u0001", "\u00c3\u0028").replace("\u0002", "\u00ff\u00fe\u00e9");
    return xml(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** NUL bytes inside text and between elements. */
  static MockResponse nulBytes() {
    return xml(rss("", item("nul", "Nul\u0000title", "nul\u0000\u0000body"))
        .replace("<channel>", "<channel>\u0000"));
  }
}
