package cc.microsolidarity.tributary.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FingerprintTest {
  @Test
  void isTheLengthAndBothCrcsOfTheBytes() {
    // The check values of CRC-32C (e3069283) and CRC-32 (cbf43926) for "123456789".
    assertThat(Fingerprint.of("123456789".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("crc:9:e3069283cbf43926");
    assertThat(Fingerprint.of(new byte[0])).isEqualTo("crc:0:0000000000000000");
  }

  @Test
  void equalBytesAgreeAndAnyChangedByteDisagrees() {
    byte[] body = "<rss><channel><item><title>a</title></item></channel></rss>"
        .getBytes(StandardCharsets.UTF_8);
    String f = Fingerprint.of(body);
    assertThat(Fingerprint.of(body.clone())).isEqualTo(f);
    for (int i = 0; i < body.length; i++) {
      byte[] changed = body.clone();
      changed[i] ^= 1;
      assertThat(Fingerprint.of(changed)).as("byte %d", i).isNotEqualTo(f);
    }
    byte[] longer = java.util.Arrays.copyOf(body, body.length + 1);
    assertThat(Fingerprint.of(longer)).isNotEqualTo(f);
  }

  @Test
  void neverLooksLikeTheSha256HexThatEarlierVersionsStored() {
    assertThat(Fingerprint.of(new byte[] {1, 2, 3})).startsWith(Fingerprint.PREFIX)
        .doesNotMatch("[0-9a-f]{64}");
  }
}
