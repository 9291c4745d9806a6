package cc.microsolidarity.tributary.store;

import cc.microsolidarity.tributary.model.Entry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * Entries, their identity keys and the sources that carried them. Exactly-once is enforced by
 * the UNIQUE identity-key table inside the caller's transaction. TODO(issue 5): implementation.
 */
public final class EntryStore {
  public EntryStore(Clock clock) {
  }

  /** Stores one fetch's candidates; call inside {@link Database#transaction}. */
  public StoreOutcome store(Connection c, String sourceId, List<Candidate> candidates)
      throws SQLException {
    throw new UnsupportedOperationException("issue 5");
  }

  /**
   * Entries in the merged feed: carried and accepted by at least one of {@code activeSourceIds},
   * not tombstoned; newest published first.
   */
  public List<Entry> visible(Connection c, Set<String> activeSourceIds, int limit, int offset)
      throws SQLException {
    throw new UnsupportedOperationException("issue 5");
  }

  /** Accepted entries a source has carried. */
  public long countForSource(Connection c, String sourceId) throws SQLException {
    throw new UnsupportedOperationException("issue 5");
  }
}
