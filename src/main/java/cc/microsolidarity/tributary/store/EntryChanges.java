package cc.microsolidarity.tributary.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads the token that triggers change in the same transaction as every write to entries or
 * to which sources carry them (migration V004). Equal tokens mean the merged feed's entries
 * are as they were; a different token means they may have changed. Stateless.
 */
public final class EntryChanges {

  /** The current token; read it before reading what it vouches for. */
  public long token(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT token FROM entry_change WHERE id = 1");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("entry_change has no row");
      }
      return rs.getLong(1);
    }
  }
}
