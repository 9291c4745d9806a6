package cc.microsolidarity.tributary.http;

import java.util.List;
import java.util.Locale;

/** Whether a request's Accept-Encoding (RFC 9110 §12.5.3) allows a gzip body. */
final class AcceptEncoding {
  private AcceptEncoding() {}

  /**
   * True when gzip (or x-gzip, or *) is listed with a non-zero q-value and gzip is not
   * explicitly refused. No header means identity only: we never guess.
   */
  static boolean allowsGzip(List<String> headerValues) {
    Double gzip = null;
    Double any = null;
    for (String value : headerValues) {
      for (String part : value.split(",")) {
        String[] pieces = part.split(";");
        String coding = pieces[0].trim().toLowerCase(Locale.ROOT);
        double q = 1.0;
        for (int i = 1; i < pieces.length; i++) {
          String param = pieces[i].trim().toLowerCase(Locale.ROOT);
          if (param.startsWith("q=")) {
            q = quality(param.substring(2));
          }
        }
        if (coding.equals("gzip") || coding.equals("x-gzip")) {
          gzip = gzip == null ? q : Math.max(gzip, q);
        } else if (coding.equals("*")) {
          any = q;
        }
      }
    }
    if (gzip != null) {
      return gzip > 0;
    }
    return any != null && any > 0;
  }

  private static double quality(String s) {
    try {
      double q = Double.parseDouble(s.trim());
      return q >= 0 && q <= 1 ? q : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
