package cc.microsolidarity.tributary.dedupe;

import cc.microsolidarity.tributary.model.IdentityKey;
import cc.microsolidarity.tributary.model.IdentityKey.Kind;
import cc.microsolidarity.tributary.model.Item;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The strong keys of an item, strongest first: GUID, canonical link, canonical enclosure URLs.
 * Canonical forms come from {@code normalize} (passed in, since dedupe does not import it).
 * Two items are the same entry when any key is equal.
 *
 * <p>GUID rules. A GUID that is globally unique by construction, an absolute {@code http(s)}
 * URL or a {@code urn:} / {@code tag:} URI, keeps its value, so it matches across sources
 * (Medium's {@code https://medium.com/p/<id>}, a Mastodon status URL). An http(s) GUID only gets
 * its scheme folded to {@code https} and its host lower-cased: it is NOT canonicalised like a
 * link, because a GUID is an opaque name; dropping its fragment or parameters could join
 * distinct items (WordPress comment GUIDs differ only by {@code #comment-N}). Any other GUID
 * (Discourse's {@code topic-123}, Anchor's UUID-like strings) is scoped: its value is
 * {@code sourceId + " " + guid}, so it only matches within that source.
 *
 * <p>Fallback. An item with no GUID, link or enclosure gets one scoped key, {@code sourceId +
 * " sha256:" + hash(title, content or summary)}, of kind GUID: the same text from the same
 * source is the same item; an edit makes it a new one, which is the best we can do. Thread-safe.
 */
public final class IdentityKeys {
  private static final Pattern GLOBAL_HTTP = Pattern.compile("^(?i)https?://([^/?#]+)(.*)$");
  private static final Pattern GLOBAL_URI = Pattern.compile("^(?i)(urn|tag):\\S+$");

  public List<IdentityKey> of(String sourceId, Item item, String canonicalLink,
      List<String> canonicalEnclosureUrls) {
    Objects.requireNonNull(sourceId, "sourceId");
    Set<IdentityKey> keys = new LinkedHashSet<>();
    String guid = guidValue(sourceId, item.guid());
    if (guid != null) {
      keys.add(new IdentityKey(Kind.GUID, guid));
    }
    if (canonicalLink != null && !canonicalLink.isBlank()) {
      keys.add(new IdentityKey(Kind.LINK, canonicalLink));
    }
    if (canonicalEnclosureUrls != null) {
      for (String e : canonicalEnclosureUrls) {
        if (e != null && !e.isBlank()) {
          keys.add(new IdentityKey(Kind.ENCLOSURE, e));
        }
      }
    }
    if (keys.isEmpty()) {
      keys.add(new IdentityKey(Kind.GUID, sourceId + " sha256:" + textHash(item)));
    }
    return List.copyOf(new ArrayList<>(keys));
  }

  /** Whether a GUID matches across sources (see the class comment). */
  public static boolean isGloballyUnique(String guid) {
    if (guid == null) {
      return false;
    }
    String g = guid.strip();
    return GLOBAL_HTTP.matcher(g).matches() || GLOBAL_URI.matcher(g).matches();
  }

  private static String guidValue(String sourceId, String rawGuid) {
    if (rawGuid == null || rawGuid.isBlank()) {
      return null;
    }
    String g = rawGuid.strip();
    var http = GLOBAL_HTTP.matcher(g);
    if (http.matches()) {
      return "https://" + http.group(1).toLowerCase(Locale.ROOT) + http.group(2);
    }
    if (GLOBAL_URI.matcher(g).matches()) {
      int colon = g.indexOf(':');
      return g.substring(0, colon).toLowerCase(Locale.ROOT) + g.substring(colon);
    }
    return sourceId + " " + g;
  }

  private static String textHash(Item item) {
    String body = item.contentHtml() != null ? item.contentHtml() : item.summaryHtml();
    String text = (item.title() == null ? "" : item.title().strip()) + "\n"
        + (body == null ? "" : body.strip());
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
