package cc.microsolidarity.tributary.parse;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the bytes of an XML feed into text. Precedence follows RFC 7303 section 3: a byte
 * order mark, then the HTTP Content-Type charset, then the XML declaration, then UTF-8. A
 * declared charset that the bytes plainly contradict (invalid UTF-8) falls back the way
 * browsers do, to windows-1252; each such recovery is added to {@code warnings}. Stateless.
 */
final class BodyDecoder {
  private static final Pattern CT_CHARSET =
      Pattern.compile("(?i);\\s*charset\\s*=\\s*\"?([A-Za-z0-9._:+-]+)");
  private static final Pattern DECL_ENCODING =
      Pattern.compile("<\\?xml[^>]{0,200}?encoding\\s*=\\s*[\"']([A-Za-z0-9._:+-]+)[\"']");
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  String decode(byte[] body, String contentType, List<String> warnings) {
    if (startsWith(body, 0xEF, 0xBB, 0xBF)) {
      warnings.add("stripped UTF-8 BOM");
      return decodeWithFallback(body, 3, StandardCharsets.UTF_8, warnings);
    }
    if (startsWith(body, 0xFE, 0xFF)) {
      return new String(body, 2, body.length - 2, StandardCharsets.UTF_16BE);
    }
    if (startsWith(body, 0xFF, 0xFE)) {
      return new String(body, 2, body.length - 2, StandardCharsets.UTF_16LE);
    }
    Charset declared = declaredEncoding(body);
    Charset fromHeader = headerCharset(contentType, warnings);
    if (fromHeader != null) {
      if (declared == StandardCharsets.UTF_8 && isSingleByte(fromHeader)
          && hasNonAscii(body) && strictly(body, 0, StandardCharsets.UTF_8) != null) {
        // A common server misconfiguration: Latin-1 in the header, UTF-8 in the body and
        // declaration. Reading it as Latin-1 would turn every accent into mojibake.
        warnings.add("ignored Content-Type charset " + fromHeader.name()
            + ": body is valid UTF-8 as its XML declaration says");
        return strictly(body, 0, StandardCharsets.UTF_8);
      }
      return decodeWithFallback(body, 0, fromHeader, warnings);
    }
    return decodeWithFallback(body, 0, declared == null ? StandardCharsets.UTF_8 : declared,
        warnings);
  }

  private String decodeWithFallback(byte[] body, int offset, Charset charset,
      List<String> warnings) {
    Charset effective = charset.name().equals("ISO-8859-1") ? WINDOWS_1252 : charset;
    String text = strictly(body, offset, effective);
    if (text != null) {
      return text;
    }
    if (effective.equals(StandardCharsets.UTF_8) || effective.equals(StandardCharsets.US_ASCII)) {
      warnings.add("re-decoded as windows-1252: bytes invalid in " + charset.name());
      return new String(body, offset, body.length - offset, WINDOWS_1252);
    }
    warnings.add("replaced bytes invalid in " + charset.name());
    return new String(body, offset, body.length - offset, effective);
  }

  /** The text, or null when the bytes are not valid in {@code charset}. */
  private static String strictly(byte[] body, int offset, Charset charset) {
    if (charset.equals(StandardCharsets.UTF_8)) {
      // The JDK's String decoder is much faster and only differs on malformed input, which it
      // turns into U+FFFD: without one in the result, the bytes were valid.
      String lenient = new String(body, offset, body.length - offset, StandardCharsets.UTF_8);
      if (lenient.indexOf('\uFFFD') < 0) {
        return lenient;
      }
    }
    try {
      return charset.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body, offset, body.length - offset))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static Charset headerCharset(String contentType, List<String> warnings) {
    if (contentType == null) {
      return null;
    }
    Matcher m = CT_CHARSET.matcher(contentType);
    if (!m.find()) {
      return null;
    }
    Charset c = charset(m.group(1));
    if (c == null) {
      warnings.add("ignored unknown Content-Type charset " + m.group(1));
    }
    return c;
  }

  /** The encoding named in an XML declaration within the first bytes, or null. */
  static Charset declaredEncoding(byte[] body) {
    String head = new String(body, 0, Math.min(body.length, 1024), StandardCharsets.ISO_8859_1);
    Matcher m = DECL_ENCODING.matcher(head);
    return m.find() ? charset(m.group(1)) : null;
  }

  private static Charset charset(String name) {
    try {
      Charset c = Charset.forName(name.trim());
      // UTF-16 without a BOM is not something a feed declares truthfully in ASCII bytes.
      return c.name().startsWith("UTF-16") || c.name().startsWith("UTF-32") ? null : c;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean isSingleByte(Charset c) {
    String n = c.name().toLowerCase(Locale.ROOT);
    return n.equals("iso-8859-1") || n.equals("windows-1252") || n.equals("us-ascii");
  }

  private static boolean hasNonAscii(byte[] body) {
    for (byte b : body) {
      if (b < 0) {
        return true;
      }
    }
    return false;
  }

  private static boolean startsWith(byte[] body, int... prefix) {
    if (body.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((body[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
