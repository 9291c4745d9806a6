package cc.microsolidarity.tributary.normalize;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Canonical form of an enclosure URL for identity: podcast analytics redirect prefixes removed
 * (repeatedly, since hosts chain them: {@code dts.podtrac.com/redirect.mp3/chrt.fm/track/X/
 * pdst.fm/e/host/file.mp3}), then canonicalised like a link, then a few per-download
 * parameters dropped. The feed output keeps the original URL. Thread-safe and stateless.
 */
public final class EnclosureCanonicalizer {
  /**
   * Measurement prefixes, as regular expressions over the URL without its scheme. Each
   * redirects to the rest of the path, which is host/path with or without its own scheme.
   */
  public static final List<String> TRACKING_PREFIXES = List.of(
      "dts\\.podtrac\\.com/redirect\\.(?:mp3|aac|m4a|mp4|ogg|opus|wav)/",  // Podtrac
      "(?:www\\.)?podtrac\\.com/pts/redirect\\.(?:mp3|aac|m4a|mp4|ogg|opus|wav)/",
      "chtbl\\.com/track/[^/]+/",                     // Chartable
      "chrt\\.fm/track/[^/]+/",                       // Chartable
      "claritaspod\\.com/measure/",                   // Claritas
      "clrtpod\\.com/m/[^/]+/",                       // Claritas
      "tracking\\.swap\\.fm/track/[^/]+/",            // SWAP.fm
      "pdst\\.fm/e/",                                 // Podsights
      "op3\\.dev/e(?:,[^/]*)?/",                      // OP3, also with options (op3.dev/e,pg=.../)
      "pfx\\.vpixl\\.com/[^/]+/",                     // Veritone
      "arttrk\\.com/p/[^/]+/",                        // Artsai
      "prfx\\.byspotify\\.com/e/",                    // Spotify Ad Analytics
      "pscrb\\.fm/rss/p/",                            // Podscribe
      "verifi\\.podscribe\\.com/rss/p/",              // Podscribe
      "mgln\\.ai/e/[^/]+/",                           // Magellan AI
      "pdcn\\.co/e/",                                 // Podcorn
      "anchor\\.fm/s/[^/]+/podcast/play/[^/]+/");     // Anchor's play counter (wraps an encoded URL)

  /** Per-download parameters some hosts append to the file URL (ART19, AdsWizz). */
  static final Set<String> ENCLOSURE_TRACKING_PARAMETERS =
      Set.of("rss_browser", "awcollectionid", "awepisodeid", "awgenre", "awparams");

  private static final Pattern PREFIX;
  private static final Pattern SCHEME = Pattern.compile("^(?i)https?:/{0,2}");
  private static final Pattern ENCODED_SCHEME = Pattern.compile("^(?i)https?%3A%2F%2F");

  static {
    PREFIX = Pattern.compile("^(?i)(?:" + String.join("|", TRACKING_PREFIXES) + ")");
  }

  private final LinkCanonicalizer links;

  public EnclosureCanonicalizer(LinkCanonicalizer links) {
    this.links = Objects.requireNonNull(links, "links");
  }

  public String canonicalize(String url) {
    String stripped = stripPrefixes(url);
    return stripped == null ? null
        : links.canonicalize(stripped, ENCLOSURE_TRACKING_PARAMETERS::contains);
  }

  /** The URL the tracking chain finally redirects to, with an https scheme; null for null. */
  public String stripPrefixes(String url) {
    if (url == null || url.isBlank()) {
      return null;
    }
    String s = url.strip();
    if (!SCHEME.matcher(s).find() && !s.startsWith("//")) {
      return null; // enclosures are absolute; anything else is not comparable
    }
    String rest = s.replaceFirst("^(?i)https?:", "").replaceFirst("^/+", "");
    // Bounded: every round removes at least one prefix, so the string shrinks.
    while (true) {
      Matcher m = PREFIX.matcher(rest);
      if (!m.find()) {
        break;
      }
      rest = rest.substring(m.end());
      if (ENCODED_SCHEME.matcher(rest).find()) {
        rest = URLDecoder.decode(rest, StandardCharsets.UTF_8);
      }
      rest = rest.replaceFirst("^(?i)https?:/*", "");
    }
    return "https://" + rest;
  }
}
