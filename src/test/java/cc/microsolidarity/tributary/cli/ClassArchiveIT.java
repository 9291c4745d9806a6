package cc.microsolidarity.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.testing.SyntheticFarm;
import cc.microsolidarity.tributary.testing.TributaryProcess;
import cc.microsolidarity.tributary.testing.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mvn package} leaves a class-data-sharing archive beside the jar (ClassArchiveTraining),
 * and a daemon or a {@code poll} started with it takes the classes of its start and of its
 * first request or pass from the archive, not from the jar: the README's run command and the
 * systemd unit rely on that for the time to the first served byte, the benchmark for a poll's.
 */
class ClassArchiveIT {
  private static final Path ARCHIVE = TributaryProcess.jar().resolveSibling("tributary.jsa");

  @TempDir Path dir;

  @Test
  void theBuildLeavesAnArchiveBesideTheJar() throws Exception {
    assertThat(ARCHIVE).isRegularFile();
    assertThat(Files.size(ARCHIVE)).isGreaterThan(1_000_000);
  }

  @Test
  void aDaemonStartedWithTheArchiveLoadsItsStartAndFirstRequestFromIt() throws Exception {
    OkHttpClient http = new OkHttpClient();
    try (SyntheticFarm farm = new SyntheticFarm(5)) {
      new Workspace(dir).settings("").feeds(Workspace.farmSources(farm, 2), 10);
      try (TributaryProcess daemon = TributaryProcess.run(dir, "96m",
          List.of("-XX:SharedArchiveFile=" + ARCHIVE, "-Xlog:class+load=info"))) {
        daemon.awaitServing(http, Duration.ofSeconds(30));
        String log = daemon.log();
        assertThat(log).doesNotContain("Unable to use shared archive");
        for (String cls : List.of("cc.microsolidarity.tributary.cli.Daemon",
            "cc.microsolidarity.tributary.config.FeedsConfigLoader",
            "org.eclipse.jetty.server.Server",
            "cc.microsolidarity.tributary.http.FeedHandler",
            "org.yaml.snakeyaml.parser.ParserImpl",
            // compiled for Java 5: only a static archive holds it on Java 17
            "picocli.CommandLine")) {
          assertThat(log).contains(cls + " source: shared objects file");
        }
        assertThat(daemon.terminate(Duration.ofSeconds(20))).isZero();
      }
    }
  }

  @Test
  void aPollStartedWithTheArchiveLoadsItsOneShotPathFromIt() throws Exception {
    try (SyntheticFarm farm = new SyntheticFarm(5)) {
      new Workspace(dir).settings("").feeds(Workspace.farmSources(farm, 2), 10);
      TributaryProcess.Exit poll = TributaryProcess.exec(dir, Duration.ofSeconds(60),
          List.of("-XX:SharedArchiveFile=" + ARCHIVE, "-Xlog:class+load=info"), "poll");
      assertThat(poll.code()).as(poll.output()).isZero();
      assertThat(poll.output()).doesNotContain("Unable to use shared archive");
      for (String cls : List.of("cc.microsolidarity.tributary.cli.PollCommand",
          "cc.microsolidarity.tributary.poll.PollPass",
          "cc.microsolidarity.tributary.publish.OutputBuilder",
          "picocli.CommandLine")) {
        assertThat(poll.output()).contains(cls + " source: shared objects file");
      }
    }
  }
}
