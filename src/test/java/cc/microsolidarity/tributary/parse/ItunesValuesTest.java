package cc.microsolidarity.tributary.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ItunesValuesTest {
  @ParameterizedTest(name = "\"{0}\" is {1} s")
  @CsvSource(delimiter = '|', value = {
      "01:02:03     | 3723",
      "1:02:03      | 3723",
      "62:03        | 3723",
      "3723         | 3723",
      "3723.56      | 3723",
      " 00:45:00 '  | 2700",
      "45:07 min    | 2707",
      "1h 2m 3s     | 3723",
      "30 mins      | 1800",
      "about 30 mins| 1800",
      "Duration: 00:10:00 | 600"})
  void durationsInEveryForm(String text, long seconds) {
    assertThat(ItunesValues.duration(text)).isEqualTo(Duration.ofSeconds(seconds));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"unknown", "0", "00:00:00", "-5"})
  void noUsableDurationIsNull(String text) {
    assertThat(ItunesValues.duration(text)).isNull();
  }

  @ParameterizedTest
  @CsvSource({"yes,true", "Yes,true", "TRUE,true", "explicit,true", "no,false", "false,false",
      "clean,false", "Clean,false"})
  void explicitFlags(String text, boolean expected) {
    assertThat(ItunesValues.explicit(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "maybe", "1"})
  void unknownExplicitIsNull(String text) {
    assertThat(ItunesValues.explicit(text)).isNull();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"12345|12345", "' 12 '|12", "''|-1", "abc|-1", "-4|-1",
      "12,5 MB|-1"})
  void enclosureLengths(String text, long expected) {
    assertThat(ItunesValues.length(text)).isEqualTo(expected);
  }
}
