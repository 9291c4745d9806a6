package cc.microsolidarity.tributary.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponseHintsTest {

  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

  @ParameterizedTest(name = "Retry-After \"{0}\" -> {1} s")
  @CsvSource(delimiter = '|', nullValues = "none", value = {
      "0 | 0",
      "3600 | 3600",
      " 90  | 90",
      "Sat, 01 Mar 2025 12:05:00 GMT | 300",
      "Sat, 01 Mar 2025 11:00:00 GMT | 0",       // already past
      "Saturday, 01-Mar-25 12:01:00 GMT | 60",   // RFC 850 form
      "-5 | none",
      "soon | none",
      "99999999999999 | none"})
  void retryAfterReadsSecondsAndDates(String value, Long seconds) {
    Duration retryAfter = ResponseHints.retryAfter(Headers.of("Retry-After", value), NOW);

    assertThat(retryAfter).isEqualTo(seconds == null ? null : Duration.ofSeconds(seconds));
  }

  @Test
  void noRetryAfterHeaderMeansNoHint() {
    assertThat(ResponseHints.retryAfter(Headers.of(), NOW)).isNull();
  }

  @ParameterizedTest(name = "{0}: {1} -> {2} s")
  @CsvSource(delimiter = '|', nullValues = "none", value = {
      "Cache-Control | max-age=600 | 600",
      "Cache-Control | public, s-maxage=60, max-age=120 | 120",
      "Cache-Control | no-cache, max-age=600 | none",
      "Cache-Control | no-store | none",
      "Expires | Sat, 01 Mar 2025 13:00:00 GMT | 3600",
      "Expires | 0 | none",
      "Expires | Sat, 01 Mar 2025 11:00:00 GMT | 0"})
  void cacheHintReadsMaxAgeThenExpires(String name, String value, Long seconds) {
    Duration hint = ResponseHints.cacheHint(Headers.of(name, value), NOW);

    assertThat(hint).isEqualTo(seconds == null ? null : Duration.ofSeconds(seconds));
  }

  @Test
  void maxAgeWinsOverExpires() {
    Headers headers = Headers.of("Cache-Control", "max-age=60",
        "Expires", "Sat, 01 Mar 2025 18:00:00 GMT");

    assertThat(ResponseHints.cacheHint(headers, NOW)).isEqualTo(Duration.ofMinutes(1));
  }
}
