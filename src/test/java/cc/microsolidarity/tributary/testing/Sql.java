package cc.microsolidarity.tributary.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a Tributary database directly, as an operator with the sqlite3 shell would. */
public final class Sql implements AutoCloseable {
  private final Connection c;

  public Sql(Path db) throws SQLException {
    c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
  }

  public Connection connection() {
    return c;
  }

  public String integrityCheck() throws SQLException {
    return rows("PRAGMA integrity_check").get(0).get(0);
  }

  public long count(String sql) throws SQLException {
    return Long.parseLong(rows(sql).get(0).get(0));
  }

  /** Every row as a list of strings. */
  public List<List<String>> rows(String sql) throws SQLException {
    List<List<String>> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
          row.add(rs.getString(i));
        }
        out.add(row);
      }
    }
    return out;
  }

  /** A two-column query as a map, first column the key. */
  public Map<String, String> map(String sql) throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    for (List<String> r : rows(sql)) {
      out.put(r.get(0), r.get(1));
    }
    return out;
  }

  public void execute(String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @Override
  public void close() throws SQLException {
    c.close();
  }
}
