package cc.microsolidarity.tributary.store;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Reads and writes {@link SourceState} rows; callers own the transaction. Stateless. */
public final class SourceStateStore {
  private static final String COLUMNS = "source_id, configured_url, effective_url, etag,"
      + " last_modified, body_hash, last_attempt, last_success, last_status, last_error, warning,"
      + " consecutive_failures, next_due, disabled_reason, feed_title";

  public Optional<SourceState> get(Connection c, String sourceId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT " + COLUMNS + " FROM source_state WHERE source_id = ?")) {
      ps.setString(1, sourceId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(row(rs)) : Optional.empty();
      }
    }
  }

  public Map<String, SourceState> all(Connection c) throws SQLException {
    Map<String, SourceState> out = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT " + COLUMNS + " FROM source_state ORDER BY source_id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        SourceState s = row(rs);
        out.put(s.sourceId(), s);
      }
    }
    return out;
  }

  public void save(Connection c, SourceState s) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT OR REPLACE INTO source_state (" + COLUMNS + ")"
            + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
      int i = 1;
      ps.setString(i++, s.sourceId());
      ps.setString(i++, s.configuredUrl().toString());
      ps.setString(i++, s.effectiveUrl() == null ? null : s.effectiveUrl().toString());
      ps.setString(i++, s.etag());
      ps.setString(i++, s.lastModified());
      ps.setString(i++, s.bodyHash());
      setInstant(ps, i++, s.lastAttempt());
      setInstant(ps, i++, s.lastSuccess());
      ps.setInt(i++, s.lastStatus());
      ps.setString(i++, s.lastError());
      ps.setString(i++, s.warning());
      ps.setInt(i++, s.consecutiveFailures());
      setInstant(ps, i++, s.nextDue());
      ps.setString(i++, s.disabledReason());
      ps.setString(i, s.feedTitle());
      ps.executeUpdate();
    }
  }

  private static SourceState row(ResultSet rs) throws SQLException {
    String effective = rs.getString("effective_url");
    return new SourceState(
        rs.getString("source_id"),
        URI.create(rs.getString("configured_url")),
        effective == null ? null : URI.create(effective),
        rs.getString("etag"),
        rs.getString("last_modified"),
        rs.getString("body_hash"),
        instant(rs, "last_attempt"),
        instant(rs, "last_success"),
        rs.getInt("last_status"),
        rs.getString("last_error"),
        rs.getString("warning"),
        rs.getInt("consecutive_failures"),
        instant(rs, "next_due"),
        rs.getString("disabled_reason"),
        rs.getString("feed_title"));
  }

  private static void setInstant(PreparedStatement ps, int i, Instant t) throws SQLException {
    if (t == null) {
      ps.setNull(i, Types.INTEGER);
    } else {
      ps.setLong(i, t.toEpochMilli());
    }
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }
}
