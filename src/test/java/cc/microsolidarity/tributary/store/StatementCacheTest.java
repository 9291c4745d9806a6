package cc.microsolidarity.tributary.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatementCacheTest {
  @TempDir Path dir;

  @Test
  void aStatementIsPreparedOnceAndClosingItOnlyClearsItsParameters() throws Exception {
    try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("c.db"))) {
      StatementCache cache = new StatementCache(raw);
      Connection c = cache.connection();
      c.createStatement().execute("CREATE TABLE t (v TEXT)");
      PreparedStatement first;
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO t(v) VALUES (?)")) {
        first = ps;
        ps.setString(1, "a");
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO t(v) VALUES (?)")) {
        assertThat(ps).isSameAs(first);
        assertThat(ps.isClosed()).isFalse();
        ps.setString(1, "b");
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT group_concat(v) FROM t");
          ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("a,b");
      }

      cache.closeAll();
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO t(v) VALUES (?)")) {
        assertThat(ps).isNotSameAs(first);
        ps.setString(1, "c");
        assertThat(ps.executeUpdate()).isEqualTo(1);
      }
    }
  }
}
