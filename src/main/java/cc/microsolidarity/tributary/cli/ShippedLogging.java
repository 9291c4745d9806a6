package cc.microsolidarity.tributary.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Sets logging up in code when the file logback would read is the {@code logback.xml} Tributary
 * ships, byte for byte: the same appender, pattern and levels, without logback's XML
 * configurator, which loads ~480 classes and, by a profile of a warm poll, held the main thread
 * ~50 ms longer at every start. Any other file (an operator's edit, a test's
 * {@code logback-test.xml}, a URL) is left to logback's own configurators, exactly as before.
 * {@code ShippedLoggingTest} holds this code to what logback makes of the shipped file.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class ShippedLogging extends ContextAwareBase implements Configurator {
  static final String FILE_PROPERTY = "logback.configurationFile";
  static final String SHIPPED = "logback.xml";
  static final String TEST_FILE = "logback-test.xml";
  static final String PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX,UTC} %-5level %logger{20} - %msg%n";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    ClassLoader loader = ShippedLogging.class.getClassLoader();
    if (!readsShippedFile(System.getProperty(FILE_PROPERTY), loader)) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    apply(context);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /**
   * Whether logback, given this {@code logback.configurationFile} (null when unset) and class
   * loader, would read a file identical to the shipped one. When unsure, no.
   */
  static boolean readsShippedFile(String configurationFile, ClassLoader loader) {
    URL shipped = loader.getResource(SHIPPED);
    if (shipped == null || !besideThisClass(shipped, loader)) {
      return false;
    }
    try {
      if (configurationFile == null) {
        // logback looks for the test file first, then logback.xml: ours, checked above.
        return loader.getResource(TEST_FILE) == null;
      }
      // logback reads the property as a URL, then a class path resource, then a file.
      URL resource = loader.getResource(configurationFile);
      if (resource != null) {
        return resource.equals(shipped);
      }
      Path file = Path.of(configurationFile);
      if (!Files.isRegularFile(file)) {
        return false;
      }
      return Arrays.equals(Files.readAllBytes(file), read(shipped));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** The shipped configuration: what logback makes of {@code logback.xml}. */
  static void apply(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.setCharset(StandardCharsets.UTF_8);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    context.getLogger("tributary").setLevel(Level.INFO);
    context.getLogger("cc.microsolidarity.tributary").setLevel(Level.INFO);
    context.getLogger("org.quartz").setLevel(Level.WARN);
    context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
    context.getLogger("com.rometools").setLevel(Level.ERROR);
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(stderr);
  }

  /** Whether the resource comes from where this class does (the jar, or the classes folder). */
  private static boolean besideThisClass(URL resource, ClassLoader loader) {
    String self = ShippedLogging.class.getName().replace('.', '/') + ".class";
    URL own = loader.getResource(self);
    if (own == null) {
      return false;
    }
    String ownText = own.toString();
    String resourceText = resource.toString();
    return ownText.endsWith(self) && resourceText.endsWith(SHIPPED)
        && ownText.substring(0, ownText.length() - self.length())
            .equals(resourceText.substring(0, resourceText.length() - SHIPPED.length()));
  }

  private static byte[] read(URL resource) throws IOException {
    try (InputStream in = resource.openStream()) {
      return in.readAllBytes();
    }
  }
}
