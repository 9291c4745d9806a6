package cc.microsolidarity.tributary.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class FeedDatesTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "Mon, 04 Mar 2024 08:00:00 GMT        | 2024-03-04T08:00:00Z",
      "Mon, 04 Mar 2024 08:00:00 +0000      | 2024-03-04T08:00:00Z",
      "04 Mar 2024 08:00:00 -0500           | 2024-03-04T13:00:00Z",
      "Wed, 5 Nov 2025 13:52:10  EST        | 2025-11-05T18:52:10Z",
      "Tue, 07 Sep 2021 02:47:57 +02:00     | 2021-09-07T00:47:57Z",
      "Sun, 10 Dec 17 09:15:00 PDT          | 2017-12-10T16:15:00Z",
      "03 Apr 02 1500 GMT                   | 2002-04-03T15:00:00Z",
      "Thu, 14 May 2020 10:00:18 Z          | 2020-05-14T10:00:18Z",
      "Thu, 14 May 2020 10:00 -0000         | 2020-05-14T10:00:00Z",
      "Sat, Dec 16 2023 02:02:33 PM         | 2023-12-16T14:02:33Z",
      "mer, 16 nov 2022 00:38:15 +0100      | 2022-11-15T23:38:15Z",
      "sab, 03 dic 2022 10:00:00 +0100      | 2022-12-03T09:00:00Z",
      "Qui, 05 Out 2023 10:00:00 -0300      | 2023-10-05T13:00:00Z",
      "Monday, 04 March 2024 08:00:00 CET   | 2024-03-04T07:00:00Z",
      "Mon, 4 Mar 2024                      | 2024-03-04T00:00:00Z",
      "2024-03-04T08:00:00Z                 | 2024-03-04T08:00:00Z",
      "2024-03-04T08:00:00.123+01:00        | 2024-03-04T07:00:00.123Z",
      "2024-03-04 08:00:00                  | 2024-03-04T08:00:00Z",
      "2024-03-04                           | 2024-03-04T00:00:00Z",
      "2020/1/10 14:33:00                   | 2020-01-10T14:33:00Z",
      "2024-03-04T08:00:00+0530             | 2024-03-04T02:30:00Z"})
  void readsTheDatesFeedsCarry(String text, String expected) {
    assertThat(FeedDates.parse(text)).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"yesterday", "32 Jan 2024 10:00:00 GMT", "Mon, 04 Foo 2024 08:00 GMT",
      "2024-13-01", "2024-02-30T00:00:00Z", "   ", "12345"})
  void unreadableDatesAreNull(String text) {
    assertThat(FeedDates.parse(text)).isNull();
  }
}
