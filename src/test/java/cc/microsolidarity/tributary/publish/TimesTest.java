package cc.microsolidarity.tributary.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class TimesTest {
  @Property(tries = 2000)
  void rfc3339WritesWhatTheJdkWrites(
      @ForAll @LongRange(min = -100_000_000_000L, max = 400_000_000_000L) long seconds,
      @ForAll @LongRange(min = 0, max = 999_999_999) long nanos) {
    Instant t = Instant.ofEpochSecond(seconds, nanos);
    assertThat(Times.rfc3339(t))
        .isEqualTo(DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS)));
  }

  @Test
  void rfc3339AtTheEdgesOfFourDigitYears() {
    assertThat(Times.rfc3339(Instant.parse("2024-06-03T10:15:30.999Z")))
        .isEqualTo("2024-06-03T10:15:30Z");
    assertThat(Times.rfc3339(Instant.EPOCH)).isEqualTo("1970-01-01T00:00:00Z");
    assertThat(Times.rfc3339(Instant.parse("1969-12-31T23:59:59Z")))
        .isEqualTo("1969-12-31T23:59:59Z");
    assertThat(Times.rfc3339(Instant.parse("9999-12-31T23:59:59Z")))
        .isEqualTo("9999-12-31T23:59:59Z");
    assertThat(Times.rfc3339(Instant.parse("+10000-01-01T00:00:00Z")))
        .isEqualTo("+10000-01-01T00:00:00Z");
  }
}
