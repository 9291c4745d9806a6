package cc.microsolidarity.tributary.model;

import java.util.Locale;
import java.util.Objects;

/** A media attachment. {@code length} is bytes, or -1 when the source did not say. */
public record Enclosure(String url, String type, long length) {
  public Enclosure {
    Objects.requireNonNull(url, "url");
  }

  /** Audio or video: what podcast apps play. */
  public boolean isPlayableMedia() {
    if (type == null) {
      return false;
    }
    String t = type.toLowerCase(Locale.ROOT);
    return t.startsWith("audio/") || t.startsWith("video/");
  }
}
