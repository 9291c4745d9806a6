package cc.microsolidarity.tributary.http;

import java.util.Locale;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/** Whether a request's Accept-Encoding (RFC 9110 §12.5.3) allows a gzip body. */
final class AcceptEncoding {
  private static final double NOT_LISTED = -1;

  private AcceptEncoding() {}

  /**
   * True when gzip (or x-gzip, or *) is listed with a non-zero q-value and gzip is not
   * explicitly refused. No header means identity only: we never guess. Scans the values in
   * place, without splitting them, as this runs on every feed request.
   */
  static boolean allowsGzip(HttpFields request) {
    double gzip = NOT_LISTED;
    double any = NOT_LISTED;
    for (int f = 0, fields = request.size(); f < fields; f++) {
      HttpField field = request.getField(f);
      if (field.getHeader() != HttpHeader.ACCEPT_ENCODING) {
        continue;
      }
      String value = field.getValue();
      int n = value.length();
      int start = 0;
      while (start <= n) {
        int end = value.indexOf(',', start);
        if (end < 0) {
          end = n;
        }
        int codingEnd = indexOf(value, ';', start, end);
        double q = 1.0;
        for (int p = codingEnd; p < end; ) {
          int next = indexOf(value, ';', p + 1, end);
          int from = skipSpace(value, p + 1, next);
          if (next - from >= 2 && (value.charAt(from) == 'q' || value.charAt(from) == 'Q')
              && value.charAt(from + 1) == '=') {
            q = quality(value.substring(from + 2, next));
          }
          p = next;
        }
        int codingStart = skipSpace(value, start, codingEnd);
        while (codingEnd > codingStart && value.charAt(codingEnd - 1) <= ' ') {
          codingEnd--;
        }
        if (is(value, codingStart, codingEnd, "gzip")
            || is(value, codingStart, codingEnd, "x-gzip")) {
          gzip = Math.max(gzip, q);
        } else if (is(value, codingStart, codingEnd, "*")) {
          any = q;
        }
        start = end + 1;
      }
    }
    if (gzip != NOT_LISTED) {
      return gzip > 0;
    }
    return any > 0;
  }

  /**
   * Whether value[from, to) is the (lower-case ASCII) token in any ASCII case. Not
   * {@code regionMatches(true, ...)}: that would also take 'İ' for 'i'.
   */
  private static boolean is(String value, int from, int to, String token) {
    if (to - from != token.length()) {
      return false;
    }
    for (int i = 0; i < token.length(); i++) {
      char c = value.charAt(from + i);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + ('a' - 'A'));
      }
      if (c != token.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The first {@code c} in value[from, to), or {@code to}. Bounded, unlike String.indexOf:
   * searching on to the end of the value for each element would make a long header of many
   * short elements cost its length squared.
   */
  private static int indexOf(String value, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (value.charAt(i) == c) {
        return i;
      }
    }
    return to;
  }

  private static int skipSpace(String value, int from, int to) {
    int i = from;
    while (i < to && value.charAt(i) <= ' ') {
      i++;
    }
    return i;
  }

  private static double quality(String s) {
    try {
      double q = Double.parseDouble(s.trim().toLowerCase(Locale.ROOT));
      return q >= 0 && q <= 1 ? q : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
