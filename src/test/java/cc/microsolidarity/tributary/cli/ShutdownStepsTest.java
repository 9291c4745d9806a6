package cc.microsolidarity.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import cc.microsolidarity.tributary.testing.LogLines;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
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
  void aBoundedStepThatNeverEndsIsLeftBehindAndTheRestStillRun() {
    // Jetty's stop waited for ever on a selector thread that had died of OutOfMemoryError.
    List<String> ran = new CopyOnWriteArrayList<>();
    CountDownLatch never = new CountDownLatch(1);
    try (LogLines log = LogLines.of("tributary.test.shutdown")) {
      boolean clean = assertTimeoutPreemptively(
          Duration.ofSeconds(10), () -> new ShutdownSteps(
              LoggerFactory.getLogger("tributary.test.shutdown"))
              .thenWithin("stopping the HTTP server", Duration.ofSeconds(1), () -> {
                ran.add("http");
                try {
                  never.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              })
              .thenWithin("a quick one", Duration.ofSeconds(1), () -> ran.add("quick"))
              .thenWithin("a failing one", Duration.ofSeconds(1), () -> {
                throw new IllegalStateException("broken");
              })
              .then("closing the database", () -> ran.add("database"))
              .run());

      assertThat(clean).isFalse();
      assertThat(ran).containsExactly("http", "quick", "database");
      assertThat(log.lines()).containsExactly(
          "ERROR stopping: stopping the HTTP server did not finish within 1 s; going on"
              + " without it",
          "ERROR stopping: a failing one failed: java.lang.IllegalStateException: broken");
    } finally {
      never.countDown();
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
