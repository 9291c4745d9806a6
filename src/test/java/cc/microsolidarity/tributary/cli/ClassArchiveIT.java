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
 * and a daemon started with it takes the classes of its start and of its first request from
 * the archive, not from the jar: the README's run command and the systemd unit rely on that
 * for the time to the first served byte.
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
            "org.yaml.snakeyaml.parser.ParserImpl")) {
          assertThat(log).contains(cls + " source: shared objects file");
        }
        assertThat(daemon.terminate(Duration.ofSeconds(20))).isZero();
      }
    }
  }
}
