package cc.microsolidarity.tributary.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps prepared statements alive across uses. Compiling SQL costs SQLite more than running a
 * small insert, and storing one item runs several statements, so re-preparing them for every
 * item was most of the cost of a cold ingest. Callers keep writing plain JDBC with
 * try-with-resources: the connection handed out is a proxy whose {@code prepareStatement(sql)}
 * returns the cached statement, and whose statements' {@code close()} only clears parameters.
 *
 * <p>Not thread-safe on its own: {@link Database} gives the connection to one thread at a time.
 */
final class StatementCache {
  private final Connection raw;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  private final Connection proxy;

  StatementCache(Connection raw) {
    this.raw = raw;
    this.proxy = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
        new Class<?>[] {Connection.class}, this::onConnection);
  }

  Connection connection() {
    return proxy;
  }

  /** Closes the cached statements; the raw connection stays the caller's to close. */
  void closeAll() {
    for (PreparedStatement ps : statements.values()) {
      try {
        ps.close();
      } catch (SQLException ignored) {
        // closing anyway
      }
    }
    statements.clear();
  }

  private Object onConnection(Object self, Method m, Object[] args) throws Throwable {
    if (m.getName().equals("prepareStatement") && args != null && args.length == 1) {
      String sql = (String) args[0];
      PreparedStatement ps = statements.get(sql);
      if (ps == null || ps.isClosed()) {
        ps = raw.prepareStatement(sql);
        statements.put(sql, ps);
      }
      return reusable(ps);
    }
    return invoke(raw, m, args);
  }

  private static PreparedStatement reusable(PreparedStatement ps) {
    InvocationHandler h = (self, m, args) -> {
      if (m.getName().equals("close") && (args == null || args.length == 0)) {
        ps.clearParameters();
        return null;
      }
      return invoke(ps, m, args);
    };
    return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
        new Class<?>[] {PreparedStatement.class}, h);
  }

  private static Object invoke(Object target, Method m, Object[] args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
