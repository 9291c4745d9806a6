package cc.microsolidarity.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.testing.LogLines;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ShutdownStepsTest {
  @Test
  void everyStepRunsInOrderWhateverFailsBeforeIt() {
    List<String> ran = new ArrayList<>();
    try (LogLines log = LogLines.of("tributary.test.shutdown")) {
      boolean clean = new ShutdownSteps(LoggerFactory.getLogger("tributary.test.shutdown"))
          .then("stopping the HTTP server", () -> {
            ran.add("http");
            throw new NoClassDefFoundError("org/eclipse/jetty/server/Server$DynamicErrorHandler");
          })
          .then("finishing polls", () -> {
            ran.add("polls");
            throw new IllegalStateException("interrupted");
          })
          .then("closing the database", () -> ran.add("database"))
          .run();

      assertThat(clean).isFalse();
      assertThat(ran).containsExactly("http", "polls", "database");
      assertThat(log.lines()).containsExactly(
          "ERROR stopping: stopping the HTTP server failed: java.lang.NoClassDefFoundError:"
              + " org/eclipse/jetty/server/Server$DynamicErrorHandler",
          "ERROR stopping: finishing polls failed: java.lang.IllegalStateException: interrupted");
    }
  }

  @Test
  void whenEveryStepSucceedsTheStopIsClean() {
    List<String> ran = new ArrayList<>();
    assertThat(new ShutdownSteps(LoggerFactory.getLogger("tributary.test.shutdown"))
        .then("a", () -> ran.add("a")).then("b", () -> ran.add("b")).run()).isTrue();
    assertThat(ran).containsExactly("a", "b");
  }
}
