package cc.microsolidarity.tributary.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Records what one logger writes while open, from INFO up as the shipped logging shows it (the
 * tests' own configuration shows WARN), and keeps it off the console meanwhile.
 */
public final class LogLines implements AutoCloseable {
  private final Logger logger;
  private final Level level;
  private final boolean additive;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private LogLines(Logger logger) {
    this.logger = logger;
    this.level = logger.getLevel();
    this.additive = logger.isAdditive();
    appender.start();
    logger.addAppender(appender);
    logger.setLevel(Level.INFO);
    logger.setAdditive(false);
  }

  public static LogLines of(String loggerName) {
    return new LogLines((Logger) LoggerFactory.getLogger(loggerName));
  }

  public static LogLines of(Class<?> type) {
    return of(type.getName());
  }

  /** Each event's level and formatted message, as "WARN message". */
  public List<String> lines() {
    List<ILoggingEvent> events;
    synchronized (appender) { // the lock doAppend holds while it adds
      events = List.copyOf(appender.list);
    }
    return events.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
  }

  @Override
  public void close() {
    logger.setAdditive(additive);
    logger.setLevel(level);
    logger.detachAppender(appender);
    appender.stop();
  }
}
