package cc.microsolidarity.tributary.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When the decoder vouches for the text's characters, the vouching is true. */
class BodyDecoderTest {
  private final BodyDecoder decoder = new BodyDecoder();

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "clean UTF-8          | 3c612fc3a93e       |            | true",
      "tab, LF, CR          | 3c612f3e090a0d     |            | true",
      "a NUL                | 3c612f3e00         |            | false",
      "a form feed          | 3c612f3e0c         |            | false",
      "UTF-8 U+FFFF         | 3c612f3eefbfbf     |            | false",
      "UTF-8 U+FFFE         | 3c612f3eefbfbe     |            | false",
      "UTF-8 U+FFFD         | 3c612f3eefbfbd     |            | true",
      "windows-1252 bytes   | 3c612f3e80e9ff     | text/xml; charset=windows-1252 | true",
      "Latin-1 header       | 3c612f3ee9         | text/xml; charset=ISO-8859-1 | true",
      "invalid UTF-8        | 3c612f3ec328       |            | true",
      "UTF-16 with a BOM    | feff003c0061002f003e |          | false",
      "another charset      | 3c612f3e           | text/xml; charset=KOI8-R | false"})
  void vouchesOnlyForByteTransparentCharsetsWithoutForbiddenBytes(String name, String hex,
      String contentType, boolean vouched) {
    assertThat(decoder.decode(bytes(hex), contentType, new ArrayList<>()).xmlCharsOnly())
        .isEqualTo(vouched);
  }

  @Property(tries = 2000)
  void vouchedTextHasNoCharacterXmlForbids(@ForAll("bodies") byte[] body,
      @ForAll("contentTypes") String contentType) {
    BodyDecoder.Decoded d = decoder.decode(body, contentType, new ArrayList<>());
    if (d.xmlCharsOnly()) {
      assertThat(XmlTextRepair.firstIllegal(d.text())).isEqualTo(-1);
    }
  }

  @Provide
  Arbitrary<byte[]> bodies() {
    // Bytes that matter to the rule, mixed into short documents.
    Arbitrary<Byte> interesting = Arbitraries.of((byte) 0x00, (byte) 0x09, (byte) 0x0B,
        (byte) 0x1F, (byte) 0x20, (byte) 0x7F, (byte) 0x80, (byte) 0x81, (byte) 0x9D, (byte) 0xC3,
        (byte) 0xA9, (byte) 0xED, (byte) 0xA0, (byte) 0xEF, (byte) 0xBF, (byte) 0xBE,
        (byte) 0xBB, (byte) 0xF0, (byte) 0x9F, (byte) 0xFE, (byte) 0xFF, (byte) '<', (byte) 'a');
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(3, interesting), net.jqwik.api.Tuple.of(1, Arbitraries.bytes()))
        .list().ofMaxSize(24).map(l -> {
          byte[] out = new byte[l.size()];
          for (int i = 0; i < out.length; i++) {
            out[i] = l.get(i);
          }
          return out;
        });
  }

  @Provide
  Arbitrary<String> contentTypes() {
    return Arbitraries.of("text/xml", "text/xml; charset=utf-8", "text/xml; charset=ISO-8859-1",
        "text/xml; charset=us-ascii", "text/xml; charset=windows-1252", "text/xml; charset=KOI8-R")
        .injectNull(0.3);
  }

  private static byte[] bytes(String hex) {
    byte[] out = new byte[hex.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }
}
