package cc.microsolidarity.tributary.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pure request rules: Accept-Encoding, conditional requests, the page parameter. */
class HttpRulesTest {
  private static final String ETAG = "\"abc123\"";
  private static final Instant MODIFIED = Instant.parse("2024-06-03T10:15:30Z");

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "gzip | true",
      "gzip, deflate, br | true",
      "br;q=1.0, gzip;q=0.8 | true",
      "x-gzip | true",
      "* | true",
      "gzip;q=0 | false",
      "gzip;q=0, *;q=1 | false",
      "*;q=0 | false",
      "identity | false",
      "deflate | false",
      "gzip;q=abc | false"})
  void acceptEncodingAllowsGzipOnlyWhenAsked(String header, boolean expected) {
    assertThat(AcceptEncoding.allowsGzip(List.of(header))).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\"abc123\" | true",
      "W/\"abc123\" | true",
      "\"x\", \"abc123\" | true",
      "\"x\",W/\"abc123\" | true",
      "* | true",
      "\"abc1234\" | false",
      "abc123 | false",
      "\"x\" | false"})
  void ifNoneMatchComparesWeaklyAndAcceptsListsAndStar(String header, boolean expected) {
    assertThat(Preconditions.notModified(List.of(header), null, ETAG, MODIFIED))
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Mon, 03 Jun 2024 10:15:30 GMT | true",
      "Tue, 04 Jun 2024 00:00:00 GMT | true",
      "Mon, 03 Jun 2024 10:15:29 GMT | false",
      "yesterday | false"})
  void ifModifiedSinceComparesWholeSeconds(String header, boolean expected) {
    assertThat(Preconditions.notModified(List.of(), header, ETAG, MODIFIED))
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Tue, 04 Jun 2024 00:00:00 GMT | \"other\""})
  void ifModifiedSinceIsIgnoredWhenIfNoneMatchIsPresent(String since, String etag) {
    assertThat(Preconditions.notModified(List.of(etag), since, ETAG, MODIFIED)).isFalse();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "NULL | 1",
      "'' | 1",
      "page=1 | 1",
      "page=2 | 2",
      "_=123&page=7 | 7",
      "page=%32 | 2",
      "page=abc | 0",
      "page= | 0",
      "page | 0",
      "page=0 | 0",
      "page=-1 | 0",
      "page=01 | 0",
      "page=1.5 | 0",
      "page=99999999999999 | 0",
      "page=2&page=3 | 0",
      "page=%zz | 0"})
  void pageParameterIsAPositiveWholeNumber(String query, int expected) {
    assertThat(PageQuery.page(query)).isEqualTo(expected);
  }
}
