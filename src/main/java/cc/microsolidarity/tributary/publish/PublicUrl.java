package cc.microsolidarity.tributary.publish;

import cc.microsolidarity.tributary.model.FeedsConfig;
import cc.microsolidarity.tributary.model.Source;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A source's feed URL as the published outputs show it (sources.opml, each entry's
 * atom:source, the HTML page): without the query parameters that carry a credential. A
 * private forum's feed is read with {@code ?api_key=…&api_username=…} (Discourse), a
 * members' podcast with {@code ?auth=…} or {@code ?token=…}; published, such a key would let
 * anyone read, or act, as its owner. A parameter counts when a word of its name (split at
 * {@code _}, {@code -}, {@code .} and camel case) is one of {@link #WORDS}: {@code api_key},
 * {@code accessToken}, {@code X-Amz-Signature}, but not {@code keyword} or {@code author}.
 * A secret in the path itself cannot be told from a name and is published as it is.
 */
public final class PublicUrl {
  static final Set<String> WORDS = Set.of("key", "apikey", "token", "secret", "password",
      "passwd", "pass", "pwd", "auth", "signature", "sig", "credential", "credentials",
      "session", "sessionid");
  private static final Pattern CAMEL_CASE = Pattern.compile("([a-z0-9])([A-Z])");
  private static final Pattern SEPARATORS = Pattern.compile("[^a-z0-9]+");

  private PublicUrl() {}

  /** {@code url} without its credential parameters (unchanged when it has none). */
  public static String of(String url) {
    int query = url.indexOf('?');
    if (query < 0) {
      return url;
    }
    int end = queryEnd(url, query);
    List<String> kept = new ArrayList<>();
    boolean dropped = false;
    for (String pair : url.substring(query + 1, end).split("&", -1)) {
      if (isCredential(name(pair))) {
        dropped = true;
      } else if (!pair.isEmpty()) {
        kept.add(pair);
      }
    }
    if (!dropped) {
      return url;
    }
    return url.substring(0, query) + (kept.isEmpty() ? "" : "?" + String.join("&", kept))
        + url.substring(end);
  }

  /** The names of {@code url}'s credential parameters, in order (for validate's note). */
  public static List<String> credentialParameters(String url) {
    int query = url.indexOf('?');
    if (query < 0) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    for (String pair : url.substring(query + 1, queryEnd(url, query)).split("&")) {
      String name = name(pair);
      if (isCredential(name) && !names.contains(name)) {
        names.add(name);
      }
    }
    return names;
  }

  /** Where the query that starts at {@code query} ends: at the fragment, or the end. */
  private static int queryEnd(String url, int query) {
    int fragment = url.indexOf('#', query);
    return fragment < 0 ? url.length() : fragment;
  }

  /** For validate: a sentence for each source whose URL carries a credential parameter. */
  public static List<String> notes(FeedsConfig config) {
    List<String> notes = new ArrayList<>();
    for (Source source : config.sources()) {
      List<String> names = credentialParameters(source.url().toString());
      if (!names.isEmpty()) {
        boolean one = names.size() == 1;
        notes.add("source '" + source.id() + "': "
            + String.join(", ", names.stream().map(n -> "'" + n + "'").toList())
            + " in its URL " + (one ? "looks like a credential" : "look like credentials")
            + ": the published sources.opml, feed.atom and index.html show the URL without "
            + (one ? "it" : "them"));
      }
    }
    return notes;
  }

  private static String name(String pair) {
    int eq = pair.indexOf('=');
    String raw = eq < 0 ? pair : pair.substring(0, eq);
    try {
      return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException badEscape) {
      return raw;
    }
  }

  static boolean isCredential(String name) {
    // camelCase → camel_Case, then words by separator
    String words = CAMEL_CASE.matcher(name).replaceAll("$1_$2").toLowerCase(Locale.ROOT);
    for (String word : SEPARATORS.split(words)) {
      if (WORDS.contains(word)) {
        return true;
      }
    }
    return false;
  }
}
