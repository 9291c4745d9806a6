package cc.microsolidarity.tributary.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Keeps prepared statements alive across uses. Compiling SQL costs SQLite more than running a
 * small insert, and storing one item runs several statements, so re-preparing them for every
 * item was most of the cost of a cold ingest. Callers keep writing plain JDBC with
 * try-with-resources: the connection handed out is a proxy whose {@code prepareStatement(sql)}
 * returns the cached statement, and whose statements' {@code close()} only clears parameters.
 *
 * <p>Each statement's proxy is made once, and the methods the proxies forward to are made
 * accessible once: {@code Method.invoke} on a method that is not walks the stack to find its
 * caller, and without the JIT's second tier that walk was a visible part of storing.
 *
 * <p>Not thread-safe on its own: {@link Database} gives the connection to one thread at a time.
 */
final class StatementCache {
  private final Connection raw;
  private final Map<String, Cached> statements = new HashMap<>();
  private final Set<Method> accessible = new HashSet<>();
  private final Connection proxy;

  /** A prepared statement and the proxy callers get for it. */
  private record Cached(PreparedStatement statement, PreparedStatement proxy) {}

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
    for (Cached c : statements.values()) {
      try {
        c.statement().close();
      } catch (SQLException ignored) {
        // closing anyway
      }
    }
    statements.clear();
  }

  private Object onConnection(Object self, Method m, Object[] args) throws Throwable {
    if (m.getName().equals("prepareStatement") && args != null && args.length == 1) {
      String sql = (String) args[0];
      Cached c = statements.get(sql);
      if (c == null || c.statement().isClosed()) {
        PreparedStatement ps = raw.prepareStatement(sql);
        c = new Cached(ps, reusable(ps));
        statements.put(sql, c);
      }
      return c.proxy();
    }
    return invoke(raw, m, args);
  }

  private PreparedStatement reusable(PreparedStatement ps) {
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

  private Object invoke(Object target, Method m, Object[] args) throws Throwable {
    if (accessible.add(m)) {
      m.setAccessible(true); // public methods of java.sql's interfaces: always allowed
    }
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
