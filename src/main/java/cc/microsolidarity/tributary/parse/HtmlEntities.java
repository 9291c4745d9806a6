package cc.microsolidarity.tributary.parse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The HTML named character references (the WHATWG list, in {@code html-entities.txt}), as XML
 * numeric references: feeds use {@code &nbsp;} and friends that XML does not define. Immutable
 * after construction, so one instance serves every thread.
 */
final class HtmlEntities {
  private final Map<String, String> numeric;

  HtmlEntities() {
    Map<String, String> map = new HashMap<>(4096);
    try (InputStream in = HtmlEntities.class.getResourceAsStream("html-entities.txt")) {
      if (in == null) {
        throw new IllegalStateException("html-entities.txt missing from the classpath");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split(" ");
        StringBuilder refs = new StringBuilder();
        for (int i = 1; i < parts.length; i++) {
          refs.append("&#").append(parts[i]).append(';');
        }
        map.put(parts[0], refs.toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    numeric = Map.copyOf(map);
  }

  /** {@code "&#160;"} for {@code "nbsp"}; null when the name is not an HTML entity. */
  String numericReference(String name) {
    return numeric.get(name);
  }
}
