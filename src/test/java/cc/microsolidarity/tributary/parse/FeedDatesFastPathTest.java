package cc.microsolidarity.tributary.parse;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pattern-free path for the common date forms reads exactly what the patterns read. */
class FeedDatesFastPathTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "Wed, 30 Oct 2024 21:17:00 +0000", "Wed, 3 Oct 2024 21:17:00 GMT",
      "Wed, 30 Oct 2024 21:17:00 PM", "Wed, 30 Oct 2024 11:17:00 pm", "Wed, 30 Oct 2024 21:17:00 AMT",
      "Wed, 30 Oct 2024 24:00:00 GMT", "Wed, 30 Foo 2024 21:17:00 GMT", "Wed, 31 Feb 2024 21:17:00 GMT",
      "Wed, 30 Oct 2024 21:17:00 +1900", "Wed, 30 Oct 2024 21:17:60 GMT", "Wed, 30 Oct 2024 21:17:00 XYZ",
      "Wed, 30 Oct 2024 21:17:00 pst", "Wed, 30 Oct 2024 21:17:00 +05:30", "Wed, 30 Oct 2024 21:17:00",
      "Wed, 300 Oct 2024 21:17:00 GMT", "Wed, 30 Sept 2024 21:17:00 GMT", "Wed, 30 dic 2024 21:17:00 GMT",
      "2024-03-04T08:00:00Z", "2024-03-04T08:00:00.5Z", "2024-03-04T08:00:00.1234567891Z",
      "2024-03-04T08:00:00+05:30", "2024-03-04T08:00:00-19:00", "2024-03-04T24:00:00Z",
      "2024-02-30", "2024-03-04", "2024-03-04T08:00:00", "2024-03-04T08:00:00.Z",
      "2024-03-04T08:00:00+0530", "2024-03-04T08:00Z", "2024-03-04T08:00:00z"})
  void theEdgesOfTheCommonFormsReadAsThePatternsReadThem(String text) {
    assertThat(FeedDates.parse(text)).isEqualTo(FeedDates.parseByPatterns(text));
  }

  @Property(tries = 3000)
  void rfc822LikeDatesReadAsThePatternsReadThem(@ForAll("rfc822") String text) {
    assertThat(FeedDates.parse(text)).isEqualTo(FeedDates.parseByPatterns(text));
  }

  @Property(tries = 3000)
  void rfc3339LikeDatesReadAsThePatternsReadThem(@ForAll("rfc3339") String text) {
    assertThat(FeedDates.parse(text)).isEqualTo(FeedDates.parseByPatterns(text));
  }

  @Provide
  Arbitrary<String> rfc822() {
    Arbitrary<String> weekday = Arbitraries.of("Wed", "Mon", "mer", "Xyz", "We", "Wed.");
    Arbitrary<String> day = Arbitraries.integers().between(0, 40).map(d ->
        d % 3 == 0 ? String.format("%02d", d % 32) : Integer.toString(d));
    Arbitrary<String> month = Arbitraries.of("Jan", "Feb", "May", "oct", "DEC", "dic", "Foo",
        "Sept", "Mär");
    Arbitrary<String> year = Arbitraries.of("2024", "1999", "24", "0000", "9999");
    Arbitrary<String> time = Combinators.combine(Arbitraries.integers().between(0, 25),
        Arbitraries.integers().between(0, 61), Arbitraries.integers().between(0, 61))
        .as((h, m, s) -> String.format("%02d:%02d:%02d", h, m, s));
    Arbitrary<String> zone = Arbitraries.of("GMT", "+0000", "-0500", "+0530", "+1900", "-2400",
        "PST", "pst", "PM", "am", "AMT", "Z", "UT", "XYZZY", "ABCDEF", "+05:30", "", "(GMT)");
    return Combinators.combine(weekday, day, month, year, time, zone)
        .as((w, d, m, y, t, z) -> w + ", " + d + " " + m + " " + y + " " + t
            + (z.isEmpty() ? "" : " " + z));
  }

  @Provide
  Arbitrary<String> rfc3339() {
    Arbitrary<String> date = Combinators.combine(Arbitraries.integers().between(0, 9999),
        Arbitraries.integers().between(0, 13), Arbitraries.integers().between(0, 32))
        .as((y, m, d) -> String.format("%04d-%02d-%02d", y, m, d));
    Arbitrary<String> time = Combinators.combine(Arbitraries.integers().between(0, 25),
        Arbitraries.integers().between(0, 61), Arbitraries.integers().between(0, 61),
        Arbitraries.of("", ".5", ".123", ".123456789", ".1234567890", "."))
        .as((h, m, s, f) -> String.format("T%02d:%02d:%02d", h, m, s) + f);
    Arbitrary<String> zone = Arbitraries.of("Z", "+00:00", "-05:00", "+05:30", "+19:00",
        "+0530", "", "z", "+5:30", " Z");
    return Combinators.combine(date, Arbitraries.of(true, false), time, zone)
        .as((d, withTime, t, z) -> withTime ? d + t + z : d);
  }
}
