package cc.microsolidarity.tributary.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** A database as an older version left it, for tests of upgrades. */
public final class OldSchema {
  private OldSchema() {}

  /**
   * Runs the first migrations, named in order, as the runner does (a statement ends at a ';'
   * that ends a line), and records their count as the schema version.
   */
  public static void write(Statement s, List<String> scripts) throws IOException, SQLException {
    for (String script : scripts) {
      String text;
      try (InputStream in = OldSchema.class.getResourceAsStream("/db/" + script)) {
        if (in == null) {
          throw new IllegalArgumentException("no migration " + script);
        }
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      for (String statement : text.split(";\\s*(\\r?\\n|$)")) {
        if (!statement.isBlank()) {
          s.execute(statement);
        }
      }
    }
    s.execute("PRAGMA user_version = " + scripts.size());
  }
}
