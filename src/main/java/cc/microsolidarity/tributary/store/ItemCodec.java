package cc.microsolidarity.tributary.store;

import cc.microsolidarity.tributary.model.Enclosure;
import cc.microsolidarity.tributary.model.Item;
import cc.microsolidarity.tributary.model.Person;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * An {@link Item} as the JSON stored in {@code entries.data}, and the hash that tells an edit
 * from a re-fetch. Written and read field by field with Jackson's streaming API: storing is
 * on the ingest hot path, and this is several times cheaper than data binding. Unknown fields
 * are skipped when reading, so a newer version's rows stay readable. Thread-safe.
 */
final class ItemCodec {
  private final JsonFactory json = JsonFactory.builder()
      .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
      .build();

  String toJson(Item item) {
    return encode(item).json();
  }

  /**
   * What storing an item needs: its JSON as UTF-8 (bound as it is, so the driver need not
   * encode the text again) and its {@link #contentHash}, from one encoding. The array is not
   * copied, so {@code equals} compares it by identity.
   */
  record Encoded(byte[] utf8, String contentHash) {
    String json() {
      return new String(utf8, StandardCharsets.UTF_8);
    }
  }

  /**
   * Encodes once: the hashed bytes are the JSON without dates, and the stored JSON is that text
   * with the dates added last (the reader takes fields in any order).
   */
  Encoded encode(Item item) {
    byte[] undated = writeUtf8(item);
    return new Encoded(withDates(undated, item), Fingerprint.of(undated));
  }

  Item fromJson(String text) {
    try (JsonParser p = json.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      Item.Builder b = Item.builder();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        if (t == JsonToken.VALUE_NULL) {
          continue;
        }
        switch (name) {
          case "guid" -> b.guid(p.getText());
          case "link" -> b.link(p.getText());
          case "title" -> b.title(p.getText());
          case "summaryHtml" -> b.summaryHtml(p.getText());
          case "contentHtml" -> b.contentHtml(p.getText());
          case "authors" -> b.authors(people(p));
          case "categories" -> b.categories(strings(p));
          case "published" -> b.published(Instant.parse(p.getText()));
          case "updated" -> b.updated(Instant.parse(p.getText()));
          case "enclosures" -> b.enclosures(enclosures(p));
          case "duration" -> b.duration(Duration.parse(p.getText()));
          case "image" -> b.image(p.getText());
          case "episode" -> b.episode(p.getIntValue());
          case "season" -> b.season(p.getIntValue());
          case "explicit" -> b.explicit(p.getBooleanValue());
          default -> p.skipChildren();
        }
      }
      return b.build();
    } catch (IOException | RuntimeException e) {
      throw new StoreException("stored entry is not readable JSON: " + e.getMessage(), e);
    }
  }

  /**
   * The {@link Fingerprint} of everything a reader sees except the dates: a source re-stamping
   * its dates without an edit is not an edit.
   */
  String contentHash(Item item) {
    return fingerprint(write(item));
  }

  /**
   * The content hash versions before the fingerprint stored: SHA-256 of the same text, in hex.
   * Rows written then keep it until their source next carries them ({@link
   * #isFingerprint}).
   */
  String sha256ContentHash(Item item) {
    return sha256(write(item));
  }

  /** False for a content hash stored by a version before the fingerprint. */
  static boolean isFingerprint(String storedHash) {
    return storedHash.startsWith(Fingerprint.PREFIX);
  }

  private static String fingerprint(String text) {
    return Fingerprint.of(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String sha256(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** {@code undated} (a JSON object, ending in its '}') with the item's dates last. */
  private static byte[] withDates(byte[] undated, Item item) {
    if (item.published() == null && item.updated() == null) {
      return undated;
    }
    // Instant.toString is ISO-8601: digits, letters and punctuation, ASCII JSON needs no
    // escape for.
    StringBuilder dates = new StringBuilder(64);
    if (item.published() != null) {
      dates.append(",\"published\":\"").append(item.published()).append('"');
    }
    if (item.updated() != null) {
      dates.append(",\"updated\":\"").append(item.updated()).append('"');
    }
    byte[] tail = dates.append('}').toString().getBytes(StandardCharsets.US_ASCII);
    byte[] out = Arrays.copyOf(undated, undated.length - 1 + tail.length);
    System.arraycopy(tail, 0, out, undated.length - 1, tail.length);
    return out;
  }

  /**
   * The item as JSON text without its dates; never empty ({@code authors} is always written).
   * The content hash is of its UTF-8, as it was before items were written as bytes.
   */
  String write(Item item) {
    StringWriter out = new StringWriter(256 + length(item.contentHtml())
        + length(item.summaryHtml()));
    try (JsonGenerator g = json.createGenerator(out)) {
      writeFields(g, item);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * {@link #write}'s text as UTF-8, byte for byte, written as bytes directly. Jackson writes a
   * surrogate pair as the four bytes of its character, as {@code getBytes} does; a lone surrogate
   * it escapes where {@code getBytes} writes '?', so an item with one (rare: the parsers replace
   * them) goes the way of the text, and its stored bytes and content hash never depend on the
   * path.
   */
  private byte[] writeUtf8(Item item) {
    ByteArrayBuilder out = new ByteArrayBuilder(256 + length(item.contentHtml())
        + length(item.summaryHtml()));
    try (JsonGenerator g = json.createGenerator(out, JsonEncoding.UTF8)) {
      writeFields(g, item);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] utf8 = out.toByteArray();
    return mayHaveLoneSurrogate(utf8) ? write(item).getBytes(StandardCharsets.UTF_8) : utf8;
  }

  /**
   * True where the JSON has an escape in U+D800..U+DFFF (Jackson writes its hex in upper case).
   * An escaped backslash before such letters also answers true; the text path is right anyway.
   */
  private static boolean mayHaveLoneSurrogate(byte[] json) {
    for (int i = 0, end = json.length - 3; i < end; i++) {
      if (json[i] == '\\' && json[i + 1] == 'u' && json[i + 2] == 'D') {
        byte hex = json[i + 3];
        if ((hex >= '8' && hex <= '9') || (hex >= 'A' && hex <= 'F')) {
          return true;
        }
      }
    }
    return false;
  }

  private static void writeFields(JsonGenerator g, Item item) throws IOException {
    g.writeStartObject();
    string(g, "guid", item.guid());
    string(g, "link", item.link());
    string(g, "title", item.title());
    string(g, "summaryHtml", item.summaryHtml());
    string(g, "contentHtml", item.contentHtml());
    g.writeArrayFieldStart("authors");
    for (Person a : item.authors()) {
      g.writeStartObject();
      string(g, "name", a.name());
      string(g, "email", a.email());
      string(g, "uri", a.uri());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("categories");
    for (String c : item.categories()) {
      g.writeString(c);
    }
    g.writeEndArray();
    g.writeArrayFieldStart("enclosures");
    for (Enclosure e : item.enclosures()) {
      g.writeStartObject();
      string(g, "url", e.url());
      string(g, "type", e.type());
      g.writeNumberField("length", e.length());
      g.writeEndObject();
    }
    g.writeEndArray();
    string(g, "duration", item.duration() == null ? null : item.duration().toString());
    string(g, "image", item.image());
    if (item.episode() != null) {
      g.writeNumberField("episode", item.episode());
    }
    if (item.season() != null) {
      g.writeNumberField("season", item.season());
    }
    if (item.explicit() != null) {
      g.writeBooleanField("explicit", item.explicit());
    }
    g.writeEndObject();
  }

  private static void string(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }

  private static int length(String s) {
    return s == null ? 0 : s.length();
  }

  private static List<String> strings(JsonParser p) throws IOException {
    List<String> out = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      if (p.currentToken() == JsonToken.VALUE_STRING) {
        out.add(p.getText());
      } else {
        p.skipChildren();
      }
    }
    return out;
  }

  private static List<Person> people(JsonParser p) throws IOException {
    List<Person> out = new ArrayList<>();
    while (p.nextToken() == JsonToken.START_OBJECT) {
      String name = null;
      String email = null;
      String uri = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        String v = p.currentToken() == JsonToken.VALUE_NULL ? null : p.getText();
        switch (field) {
          case "name" -> name = v;
          case "email" -> email = v;
          case "uri" -> uri = v;
          default -> p.skipChildren();
        }
      }
      out.add(new Person(name, email, uri));
    }
    return out;
  }

  private static List<Enclosure> enclosures(JsonParser p) throws IOException {
    List<Enclosure> out = new ArrayList<>();
    while (p.nextToken() == JsonToken.START_OBJECT) {
      String url = null;
      String type = null;
      long length = -1;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "url" -> url = p.currentToken() == JsonToken.VALUE_NULL ? null : p.getText();
          case "type" -> type = p.currentToken() == JsonToken.VALUE_NULL ? null : p.getText();
          case "length" -> length = p.getLongValue();
          default -> p.skipChildren();
        }
      }
      if (url != null) {
        out.add(new Enclosure(url, type, length));
      }
    }
    return out;
  }
}
