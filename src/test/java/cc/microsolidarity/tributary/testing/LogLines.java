package cc.microsolidarity.tributary.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Records what one logger writes while open, as the operator would read each message. */
public final class LogLines implements AutoCloseable {
  private final Logger logger;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private LogLines(Logger logger) {
    this.logger = logger;
    appender.start();
    logger.addAppender(appender);
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
    logger.detachAppender(appender);
    appender.stop();
  }
}
