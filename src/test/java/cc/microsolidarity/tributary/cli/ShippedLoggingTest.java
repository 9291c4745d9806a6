package cc.microsolidarity.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.status.Status;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShippedLoggingTest {
  private static final ClassLoader LOADER = ShippedLoggingTest.class.getClassLoader();

  @TempDir Path dir;

  @Test
  void setsUpWhatLogbackMakesOfTheShippedFile() throws Exception {
    LoggerContext fromXml = new LoggerContext();
    JoranConfigurator joran = new JoranConfigurator();
    joran.setContext(fromXml);
    joran.doConfigure(shippedFile());
    LoggerContext fromCode = new LoggerContext();
    ShippedLogging.apply(fromCode);

    assertThat(levels(fromCode)).isEqualTo(levels(fromXml)).isNotEmpty();
    assertThat(additivity(fromCode)).isEqualTo(additivity(fromXml));
    List<Appender<ILoggingEvent>> xmlAppenders = rootAppenders(fromXml);
    List<Appender<ILoggingEvent>> codeAppenders = rootAppenders(fromCode);
    assertThat(codeAppenders).hasSameSizeAs(xmlAppenders).hasSize(1);
    ConsoleAppender<ILoggingEvent> xml = (ConsoleAppender<ILoggingEvent>) xmlAppenders.get(0);
    ConsoleAppender<ILoggingEvent> code = (ConsoleAppender<ILoggingEvent>) codeAppenders.get(0);
    assertThat(code.getClass()).isEqualTo(xml.getClass());
    assertThat(code.getName()).isEqualTo(xml.getName());
    assertThat(code.getTarget()).isEqualTo(xml.getTarget());
    assertThat(code.isStarted()).isTrue().isEqualTo(xml.isStarted());
    assertThat(code.isImmediateFlush()).isEqualTo(xml.isImmediateFlush());
    PatternLayoutEncoder xmlEncoder = (PatternLayoutEncoder) xml.getEncoder();
    PatternLayoutEncoder codeEncoder = (PatternLayoutEncoder) code.getEncoder();
    assertThat(codeEncoder.getPattern()).isEqualTo(xmlEncoder.getPattern());
    assertThat(codeEncoder.getCharset()).isEqualTo(xmlEncoder.getCharset());

    // The same event comes out as the same bytes.
    for (LoggerContext context : List.of(fromXml, fromCode)) {
      assertThat(context.getStatusManager().getCopyOfStatusList())
          .noneMatch(s -> s.getLevel() >= Status.WARN);
    }
    String line = new String(codeEncoder.encode(event(fromCode)), StandardCharsets.UTF_8);
    String xmlLine = new String(xmlEncoder.encode(event(fromXml)), StandardCharsets.UTF_8);
    assertThat(line).isEqualTo(xmlLine).isEqualTo("2026-12-07T15:04:05.678Z INFO  tributary.poll"
        + " - blog-00001 304 not modified, 3 ms" + System.lineSeparator());
  }

  @Test
  void theProjectFoldersFileIsTheShippedOne() throws Exception {
    // Run from the project folder, Main points logback at config/logback.xml.
    assertThat(Files.readAllBytes(Path.of("config", "logback.xml")))
        .isEqualTo(Files.readAllBytes(Path.of(shippedFile().toURI())));
    assertThat(ShippedLogging.readsShippedFile("config/logback.xml", LOADER)).isTrue();
  }

  @Test
  void takesACopyOfTheShippedFileByteForByte() throws Exception {
    Path copy = dir.resolve("logback.xml");
    Files.write(copy, Files.readAllBytes(Path.of(shippedFile().toURI())));
    assertThat(ShippedLogging.readsShippedFile(copy.toString(), LOADER)).isTrue();
  }

  @Test
  void leavesAnyOtherFileToLogback() throws Exception {
    String shipped = Files.readString(Path.of(shippedFile().toURI()));
    Path edited = dir.resolve("edited.xml");
    Files.writeString(edited, shipped.replace("name=\"tributary\" level=\"INFO\"",
        "name=\"tributary\" level=\"DEBUG\""));
    assertThat(Files.readString(edited)).isNotEqualTo(shipped);
    Path trailingSpace = dir.resolve("space.xml");
    Files.writeString(trailingSpace, shipped + " ");

    assertThat(ShippedLogging.readsShippedFile(edited.toString(), LOADER)).isFalse();
    assertThat(ShippedLogging.readsShippedFile(trailingSpace.toString(), LOADER)).isFalse();
    assertThat(ShippedLogging.readsShippedFile(dir.resolve("missing.xml").toString(), LOADER))
        .isFalse();
    assertThat(ShippedLogging.readsShippedFile(dir.toString(), LOADER)).isFalse();
    assertThat(ShippedLogging.readsShippedFile(shippedFile().toString(), LOADER))
        .as("a URL, which logback reads but this does not").isFalse();
  }

  @Test
  void aNameOnTheClassPathIsTheResourceThereNotAFileOfThatName() throws Exception {
    // logback looks a name up on the class path before the file system.
    assertThat(ShippedLogging.readsShippedFile(ShippedLogging.SHIPPED, LOADER)).isTrue();

    Path name = Path.of("target", "shipped-logging-test.xml");
    Files.write(name, Files.readAllBytes(Path.of(shippedFile().toURI())));
    try {
      assertThat(ShippedLogging.readsShippedFile(name.toString(), LOADER)).isTrue();
      Path other = Files.createDirectories(dir.resolve("other/target"));
      Files.writeString(other.resolve(name.getFileName()), "<configuration/>");
      try (URLClassLoader shadowing =
          new URLClassLoader(new URL[] {dir.resolve("other").toUri().toURL(), classesFolder()},
              null)) {
        assertThat(ShippedLogging.readsShippedFile(name.toString(), shadowing)).isFalse();
      }
    } finally {
      Files.deleteIfExists(name);
    }
  }

  @Test
  void withNoFileNamedTakesTheShippedResourceUnlessATestFileComesFirst() throws Exception {
    URL classes = classesFolder();
    try (URLClassLoader jarAlone = new URLClassLoader(new URL[] {classes}, null)) {
      assertThat(ShippedLogging.readsShippedFile(null, jarAlone)).isTrue();
    }
    // The test classpath has a logback-test.xml, which logback would read instead.
    assertThat(LOADER.getResource(ShippedLogging.TEST_FILE)).isNotNull();
    assertThat(ShippedLogging.readsShippedFile(null, LOADER)).isFalse();

    // A logback.xml ahead of the jar on the classpath is someone else's.
    Path other = Files.createDirectories(dir.resolve("other"));
    Files.writeString(other.resolve(ShippedLogging.SHIPPED), "<configuration/>");
    try (URLClassLoader shadowed =
        new URLClassLoader(new URL[] {other.toUri().toURL(), classes}, null)) {
      assertThat(ShippedLogging.readsShippedFile(null, shadowed)).isFalse();
    }
  }

  @Test
  void logbackFindsItAsAConfigurator() {
    List<Class<?>> found = new ArrayList<>();
    ServiceLoader.load(Configurator.class, LOADER).forEach(c -> found.add(c.getClass()));
    assertThat(found).contains(ShippedLogging.class);
  }

  @Test
  void configureSaysWhetherLogbackShouldGoOn() {
    // Under the test classpath logback-test.xml comes first, so logback's own configurator
    // must run: nothing is set up here.
    LoggerContext context = new LoggerContext();
    ShippedLogging configurator = new ShippedLogging();
    configurator.setContext(context);
    assertThat(configurator.configure(context))
        .isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
    assertThat(rootAppenders(context)).isEmpty();
  }

  private static URL shippedFile() {
    URL url = LOADER.getResource(ShippedLogging.SHIPPED);
    assertThat(url).isNotNull();
    return url;
  }

  private static URL classesFolder() throws Exception {
    String self = ShippedLogging.class.getName().replace('.', '/') + ".class";
    String url = LOADER.getResource(self).toString();
    return new URL(url.substring(0, url.length() - self.length()));
  }

  private static ILoggingEvent event(LoggerContext context) {
    Logger logger = context.getLogger("tributary.poll");
    LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.INFO,
        "{} 304 not modified, {} ms", null, new Object[] {"blog-00001", 3});
    event.setInstant(Instant.parse("2026-12-07T15:04:05.678Z"));
    event.setThreadName("poll-1");
    return event;
  }

  private static Map<String, Level> levels(LoggerContext context) {
    Map<String, Level> levels = new TreeMap<>();
    for (Logger logger : context.getLoggerList()) {
      if (logger.getLevel() != null) {
        levels.put(logger.getName(), logger.getLevel());
      }
    }
    return levels;
  }

  private static Map<String, Boolean> additivity(LoggerContext context) {
    Map<String, Boolean> additivity = new TreeMap<>();
    for (Logger logger : context.getLoggerList()) {
      additivity.put(logger.getName(), logger.isAdditive());
    }
    return additivity;
  }

  private static List<Appender<ILoggingEvent>> rootAppenders(LoggerContext context) {
    List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
    Iterator<Appender<ILoggingEvent>> it =
        context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders();
    it.forEachRemaining(appenders::add);
    return appenders;
  }
}
