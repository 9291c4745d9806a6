package cc.microsolidarity.tributary.config;

import cc.microsolidarity.tributary.model.Counted;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells when tributary.yaml changes under a running daemon. Its settings are read once, at
 * start (they open the database, bind the port and size the pools), so an edit takes effect
 * only at a restart; this says so, naming what a restart would change or why it would fail,
 * rather than letting an edit (and a reload that reads only feeds.yaml) pass without a word.
 */
public final class SettingsWatcher {
  private static final Logger log = LoggerFactory.getLogger("tributary.config");

  /** Reads the settings as the daemon's start did, command-line overrides included. */
  public interface Reader {
    DaemonSettings read() throws ConfigException;
  }

  private final Path file;
  private final Reader reader;
  private FileStamp lastSeen;
  private DaemonSettings running;

  public SettingsWatcher(Path file, Reader reader) {
    this.file = file;
    this.reader = reader;
  }

  public Path file() {
    return file;
  }

  /** Reads the settings the daemon starts with; an edit from this moment on is a change. */
  public synchronized DaemonSettings readFirst() throws ConfigException {
    lastSeen = FileStamp.of(file);
    running = reader.read();
    return running;
  }

  /**
   * Looks at the file (after {@link #readFirst}); when it changed since the last look, logs
   * and returns what that means for the running daemon. Empty when it has not changed.
   */
  public synchronized Optional<String> check() {
    FileStamp now = FileStamp.of(file);
    if (now.equals(lastSeen)) {
      return Optional.empty();
    }
    lastSeen = now;
    String message;
    try {
      List<String> changes = running.changesTo(reader.read());
      if (changes.isEmpty()) {
        message = file + " changed; its settings are still the ones the daemon runs on";
        log.info(message);
        return Optional.of(message);
      }
      message = file + " changed: " + String.join(", ", changes) + ". Settings take effect at"
          + " the next start: restart the daemon (a reload reads only feeds.yaml)";
    } catch (ConfigException e) {
      message = file + " has " + Counted.of(e.problems().size(), "problem")
          + "; the daemon runs on the settings it started with, but would not start with"
          + " these:\n" + e.getMessage();
    }
    log.warn(message);
    return Optional.of(message);
  }
}
