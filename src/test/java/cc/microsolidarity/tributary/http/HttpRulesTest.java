package cc.microsolidarity.tributary.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.Test;
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
      "gzip;q=abc | false",
      "GZIP | true",
      "' gzip ; Q=0.5 ' | true",
      "gzip ;q = 1 | true",
      "'gzip;q=0.5;q=0' | false",
      "gzip;level=1;q=0.001 | true",
      "gzip;q=0, x-gzip;q=0.2 | true",
      "*;q=0.1, *;q=0 | false",
      "'gzİp' | false",
      "', , gzip,' | true",
      "'' | false"})
  void acceptEncodingAllowsGzipOnlyWhenAsked(String header, boolean expected) {
    assertThat(AcceptEncoding.allowsGzip(fields(HttpHeader.ACCEPT_ENCODING, header)))
        .isEqualTo(expected);
  }

  @Test
  void acceptEncodingReadsEveryFieldAndNoOther() {
    assertThat(AcceptEncoding.allowsGzip(HttpFields.build())).isFalse();
    assertThat(AcceptEncoding.allowsGzip(
        fields(HttpHeader.ACCEPT_ENCODING, "br", "gzip;q=0.5"))).isTrue();
    assertThat(AcceptEncoding.allowsGzip(
        fields(HttpHeader.ACCEPT_ENCODING, "gzip", "gzip;q=0"))).isTrue();
    assertThat(AcceptEncoding.allowsGzip(fields(HttpHeader.TE, "gzip"))).isFalse();
    assertThat(AcceptEncoding.allowsGzip(
        fields(HttpHeader.ACCEPT_ENCODING, "br;q=1,".repeat(1_000) + " gzip ; q=0.1"))).isTrue();
  }

  /**
   * The in-place scan against the plain reading of the header it replaced (split on commas
   * and semicolons, trim, lower-case), on random values made of the pieces that matter.
   */
  @Test
  void acceptEncodingAgreesWithSplittingTheHeaderOnRandomValues() {
    String[] pieces = {"gzip", "GZip", "x-gzip", "*", "br", "identity", ",", ", ", ";", "; ",
        "q=", "Q=", "0", "1", "0.5", "0.000", "1.0", "2", "-1", "abc", " ", "\t", "=", "İ",
        "1e-1", "0x1p-1", "NaN"};
    Random random = new Random(7);
    for (int run = 0; run < 20_000; run++) {
      List<String> values = new ArrayList<>();
      for (int v = 1 + random.nextInt(2); v > 0; v--) {
        StringBuilder value = new StringBuilder();
        for (int p = random.nextInt(9); p > 0; p--) {
          value.append(pieces[random.nextInt(pieces.length)]);
        }
        values.add(value.toString());
      }
      assertThat(AcceptEncoding.allowsGzip(
          fields(HttpHeader.ACCEPT_ENCODING, values.toArray(String[]::new))))
          .as("%s", values).isEqualTo(allowsGzipBySplitting(values));
    }
  }

  private static boolean allowsGzipBySplitting(List<String> headerValues) {
    Double gzip = null;
    Double any = null;
    for (String value : headerValues) {
      for (String part : value.split(",")) {
        String[] params = part.split(";");
        if (params.length == 0) {
          continue; // ";" alone: this reading threw here, a 500 for the request
        }
        String coding = params[0].trim().toLowerCase(Locale.ROOT);
        double q = 1.0;
        for (int i = 1; i < params.length; i++) {
          String param = params[i].trim().toLowerCase(Locale.ROOT);
          if (param.startsWith("q=")) {
            try {
              double parsed = Double.parseDouble(param.substring(2).trim());
              q = parsed >= 0 && parsed <= 1 ? parsed : 0;
            } catch (NumberFormatException e) {
              q = 0;
            }
          }
        }
        if (coding.equals("gzip") || coding.equals("x-gzip")) {
          gzip = gzip == null ? q : Math.max(gzip, q);
        } else if (coding.equals("*")) {
          any = q;
        }
      }
    }
    return gzip != null ? gzip > 0 : any != null && any > 0;
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
    assertThat(Preconditions.notModified(fields(HttpHeader.IF_NONE_MATCH, header), ETAG,
        MODIFIED)).isEqualTo(expected);
  }

  @Test
  void ifNoneMatchIsReadFromEveryField() {
    assertThat(Preconditions.notModified(
        fields(HttpHeader.IF_NONE_MATCH, "\"x\"", "\"abc123\""), ETAG, MODIFIED)).isTrue();
    assertThat(Preconditions.notModified(
        fields(HttpHeader.IF_NONE_MATCH, "\"x\"", "\"y\""), ETAG, MODIFIED)).isFalse();
    assertThat(Preconditions.notModified(HttpFields.build(), ETAG, MODIFIED)).isFalse();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "W/\"abc123\" | \"abc123\" | true",
      "\"abc\" | \"abc123\" | false",
      "\"\" | \"\" | true",
      "\"\" | \"x\" | false",
      "abc | \"abc\" | true"})
  void ifNoneMatchComparesOnlyTheOpaquePartOfOurTag(String ours, String header,
      boolean expected) {
    assertThat(Preconditions.matches(header, ours)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Mon, 03 Jun 2024 10:15:30 GMT | true",
      "Tue, 04 Jun 2024 00:00:00 GMT | true",
      "Mon, 03 Jun 2024 10:15:29 GMT | false",
      "yesterday | false"})
  void ifModifiedSinceComparesWholeSeconds(String header, boolean expected) {
    assertThat(Preconditions.notModified(fields(HttpHeader.IF_MODIFIED_SINCE, header), ETAG,
        MODIFIED)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Tue, 04 Jun 2024 00:00:00 GMT | \"other\""})
  void ifModifiedSinceIsIgnoredWhenIfNoneMatchIsPresent(String since, String etag) {
    HttpFields request = HttpFields.build()
        .add(HttpHeader.IF_MODIFIED_SINCE, since).add(HttpHeader.IF_NONE_MATCH, etag);
    assertThat(Preconditions.notModified(request, ETAG, MODIFIED)).isFalse();
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

  private static HttpFields fields(HttpHeader header, String... values) {
    HttpFields.Mutable fields = HttpFields.build();
    for (String value : values) {
      fields.add(header, value);
    }
    return fields.asImmutable();
  }
}
