package cc.microsolidarity.tributary.store;

import cc.microsolidarity.tributary.model.IdentityKey.Kind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the stored LINK and ENCLOSURE identity keys in the canonical form of the rules in
 * force. When a rule changes (a tracking parameter learnt), a key stored before it is never
 * made again: the next fetch of its item would find no entry and store it a second time, new
 * again to every reader. So the first poll after the change rewrites the stored keys, once,
 * in one transaction (a crash leaves them as they were, to be rewritten at the next start).
 *
 * <p>A rewritten key another entry already holds stays with that entry, and the old one is
 * dropped: the two entries were stored apart under the old rules, and an item carrying both
 * merges them as any fetch does. Keys of other kinds (GUIDs) are never canonicalised.
 */
public final class KeyRules {
  private static final Logger log = LoggerFactory.getLogger("tributary.store");

  private final int version;
  private final Map<Kind, UnaryOperator<String>> canonical = new EnumMap<>(Kind.class);

  /** {@code link} and {@code enclosure} make a key's canonical form under rules {@code version}. */
  public KeyRules(int version, UnaryOperator<String> link, UnaryOperator<String> enclosure) {
    this.version = version;
    canonical.put(Kind.LINK, Objects.requireNonNull(link, "link"));
    canonical.put(Kind.ENCLOSURE, Objects.requireNonNull(enclosure, "enclosure"));
  }

  /** What {@link #apply} did: nothing when the database was already under these rules. */
  public record Rewrite(int fromVersion, int toVersion, int scanned, int rewritten,
      int heldElsewhere) {}

  /**
   * Rewrites the keys stored under older rules. Reads one row when the database is current,
   * so it waits for no integrity check; rules newer than these (a database a later version
   * wrote) are left alone.
   */
  public Rewrite apply(Database db) {
    int stored = db.read(KeyRules::storedVersion);
    if (stored >= version) {
      return new Rewrite(stored, stored, 0, 0, 0);
    }
    Rewrite done = db.transaction(c -> {
      int from = storedVersion(c); // another process may have rewritten them meanwhile
      if (from >= version) {
        return new Rewrite(from, from, 0, 0, 0);
      }
      Rewrite r = rewrite(c, from);
      try (PreparedStatement ps = c.prepareStatement("UPDATE identity_rules SET version = ?")) {
        ps.setInt(1, version);
        ps.executeUpdate();
      }
      return r;
    });
    if (done.scanned() > 0) {
      log.info("identity keys: {} of {} link and enclosure keys rewritten from the rules of"
          + " version {} to {}{}", done.rewritten(), done.scanned(), done.fromVersion(),
          done.toVersion(), done.heldElsewhere() == 0 ? ""
              : " (" + done.heldElsewhere() + " folded into a key stored already)");
    }
    return done;
  }

  private static int storedVersion(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT version FROM identity_rules");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  private record Change(Kind kind, String from, String to) {}

  /** The stored keys one query reads, and the changes among them. */
  private record Scan(int rows, List<Change> changes) {}

  private Scan scan(Connection c, String sql) throws SQLException {
    int rows = 0;
    List<Change> changes = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows++;
        Change change = change(rs.getString(1), rs.getString(2));
        if (change != null) {
          changes.add(change);
        }
      }
    }
    return new Scan(rows, changes);
  }

  private Rewrite rewrite(Connection c, int from) throws SQLException {
    // Collected first, then applied: SQLite does not promise how a scan sees rows it changes.
    // First stored first, so of two old keys that become one, the older entry's wins.
    Scan keys = scan(c, "SELECT kind, value FROM identity_keys"
        + " WHERE kind IN ('LINK', 'ENCLOSURE') ORDER BY entry_seq");
    int rewritten = 0;
    int heldElsewhere = 0;
    try (PreparedStatement move = c.prepareStatement("UPDATE OR IGNORE identity_keys"
        + " SET value = ? WHERE kind = ? AND value = ?");
        PreparedStatement drop = c.prepareStatement(
            "DELETE FROM identity_keys WHERE kind = ? AND value = ?")) {
      for (Change ch : keys.changes()) {
        move.setString(1, ch.to());
        move.setString(2, ch.kind().name());
        move.setString(3, ch.from());
        if (move.executeUpdate() == 1) {
          rewritten++;
        } else {
          heldElsewhere++; // the new form is a stored key already: its entry keeps it
          drop.setString(1, ch.kind().name());
          drop.setString(2, ch.from());
          drop.executeUpdate();
        }
      }
    }
    rewriteAmbiguous(c);
    return new Rewrite(from, version, keys.rows(), rewritten, heldElsewhere);
  }

  /** Keys known to name several items stay known as such in their new form. */
  private void rewriteAmbiguous(Connection c) throws SQLException {
    Scan keys = scan(c, "SELECT kind, value FROM ambiguous_keys"
        + " WHERE kind IN ('LINK', 'ENCLOSURE')");
    try (PreparedStatement add = c.prepareStatement(
            "INSERT OR IGNORE INTO ambiguous_keys(kind, value) VALUES (?, ?)");
        PreparedStatement drop = c.prepareStatement(
            "DELETE FROM ambiguous_keys WHERE kind = ? AND value = ?")) {
      for (Change ch : keys.changes()) {
        add.setString(1, ch.kind().name());
        add.setString(2, ch.to());
        add.executeUpdate();
        drop.setString(1, ch.kind().name());
        drop.setString(2, ch.from());
        drop.executeUpdate();
      }
    }
  }

  /** The change of one stored key, or null when its form stands (or has none now). */
  private Change change(String kindName, String value) {
    Kind kind = Kind.valueOf(kindName);
    String now = canonical.get(kind).apply(value);
    return now == null || now.equals(value) ? null : new Change(kind, value, now);
  }
}
