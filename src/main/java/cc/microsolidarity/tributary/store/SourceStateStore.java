package cc.microsolidarity.tributary.store;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Reads and writes {@link SourceState} rows; callers own the transaction. Stateless. */
public final class SourceStateStore {
  private static final String COLUMNS = "source_id, configured_url, effective_url, etag,"
      + " last_modified, body_hash, last_attempt, last_success, last_status, last_error, warning,"
      + " consecutive_failures, next_due, disabled_reason, feed_title, refresh_hint";
  private static final int ROWID = 17;

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
    return savedAfter(c, 0).states();
  }

  /**
   * The rows saved after the one numbered {@code rowid}, and the highest number read ({@code
   * rowid} when none). {@link #save} replaces a row by a new one, which SQLite numbers one past
   * the highest so far, so this reads exactly what changed since a read that ended there.
   */
  Saved savedAfter(Connection c, long rowid) throws SQLException {
    Map<String, SourceState> out = new LinkedHashMap<>();
    long last = rowid;
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT " + COLUMNS + ", rowid FROM source_state WHERE rowid > ? ORDER BY rowid")) {
      ps.setLong(1, rowid);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          SourceState s = row(rs);
          out.put(s.sourceId(), s);
          last = rs.getLong(ROWID);
        }
      }
    }
    return new Saved(out, last);
  }

  /** What {@link #savedAfter} read. */
  record Saved(Map<String, SourceState> states, long lastRowid) {}

  public void save(Connection c, SourceState s) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT OR REPLACE INTO source_state (" + COLUMNS + ")"
            + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
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
      ps.setString(i++, s.feedTitle());
      if (s.refreshHint() == null) {
        ps.setNull(i, Types.INTEGER);
      } else {
        ps.setLong(i, s.refreshHint().toMillis());
      }
      ps.executeUpdate();
    }
  }

  /** Reads a row selected as {@link #COLUMNS}, by position (a lookup by name costs more). */
  private static SourceState row(ResultSet rs) throws SQLException {
    String effective = rs.getString(3);
    return new SourceState(
        rs.getString(1),
        URI.create(rs.getString(2)),
        effective == null ? null : URI.create(effective),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        instant(rs, 7),
        instant(rs, 8),
        rs.getInt(9),
        rs.getString(10),
        rs.getString(11),
        rs.getInt(12),
        instant(rs, 13),
        rs.getString(14),
        rs.getString(15),
        duration(rs, 16));
  }

  private static void setInstant(PreparedStatement ps, int i, Instant t) throws SQLException {
    if (t == null) {
      ps.setNull(i, Types.INTEGER);
    } else {
      ps.setLong(i, t.toEpochMilli());
    }
  }

  private static Duration duration(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Duration.ofMillis(v);
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }
}
